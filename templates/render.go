package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// Render fills the template from v and returns the new DOCX.
//
// Collections are expanded in the raw XML of word/document.xml (see the
// package documentation for the conventions); every placeholder left must
// have a value. Values are sanitised (invalid UTF-8, forbidden control
// characters, CR/CRLF line ends) and normalised to NFC; "\n" becomes a line
// break. A value is written literally even if it contains "{x}".
//
// Every error wraps ErrRender and no partial output is returned. More
// placeholders (or repeated blocks) than the manifest's max_placeholders
// (default DefaultMaxPlaceholders) also wraps ErrTooLarge.
func (t *Template) Render(v Values) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: template %q: unexpected failure: %v", ErrRender, t.manifest.Name, r)
		}
	}()
	out, err = t.render(v)
	if err != nil {
		return nil, fmt.Errorf("%w: template %q: %w", ErrRender, t.manifest.Name, err)
	}
	return out, nil
}

// render expands and fills every part, then writes and checks the package.
func (t *Template) render(v Values) ([]byte, error) {
	if v == nil {
		v = Values{}
	}
	budget := t.max
	parts := make([][]byte, len(t.parts))
	for i, p := range t.parts {
		e := newExpander(p, v, budget)
		e.run()
		if e.err != nil {
			return nil, e.err
		}
		budget -= e.count
		if err := checkWellFormed(e.out); err != nil {
			return nil, fmt.Errorf("output part %s is not well-formed XML: %w", p.name, err)
		}
		parts[i] = e.out
	}
	out, err := t.writePackage(parts)
	if err != nil {
		return nil, fmt.Errorf("write the document: %w", err)
	}
	if err := validatePackage(out, t.rewritten, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// rewritten reports the parts Render writes anew; the others are copied
// byte for byte from the normalised template, whose XML Parse validated.
func (t *Template) rewritten(name string) bool {
	_, ok := t.partIdx[name]
	return ok
}

// writePackage assembles the output: the rewritten parts (in the order of
// t.parts) written anew, every other entry copied raw (still compressed)
// from the template.
func (t *Template) writePackage(parts [][]byte) ([]byte, error) {
	size := len(t.docx)
	for _, p := range parts {
		size += len(p)
	}
	var buf bytes.Buffer
	buf.Grow(size)
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	for _, f := range t.zr.File {
		pi, ok := t.partIdx[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		method := zip.Deflate
		if len(parts[pi]) <= storeLimit {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(parts[pi]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// storeLimit is the size up to which a rewritten part is stored
// uncompressed. Deflating a notice's document.xml and inflating it again to
// check the output took 40% of a render; stored, the file grows by about
// 20 KB. Larger parts (long tables) are deflated.
const storeLimit = 64 << 10

// Deflate writers are reused: allocating one costs more than compressing a
// typical document.xml.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

type pooledDeflater struct{ *flate.Writer }

func (p pooledDeflater) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}

func newDeflater(w io.Writer) (io.WriteCloser, error) {
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(w)
	return pooledDeflater{fw}, nil
}
