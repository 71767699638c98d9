package templates

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"sort"
	"strings"
	"testing"
	"vanthu/templates/docxtest"
)

// Small DOCX files are built in the tests: a document.xml string (and
// optionally headers and other parts) zipped with archive/zip.

const wNamespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"`

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// document wraps body content into a word/document.xml.
func document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document ` + wNamespaces + `><w:body>` + body +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

// header wraps content into a word/headerN.xml.
func header(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:hdr ` + wNamespaces + `>` + body + `</w:hdr>`
}

// para is a paragraph with one run per text.
func para(texts ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	for _, t := range texts {
		b.WriteString(`<w:r><w:t xml:space="preserve">` + html.EscapeString(t) + `</w:t></w:r>`)
	}
	b.WriteString("</w:p>")
	return b.String()
}

// cell is a table cell holding the given paragraphs.
func cell(paras ...string) string {
	return `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>` + strings.Join(paras, "") + `</w:tc>`
}

// row is a table row of cells.
func row(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

// table is a table of rows.
func table(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>` + strings.Join(rows, "") + `</w:tbl>`
}

// zipParts builds a package from name -> content, adding the content types
// and root relationships unless given.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{"[Content_Types].xml": contentTypes, "_rels/.rels": rootRels}
	for k, v := range parts {
		all[k] = v
	}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, all[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxOf builds a package whose document.xml holds body.
func docxOf(t testing.TB, body string) []byte {
	return zipParts(t, map[string]string{"word/document.xml": document(body)})
}

func testManifest(placeholders ...string) Manifest {
	return Manifest{Name: "test-template", Title: "Test", Kind: "generic", Placeholders: placeholders}
}

// mustParse parses or fails the test.
func mustParse(t testing.TB, docx []byte, placeholders ...string) *Template {
	t.Helper()
	tpl, err := Parse(docx, testManifest(placeholders...))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return tpl
}

// checkPackage opens a rendered package, requires every XML part to be
// well-formed and returns the visible text of a part: w:t contents, a line
// per paragraph, "\n" for w:br.
func checkPackage(t testing.TB, pkg []byte, part string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	for _, f := range zr.File {
		if !isXMLPart(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if err := wellFormed(b); err != nil {
			t.Fatalf("%s is not well-formed: %v", f.Name, err)
		}
		// encoding/xml's strict decoder too, namespaces included.
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	return visibleText(t, docxtest.Part(t, pkg, part))
}

// visibleText returns the w:t contents of a part, a line per paragraph,
// failing the test when the part is not XML. Only for the test's
// goroutine: others use textOf.
func visibleText(t testing.TB, part string) string {
	t.Helper()
	text, err := docxtest.Text(part)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// documentText is the visible text of the body of a package; it may run
// on any goroutine.
func documentText(pkg []byte) (string, error) {
	part, err := docxtest.ReadPart(pkg, "word/document.xml")
	if err != nil {
		return "", err
	}
	return docxtest.Text(part)
}

// lines splits visible text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
