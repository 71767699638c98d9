package templates

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	docx "github.com/lukasjarosch/go-docx"
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
	out, err = t.render(v, false)
	if err != nil {
		return nil, fmt.Errorf("%w: template %q: %w", ErrRender, t.manifest.Name, err)
	}
	return out, nil
}

// render expands every part and fills it. In reference mode (full) go-docx
// fills the whole expanded package with one flat map, exactly the pipeline
// of the expand-then-fill pipeline; otherwise collection fields are filled while
// expanding and go-docx fills the scalars in a compact package.
// Both give byte-identical part content.
func (t *Template) render(v Values, full bool) ([]byte, error) {
	if v == nil {
		v = Values{}
	}
	scal := map[string]string{}
	var flat map[string]any
	if full {
		flat = map[string]any{}
	}
	budget := t.max
	exps := make([]*expander, len(t.parts))
	for i, p := range t.parts {
		e := newExpander(p, v, budget, full, scal, flat)
		e.run()
		if e.err != nil {
			return nil, e.err
		}
		budget -= e.count
		exps[i] = e
	}
	if full {
		return t.fillAll(exps, flat)
	}
	filled, err := fillScalars(scal)
	if err != nil {
		return nil, err
	}
	parts := make([][]byte, len(exps))
	for i, e := range exps {
		if parts[i], err = e.fill(filled); err != nil {
			return nil, err
		}
		if err := checkWellFormed(parts[i]); err != nil {
			return nil, fmt.Errorf("output part %s is not well-formed XML: %w", e.part.name, err)
		}
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

// fillAll is the reference pipeline: one go-docx OpenBytes, ReplaceAll and
// Write over the whole expanded package. Tests compare Render with it; it
// does not guard braces in values (see braceGuard).
func (t *Template) fillAll(exps []*expander, flat map[string]any) ([]byte, error) {
	parts := make([][]byte, len(exps))
	for i, e := range exps {
		parts[i] = e.out
	}
	pkg, err := t.writePackage(parts)
	if err != nil {
		return nil, fmt.Errorf("write the expanded document: %w", err)
	}
	out, err := goDocxFill(pkg, docx.PlaceholderMap(flat))
	if err != nil {
		return nil, err
	}
	if err := validatePackage(out, isFillPart, wellFormed); err != nil {
		return nil, err
	}
	return out, nil
}

// The compact package go-docx fills: one run per distinct scalar.
// go-docx turns a placeholder held whole in one w:t into its escaped value
// (with "\n" as a line break) whatever surrounds it, so its output for a
// key is exactly what it would write in the real document; its cost grows
// with the square of the distinct placeholders and with the size of the
// parts it parses, which here stay small.
// Its tags are as short as possible: go-docx matches a regular expression
// against every run's tags once per key.
const (
	compactHead  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>`
	compactOpen  = `<w:r><w:t>`
	compactClose = `</w:t></w:r>`
	compactTail  = `</w:p></w:body></w:document>`
)

// maxGoDocxKeys bounds the distinct placeholders of one go-docx pass. Its
// cost is about 120 µs plus 0.85 µs times the square of the keys (on a
// 2.3 GHz Xeon), all under goDocxMu: 300 scalars in one pass take 68 ms,
// in passes of 24 about 8 ms. Templates with up to 24 scalars (a notice has
// 7) need a single pass.
const maxGoDocxKeys = 24

// fillScalars has go-docx fill the scalar values and returns, per key, the
// XML text to put where the placeholder was.
func fillScalars(scal map[string]string) (map[string][]byte, error) {
	if len(scal) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(scal))
	for k := range scal {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	res := make(map[string][]byte, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), maxGoDocxKeys)
		if err := fillCompact(scal, keys[:n], res); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return res, nil
}

// fillCompact runs one go-docx pass over the compact package of keys.
func fillCompact(scal map[string]string, keys []string, res map[string][]byte) error {
	var doc bytes.Buffer
	doc.WriteString(compactHead)
	values := make(docx.PlaceholderMap, len(keys))
	for _, k := range keys {
		doc.WriteString(compactOpen)
		doc.WriteString("{" + k + "}")
		doc.WriteString(compactClose)
		values[k] = braceGuard.Replace(sanitize(scal[k]))
	}
	doc.WriteString(compactTail)

	var pkg bytes.Buffer
	zw := zip.NewWriter(&pkg)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: docx.DocumentXml, Method: zip.Store})
	if err != nil {
		return err
	}
	if _, err := w.Write(doc.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	out, err := goDocxFill(pkg.Bytes(), values)
	if err != nil {
		return err
	}
	zr, err := openZip(out)
	if err != nil {
		return fmt.Errorf("go-docx output: %w", err)
	}
	var filled []byte
	for _, f := range zr.File {
		if f.Name == docx.DocumentXml {
			if filled, err = readEntry(f, maxPartSize); err != nil {
				return fmt.Errorf("go-docx output: %w", err)
			}
		}
	}
	filled = restoreBraces(filled)
	if err := checkWellFormed(filled); err != nil {
		return fmt.Errorf("go-docx output is not well-formed XML: %w", err)
	}
	return splitCompact(filled, keys, res)
}

// go-docx replaces key after key and finds each placeholder by the text at
// its position at that moment, so a value equal to a later key's
// placeholder ("{b}" as the value of a) is replaced again. Braces in values
// travel through go-docx as the bytes 0x01 and 0x02, which sanitize removes
// from every value, and are put back afterwards.
var braceGuard = strings.NewReplacer("{", "\x01", "}", "\x02")

func restoreBraces(b []byte) []byte {
	for i, c := range b {
		switch c {
		case 1:
			b[i] = '{'
		case 2:
			b[i] = '}'
		}
	}
	return b
}

// splitCompact cuts go-docx's filled compact document into the value of
// each key. An escaped value never contains compactClose.
func splitCompact(doc []byte, keys []string, res map[string][]byte) error {
	bad := errors.New("go-docx output has an unexpected shape")
	rest, ok := bytes.CutPrefix(doc, []byte(compactHead))
	if !ok {
		return bad
	}
	for _, k := range keys {
		if rest, ok = bytes.CutPrefix(rest, []byte(compactOpen)); !ok {
			return bad
		}
		i := bytes.Index(rest, []byte(compactClose))
		if i < 0 {
			return bad
		}
		res[k] = rest[:i]
		rest = rest[i+len(compactClose):]
	}
	if string(rest) != compactTail {
		return bad
	}
	return nil
}

// fill puts go-docx's scalar values into their slots.
func (e *expander) fill(filled map[string][]byte) ([]byte, error) {
	if len(e.slots) == 0 {
		return e.out, nil
	}
	size := len(e.out)
	for _, s := range e.slots {
		size += len(filled[s.key])
	}
	out := make([]byte, 0, size)
	pos := 0
	for _, s := range e.slots {
		v, ok := filled[s.key]
		if !ok {
			return nil, fmt.Errorf("no value filled for {%s}", s.key)
		}
		out = append(out, e.out[pos:s.off]...)
		out = append(out, v...)
		pos = s.off
	}
	return append(out, e.out[pos:]...), nil
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
