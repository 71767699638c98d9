package convert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// ErrNoPage means a preview was asked for a page the PDF does not have.
var ErrNoPage = errors.New("convert: no such page")

// PreviewDPI is the resolution of page previews: an A4 page is 827 × 1170
// pixels, sharp enough to read the number and the date on a screen.
const PreviewDPI = 100

// RenderPage draws page n (from 1) of pdf as a PNG at dpi dots per inch with
// poppler's pdftoppm. The error wraps [ErrNoPage] when the PDF has fewer
// pages and [ErrUnavailable] when pdftoppm is not installed.
func RenderPage(ctx context.Context, pdf []byte, n, dpi int) ([]byte, error) {
	pages, err := PageCount(ctx, pdf)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > pages {
		return nil, fmt.Errorf("%w: page %d of a %d-page document", ErrNoPage, n, pages)
	}
	bin, path, cleanup, err := popplerInput("pdftoppm", pdf)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-r", strconv.Itoa(dpi),
		"-png", "-singlefile", path)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("convert: pdftoppm: %w: %s", err, stderr.Bytes())
	}
	return out.Bytes(), nil
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// PageCount returns the number of pages of pdf, read by poppler's pdfinfo.
func PageCount(ctx context.Context, pdf []byte) (int, error) {
	bin, path, cleanup, err := popplerInput("pdfinfo", pdf)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	out, err := exec.CommandContext(ctx, bin, path).Output()
	if err != nil {
		return 0, fmt.Errorf("convert: pdfinfo: %w", err)
	}
	m := pagesLine.FindSubmatch(out)
	if m == nil {
		return 0, errors.New("convert: pdfinfo reported no page count")
	}
	return strconv.Atoi(string(m[1]))
}

// popplerInput finds the poppler program tool and writes pdf to a
// temporary file for it; cleanup removes the file. The error wraps
// [ErrUnavailable] when the program is not installed.
func popplerInput(tool string, pdf []byte) (bin, path string, cleanup func(), err error) {
	bin, err = exec.LookPath(tool)
	if err != nil {
		return "", "", nil, fmt.Errorf("%w: %s not found; install poppler-utils", ErrUnavailable, tool)
	}
	dir, err := os.MkdirTemp("", "vanthu-pdf-")
	if err != nil {
		return "", "", nil, fmt.Errorf("convert: %w", err)
	}
	path = filepath.Join(dir, "document.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", nil, fmt.Errorf("convert: %w", err)
	}
	return bin, path, func() { os.RemoveAll(dir) }, nil
}
