// Package docxtest builds, reads and edits DOCX packages in tests: a
// minimal Word file, one part as text, the visible text of a part, a
// package with one part rewritten. The functions returning an error may run on any goroutine;
// those taking a testing.TB only on the test's own.
package docxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
)

// Part returns one part of a package, failing the test when it cannot be
// read.
func Part(t testing.TB, pkg []byte, name string) string {
	t.Helper()
	part, err := ReadPart(pkg, name)
	if err != nil {
		t.Fatal(err)
	}
	return part
}

// ReadPart returns one part of a package.
func ReadPart(pkg []byte, name string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return "", fmt.Errorf("output is not a zip: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return string(b), nil
	}
	return "", fmt.Errorf("part %s missing", name)
}

// Text returns the w:t contents of a part, a line per paragraph, "\n" for
// w:br; the error is the XML decoder's when the part is not well-formed.
func Text(part string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(part))
	var b strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "t":
				inText = true
			case "br":
				b.WriteString("\n")
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				b.Write(x)
			}
		}
	}
	return b.String(), nil
}

// EditPart returns pkg with the part name rewritten by fn, the other parts
// copied as they are.
func EditPart(t testing.TB, pkg []byte, name string, fn func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name != name {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, fn(Part(t, pkg, name))); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Package returns a minimal Word file whose w:body holds body, with the
// content types and the root relationships it needs; extra adds or
// replaces parts. The parts are written in name order.
func Package(t testing.TB, body string, extra map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`,
	}
	maps.Copy(parts, extra)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TextDOCX returns a minimal Word file holding text, a paragraph per line.
func TextDOCX(t testing.TB, text string) []byte {
	t.Helper()
	return Package(t, textBody(text), nil)
}

// textBody is body XML holding text, a paragraph per line.
func textBody(text string) string {
	var body strings.Builder
	for _, line := range strings.Split(text, "\n") {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">`)
		_ = xml.EscapeText(&body, []byte(line)) // a strings.Builder does not fail
		body.WriteString(`</w:t></w:r></w:p>`)
	}
	return body.String()
}
