package pdfdoc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"vanthu/documents/convert"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// Page returns page n (from 1) of pdf as a PNG preview; a page past the
// end is a *kind.ValidationError of the field "page". Previews are kept in
// memory by the PDF's checksum.
func (p *Service) Page(ctx context.Context, pdf []byte, n int) ([]byte, error) {
	sum := sha256.Sum256(pdf)
	key := fmt.Sprintf("%s/%d", hex.EncodeToString(sum[:]), n)
	if b, ok := p.cache.get(key); ok {
		return b, nil
	}
	b, err := convert.RenderPage(ctx, pdf, n, convert.PreviewDPI)
	if errors.Is(err, convert.ErrNoPage) {
		return nil, &kind.ValidationError{Fields: []templates.FieldError{{Path: "page", Message: fmt.Sprintf("%v", err)}}}
	}
	if err != nil {
		return nil, err
	}
	p.cache.put(key, b)
	return b, nil
}

// pageCache keeps rendered previews, dropping the oldest beyond max.
type pageCache struct {
	mu    sync.Mutex
	max   int
	order []string
	pages map[string][]byte
}

func (c *pageCache) get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[k]
	return b, ok
}

func (c *pageCache) put(k string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[k]; ok {
		return
	}
	if len(c.order) >= c.max {
		delete(c.pages, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, k)
	c.pages[k] = bytes.Clone(b)
}
