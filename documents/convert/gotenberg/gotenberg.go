// Package gotenberg is the [convert.Converter] that sends documents to a
// Gotenberg 8 service (VANTHU_GOTENBERG_URL), which converts them with the
// LibreOffice of its container. It posts the DOCX to
// /forms/libreoffice/convert with pdfa=PDF/A-2b and returns the PDF.
//
// The service's own limits apply (its --api-timeout and LibreOffice restart
// settings); this driver adds a concurrency limit of its own so that vanthu
// never queues more requests than the service is sized for, and a timeout.
package gotenberg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"vanthu/documents/convert"
)

// Options configures [Open].
type Options struct {
	// URL is the service's base URL, such as http://gotenberg:3000.
	URL string
	// Workers is the number of conversions sent at once; default 2.
	Workers int
	// Timeout bounds one conversion; default 60s.
	Timeout time.Duration
	// Client sends the requests; default: a client without its own timeout
	// (Timeout applies).
	Client *http.Client
}

// Converter is the Gotenberg driver. It is safe for concurrent use.
type Converter struct {
	opts  Options
	base  *url.URL
	slots chan struct{}
}

var _ convert.Converter = (*Converter)(nil)

// maxPDF bounds the answer read from the service.
const maxPDF = 256 << 20

// Open checks the URL and that the service answers its health check.
func Open(ctx context.Context, opts Options) (*Converter, error) {
	u, err := url.Parse(strings.TrimRight(opts.URL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gotenberg: VANTHU_GOTENBERG_URL must be an http(s) URL such as http://gotenberg:3000, got %q", opts.URL)
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.Client == nil {
		opts.Client = &http.Client{}
	}
	c := &Converter{opts: opts, base: u, slots: make(chan struct{}, opts.Workers)}
	if err := c.health(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Converter) health(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base.JoinPath("health").String(), nil)
	if err != nil {
		return fmt.Errorf("gotenberg: %w", err)
	}
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: Gotenberg at %s: %w", convert.ErrUnavailable, c.base.Redacted(), err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: Gotenberg at %s: health check answered %s", convert.ErrUnavailable, c.base.Redacted(), resp.Status)
	}
	return nil
}

// ConvertDOCX converts docx to PDF/A-2b on the service.
func (c *Converter) ConvertDOCX(ctx context.Context, docx []byte) ([]byte, error) {
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("gotenberg: wait for a free converter: %w", ctx.Err())
	}
	body, ctype, err := form(docx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.JoinPath("forms", "libreoffice", "convert").String(), body)
	if err != nil {
		return nil, fmt.Errorf("gotenberg: %w", err)
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := c.opts.Client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil && errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w: Gotenberg after %s: %w", convert.ErrTimeout, c.opts.Timeout, err)
		}
		return nil, fmt.Errorf("%w: Gotenberg at %s: %w", convert.ErrUnavailable, c.base.Redacted(), err)
	}
	defer resp.Body.Close()
	pdf, err := io.ReadAll(io.LimitReader(resp.Body, maxPDF+1))
	if err != nil {
		return nil, fmt.Errorf("%w: read the answer of Gotenberg: %w", convert.ErrUnavailable, err)
	}
	switch {
	case resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode == http.StatusTooManyRequests:
		return nil, fmt.Errorf("%w: Gotenberg answered %s: %s", convert.ErrUnavailable, resp.Status, snippet(pdf))
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%w: Gotenberg answered %s: %s", convert.ErrConversion, resp.Status, snippet(pdf))
	case len(pdf) > maxPDF:
		return nil, fmt.Errorf("%w: the PDF is larger than %d bytes", convert.ErrConversion, maxPDF)
	case !bytes.HasPrefix(pdf, []byte("%PDF-")):
		return nil, fmt.Errorf("%w: Gotenberg's answer is not a PDF", convert.ErrConversion)
	}
	return pdf, nil
}

// form encodes the multipart request: the file and the PDF/A-2b option.
func form(docx []byte) (io.Reader, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("files", "document.docx")
	if err != nil {
		return nil, "", fmt.Errorf("gotenberg: %w", err)
	}
	fw.Write(docx)
	mw.WriteField("pdfa", "PDF/A-2b")
	if err := mw.Close(); err != nil {
		return nil, "", fmt.Errorf("gotenberg: %w", err)
	}
	return &buf, mw.FormDataContentType(), nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// Close releases nothing: the service runs on its own.
func (c *Converter) Close() error { return nil }
