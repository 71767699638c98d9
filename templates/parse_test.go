package templates

import (
	"errors"
	"strings"
	"testing"
	"vanthu/templates/docxtest"

	docx "github.com/lukasjarosch/go-docx"
)

// Placeholders split across runs the way Word writes them are joined at
// load, so each sits whole in one w:t.
func TestParseNormalisesSplitPlaceholders(t *testing.T) {
	cases := []struct {
		name string
		body string
	}{
		{"two runs with different formatting",
			`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{signature.</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>name}</w:t></w:r></w:p>`},
		{"proofErr between the fragments",
			`<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>signature.</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>name</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>}</w:t></w:r></w:p>`},
		{"run boundary at the spaces around it",
			`<w:p><w:r><w:t xml:space="preserve">Người ký: </w:t></w:r><w:r><w:t xml:space="preserve">{signature</w:t></w:r><w:r><w:t xml:space="preserve">.name} </w:t></w:r><w:r><w:t xml:space="preserve"> đã ký</w:t></w:r></w:p>`},
		{"rsid attributes on every run",
			`<w:p w:rsidR="00A1"><w:r w:rsidRPr="00B2"><w:t>{sig</w:t></w:r><w:r w:rsidRPr="00C3"><w:t>nature.na</w:t></w:r><w:r w:rsidRPr="00D4"><w:t>me}</w:t></w:r></w:p>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := mustParse(t, docxOf(t, tc.body), "signature.name")
			doc := docxtest.Part(t, tpl.DOCX(), "word/document.xml")
			if !strings.Contains(doc, ">{signature.name}<") {
				t.Errorf("placeholder not joined into one w:t:\n%s", doc)
			}
			out, err := tpl.Render(Values{"signature": Values{"name": "Nguyễn Văn A"}})
			if err != nil {
				t.Fatal(err)
			}
			text := checkPackage(t, out, "word/document.xml")
			if !strings.Contains(text, "Nguyễn Văn A") || strings.Contains(text, "{") {
				t.Errorf("visible text %q", text)
			}
		})
	}
}

// go-docx only reads the last w:t of a run; such runs are split.
func TestParseSplitsRunsWithSeveralTexts(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string
	}{
		{"soft line break between two placeholders",
			`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{a}</w:t><w:br/><w:t>{b}</w:t></w:r></w:p>`, []string{"A", "B"}},
		{"tab between text and a placeholder",
			`<w:p><w:r><w:t xml:space="preserve">Số: </w:t><w:tab/><w:t>{a}</w:t><w:tab/><w:t>{b}</w:t></w:r></w:p>`, []string{"Số: ", "A", "B"}},
		{"placeholder split inside a multi-text run",
			`<w:p><w:r><w:t>{a</w:t><w:br/><w:t>}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p>`, []string{"A", "B"}},
		// go-docx fails on the short form of an empty w:t.
		{"empty text elements",
			`<w:p><w:r><w:t/></w:r><w:r><w:t xml:space="preserve" /><w:t>{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p>`, []string{"A", "B"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := mustParse(t, docxOf(t, tc.body), "a", "b")
			out, err := tpl.Render(Values{"a": "A", "b": "B"})
			if err != nil {
				t.Fatal(err)
			}
			text := checkPackage(t, out, "word/document.xml")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("visible text %q lacks %q", text, w)
				}
			}
			if strings.Contains(text, "{") {
				t.Errorf("placeholder left: %q", text)
			}
		})
	}
	// The rPr is copied into every new run.
	tpl := mustParse(t, docxOf(t, `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{a}</w:t><w:br/><w:t>{b}</w:t></w:r></w:p>`), "a", "b")
	doc := docxtest.Part(t, tpl.DOCX(), "word/document.xml")
	if n := strings.Count(doc, "<w:b/>"); n != 2 {
		t.Errorf("want the run properties in both runs, found %d:\n%s", n, doc)
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		list   []string
		substr string
	}{
		{"double braces", para("Số {{number}}"), []string{"number"}, `double braces`},
		{"closing double braces", para("{a}}"), []string{"a"}, `double braces`},
		// The shape of go-docx #29, which panics inside OpenBytes.
		{"panic shape of go-docx #29", `<w:p><w:r><w:t>{{a</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>`, []string{"a"}, `double braces`},
		{"stray closing brace", para("Giá trị } sai"), nil, `"}" without a matching "{"`},
		{"stray opening brace", para("Giá trị { sai"), nil, `"{" is never closed`},
		{"brace split over two paragraphs", para("{a") + para("}"), []string{"a"}, `never closed`},
		{"nested braces", para("{a{b}}"), []string{"a"}, `double braces`},
		{"nested braces apart", para("{a {b} c}"), []string{"b"}, `"{" inside the placeholder`},
		{"space in the name, split at the space", `<w:p><w:r><w:t xml:space="preserve">{ho </w:t></w:r><w:r><w:t>ten}</w:t></w:r></w:p>`, nil, `spaces are not allowed`},
		{"empty placeholder", para("{}"), nil, `is empty`},
		{"index-like segment", para("{sections.0.heading}"), nil, `not a valid name`},
		{"missing from the manifest", para("{a}", "{b}", "{c}"), []string{"a"}, `does not list: {b}, {c}`},
		{"missing from the document", para("{a}"), []string{"a", "x", "y"}, `does not contain: x, y`},
		{"braces in a field code", `<w:p><w:r><w:instrText xml:space="preserve"> MERGEFIELD {a} </w:instrText></w:r></w:p>`, []string{"a"}, `braces in <w:instrText>`},
		{"marker with other text", para("Phần {#sections}") + para("{sections.heading}") + para("{/sections}"), []string{"sections.heading"}, `must be alone in its paragraph`},
		{"marker never closed", para("{#sections}") + para("{sections.heading}"), []string{"sections.heading"}, `{#sections} is never closed`},
		{"markers crossing", para("{#a}") + para("{#b}") + para("{a.x}{b.y}") + para("{/a}") + para("{/b}"), []string{"a.x", "b.y"}, `{/a} does not close a block here`},
		{"markers in different cells", table(row(cell(para("{#a}")), cell(para("{a.x}"), para("{/a}")))), []string{"a.x"}, `does not close a block`},
		{"block over a value", para("{#title}") + para("{title}") + para("{/title}"), []string{"title"}, `is also a placeholder`},
		{"comment inside text", `<w:p><w:r><w:t>{a<!-- x -->}</w:t></w:r></w:p>`, []string{"a"}, `comments and CDATA`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(docxOf(t, tc.body), testManifest(tc.list...))
			if !errors.Is(err, ErrInvalidTemplate) {
				t.Fatalf("want ErrInvalidTemplate, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("error %q does not contain %q", err, tc.substr)
			}
		})
	}
}

// The recover around go-docx turns its panic on stray braces into an
// error; lint normally stops such files before go-docx sees them.
func TestGoDocxPanicIsRecovered(t *testing.T) {
	pkg := docxOf(t, `<w:p><w:r><w:t>{{a</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>`)
	panicked := func() (p bool) {
		defer func() { p = recover() != nil }()
		goDocxMu.Lock()
		defer goDocxMu.Unlock()
		_, _ = docx.OpenBytes(pkg)
		return false
	}()
	if !panicked {
		t.Skip("this go-docx version no longer panics on the #29 shape")
	}
	if _, _, err := goDocxNormalise(pkg); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("want a recovered panic, got %v", err)
	}
}

func TestParseRejectsBadPackages(t *testing.T) {
	cases := []struct {
		name   string
		pkg    func(t *testing.T) []byte
		substr string
	}{
		{"not a zip", func(*testing.T) []byte { return []byte("hello") }, "not a DOCX file"},
		{"no document.xml", func(t *testing.T) []byte { return zipParts(t, map[string]string{"word/other.xml": "<a/>"}) }, "word/document.xml is missing"},
		{"malformed document.xml", func(t *testing.T) []byte {
			return zipParts(t, map[string]string{"word/document.xml": document(`<w:p><w:r><w:t>x</w:r></w:p>`)})
		}, "malformed XML"},
		{"malformed other part", func(t *testing.T) []byte {
			return zipParts(t, map[string]string{"word/document.xml": document(para("x")), "word/styles.xml": "<a><b></a>"})
		}, "styles.xml is not well-formed"},
		{"trailing data after the root", func(t *testing.T) []byte {
			return zipParts(t, map[string]string{"word/document.xml": document(para("x")) + "t>"})
		}, "malformed XML"},
		{"placeholder in a footnote", func(t *testing.T) []byte {
			return zipParts(t, map[string]string{"word/document.xml": document(para("x")),
				"word/footnotes.xml": header(para("{a}"))})
		}, "not filled in footnotes"},
		{"bad manifest", func(t *testing.T) []byte { return docxOf(t, para("x")) }, "manifest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := testManifest()
			if tc.name == "bad manifest" {
				m.Name = "X"
			}
			_, err := Parse(tc.pkg(t), m)
			if !errors.Is(err, ErrInvalidTemplate) || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("want ErrInvalidTemplate mentioning %q, got %v", tc.substr, err)
			}
		})
	}
}

func TestParseAcceptsBlocksInCells(t *testing.T) {
	body := table(row(cell(para("Nơi nhận:"), para("{#recipients}"), para("- {recipients.text}"), para("{/recipients}")), cell(para("{signature.name}"))))
	tpl := mustParse(t, docxOf(t, body), "recipients.text", "signature.name")
	if len(tpl.parts) != 1 || len(tpl.parts[0].blocks) != 1 {
		t.Fatalf("want one block, got %+v", tpl.parts)
	}
}

func TestManifestReturnsACopy(t *testing.T) {
	tpl := mustParse(t, docxOf(t, para("{a}")), "a")
	m := tpl.Manifest()
	m.Placeholders[0] = "changed"
	if tpl.Manifest().Placeholders[0] != "a" {
		t.Error("Manifest exposed the template's own slice")
	}
}
