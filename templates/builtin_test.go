package templates_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"vanthu/documents"
	"vanthu/documents/compose"
	"vanthu/documents/convert/converttest"
	"vanthu/documents/kind"
	"vanthu/templates"
	"vanthu/templates/docxtest"
)

// The built-in templates are Word files edited in Word or LibreOffice;
// these tests guard them. Each built-in must: have a manifest naming the
// guidance its layout follows, agree with its manifest on the placeholders
// (Parse), render its examples from templates/examples to the golden
// word/document.xml in testdata/, and keep all of that when LibreOffice
// saves it again after an edit of wording and spacing. Optional blocks get
// an example of their own (the review report's annex).
//
// After an intended change of a template, check the rendered example in an
// office suite, then rewrite the golden files with
//
//	go test ./templates -run TestBuiltinFiles -update

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output of the built-in templates")

// builtinCases lists every built-in template; its example request is
// examples/<name>.json.
var builtinCases = []struct {
	name      string
	firstPage []string // substrings of page 1 of the rendered PDF, in reading order
}{
	{"thong-bao-ket-luan", []string{"TỈNH ỦY HÒA BÌNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 167-TB/TU", "Hòa Bình, ngày 20 tháng 6 năm 2019", "THÔNG BÁO", "-----", "I- Đánh giá chung"}},
	{"bao-cao-danh-gia-xep-loai", []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Số 412-BC/TU", "BÁO CÁO", "-----"}},
}

// blockCases are further examples of a built-in template, for blocks its
// main example leaves out: examples/<example>.json renders to
// testdata/<example>.golden. afterSignature lists substrings, in reading
// order, of the pages after the one with the signer's name; runs of
// spaces count as one, since table cells wrap.
var blockCases = []struct {
	name, example  string
	afterSignature []string
}{
	{"bao-cao-danh-gia-xep-loai", "bao-cao-danh-gia-xep-loai-phu-luc", []string{
		"PHỤ LỤC", "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2023",
		"1. Chi bộ trực thuộc đảng ủy cơ sở", "Đảng ủy xã Vạn Mai", "Cộng 37 36",
		"2. Đảng viên", "Đảng ủy xã Vạn Mai", "Cộng 985 952"}},
}

// TestBuiltinFiles checks every file of builtin/ and compares the rendered
// examples with testdata/<name>.golden.
func TestBuiltinFiles(t *testing.T) {
	entries, err := os.ReadDir("builtin")
	if err != nil {
		t.Fatal(err)
	}
	var files, cases []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".docx"); ok {
			files = append(files, n)
		}
	}
	for _, tc := range builtinCases {
		cases = append(cases, tc.name)
	}
	slices.Sort(cases)
	if !slices.Equal(files, cases) {
		t.Fatalf("builtin/ holds %v but the tests know %v: add the new template to builtinCases and an example to examples/", files, cases)
	}
	examples := map[string]string{} // example → template
	for _, tc := range builtinCases {
		examples[tc.name] = tc.name
	}
	for _, bc := range blockCases {
		examples[bc.example] = bc.name
	}
	for example, name := range examples {
		t.Run(example, func(t *testing.T) {
			out := checkBuiltin(t, os.DirFS("builtin"), name, example)
			if out == nil {
				return
			}
			got := goldenForm(docxtest.Part(t, out, "word/document.xml"))
			golden := filepath.Join("testdata", example+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (create it with -update)", err)
			}
			if got != string(want) {
				t.Errorf("word/document.xml of the rendered example differs from %s at %s;\nif the template was changed on purpose, check the output and run go test ./templates -run TestBuiltinFiles -update",
					golden, firstDifference(got, string(want)))
			}
		})
	}
}

// goldenForm is the form of word/document.xml kept in testdata: a line
// break after every paragraph and table row, so that a change of the
// template shows as a readable diff.
func goldenForm(doc string) string {
	return strings.NewReplacer("</w:p>", "</w:p>\n", "</w:tr>", "</w:tr>\n").Replace(doc)
}

// checkBuiltin runs the guards on the template name of fsys (name.docx
// and name.json) and returns examples/<example>.json rendered through the
// documents service, or nil after reporting an error.
func checkBuiltin(t *testing.T, fsys fs.FS, name, example string) []byte {
	t.Helper()
	raw, err := fs.ReadFile(fsys, name+".json")
	if err != nil {
		t.Error(err)
		return nil
	}
	var m templates.Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Errorf("manifest %s.json: %v", name, err)
		return nil
	}
	if m.Standard == "" {
		t.Errorf("manifest %s.json: \"standard\" must name the guidance the layout follows, e.g. \"36-HD/VPTW\"", name)
	}
	docx, err := fs.ReadFile(fsys, name+".docx")
	if err != nil {
		t.Error(err)
		return nil
	}
	// Parse lints the file and requires its placeholders and the
	// manifest's list to be the same set.
	if _, err := templates.Parse(docx, m); err != nil {
		t.Errorf("%s.docx: %v", name, err)
		return nil
	}
	reg, err := templates.NewRegistryFS(fsys, ".")
	if err != nil {
		t.Error(err)
		return nil
	}
	req := exampleRequest(t, example)
	if req.Template != name {
		t.Errorf("examples/%s.json is for template %q, not %s", example, req.Template, name)
		return nil
	}
	_, out, err := compose.NewRenderer(reg, kind.Rules{}).Render(req.Template, req.Data)
	if err != nil {
		t.Errorf("render examples/%s.json: %v", example, err)
		return nil
	}
	if text := strings.Join(visibleLines(t, docxtest.Part(t, out, "word/document.xml")), "\n"); strings.ContainsAny(text, "{}") {
		t.Errorf("a placeholder or brace is left in the rendered example:\n%s", text)
	}
	return out
}

func exampleRequest(t *testing.T, name string) documents.CreateRequest {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var req documents.CreateRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatalf("examples/%s.json: %v", name, err)
	}
	return req
}

// edit is a change a clerk makes in Word or LibreOffice.
type edit struct{ old, new string }

// resaveEdits change wording and spacing only: what the guards must
// survive.
var resaveEdits = []edit{
	{">Nơi nhận:<", ">Nơi nhận văn bản:<"}, // wording
	{`w:before="240"`, `w:before="300"`},   // spacing before a paragraph
}

// TestLibreOfficeResave is the edit story of the built-in templates: a
// template is changed in wording and spacing, one placeholder is typed in
// two runs of different formatting (as Word and LibreOffice leave it when
// part of it is retyped), and LibreOffice saves the file again as .docx.
// The guards still pass on the saved file, the example renders to the same
// text with the new wording, and LibreOffice lays it out with the
// components in place.
func TestLibreOfficeResave(t *testing.T) {
	soffice, pdftotext := converttest.OfficeTools(t)
	for _, tc := range builtinCases {
		t.Run(tc.name, func(t *testing.T) {
			before := checkBuiltin(t, os.DirFS("builtin"), tc.name, tc.name)
			if before == nil {
				return
			}
			reg, err := templates.NewRegistry()
			if err != nil {
				t.Fatal(err)
			}
			tpl, err := reg.Get(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			// The normalised file holds every placeholder whole, so the
			// edits below apply whatever runs the stored file has.
			edited := docxtest.EditPart(t, tpl.DOCX(), "word/document.xml", func(doc string) string {
				for _, e := range resaveEdits {
					if !strings.Contains(doc, e.old) {
						t.Fatalf("the edit %q no longer applies to %s; choose wording and spacing the template has", e.old, tc.name)
					}
					doc = strings.ReplaceAll(doc, e.old, e.new)
				}
				return splitPlaceholder(t, doc, "{title}", 3)
			})
			dir := t.TempDir()
			src := filepath.Join(dir, "in", tc.name+".docx")
			if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(src, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			resaved := converttest.ConvertFile(t, soffice, src, filepath.Join(dir, "out"), "docx:MS Word 2007 XML")
			doc := docxtest.Part(t, resaved, "word/document.xml")
			if strings.Contains(doc, "{title}") || !strings.Contains(doc, ">{ti<") {
				t.Fatalf("LibreOffice did not keep {title} split over two runs, so the test no longer checks joining:\n%s", excerpt(doc, "{ti"))
			}
			manifest, err := os.ReadFile(filepath.Join("builtin", tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			after := checkBuiltin(t, fstest.MapFS{tc.name + ".docx": {Data: resaved}, tc.name + ".json": {Data: manifest}}, tc.name, tc.name)
			if after == nil {
				return
			}
			want := visibleLines(t, strings.ReplaceAll(docxtest.Part(t, before, "word/document.xml"), ">Nơi nhận:<", ">Nơi nhận văn bản:<"))
			if got := visibleLines(t, docxtest.Part(t, after, "word/document.xml")); !slices.Equal(got, want) {
				t.Errorf("the re-saved template renders other text:\ngot  %q\nwant %q", got, want)
			}
			checkLayout(t, soffice, pdftotext, after, filepath.Join(dir, "pdf"), tc.name, tc.firstPage)
		})
	}
}

// TestBuiltinBlocksLayout lays out the examples of blockCases with
// LibreOffice: the block's text comes after the page holding the signer's
// name, in order, with no placeholder left.
func TestBuiltinBlocksLayout(t *testing.T) {
	soffice, pdftotext := converttest.OfficeTools(t)
	for _, bc := range blockCases {
		t.Run(bc.example, func(t *testing.T) {
			out := checkBuiltin(t, os.DirFS("builtin"), bc.name, bc.example)
			if out == nil {
				return
			}
			var req struct {
				Data struct {
					Signature struct{ Name string } `json:"signature"`
				} `json:"data"`
			}
			raw, err := os.ReadFile(filepath.Join("examples", bc.example+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &req); err != nil || req.Data.Signature.Name == "" {
				t.Fatalf("examples/%s.json has no data.signature.name: %v", bc.example, err)
			}
			dir := t.TempDir()
			src := filepath.Join(dir, bc.example+".docx")
			if err := os.WriteFile(src, out, 0o644); err != nil {
				t.Fatal(err)
			}
			pdfPath := filepath.Join(dir, bc.example+".pdf")
			if err := os.WriteFile(pdfPath, converttest.ConvertFile(t, soffice, src, dir, "pdf"), 0o644); err != nil {
				t.Fatal(err)
			}
			text := converttest.PDFText(t, pdftotext, pdfPath)
			pages := strings.Split(text, "\f")
			signed := slices.IndexFunc(pages, func(p string) bool { return strings.Contains(p, req.Data.Signature.Name) })
			if signed < 0 {
				t.Fatalf("no page holds the signer's name %q", req.Data.Signature.Name)
			}
			if strings.Contains(strings.Join(pages[:signed+1], ""), bc.afterSignature[0]) {
				t.Errorf("%q is on or before the page of the signature (page %d)", bc.afterSignature[0], signed+1)
			}
			rest := strings.Join(strings.Fields(strings.Join(pages[signed+1:], "\n")), " ")
			pos := 0
			for _, w := range bc.afterSignature {
				i := strings.Index(rest[pos:], w)
				if i < 0 {
					t.Fatalf("the pages after the signature (page %d of %d) lack %q after position %d:\n%s", signed+1, len(pages), w, pos, rest)
				}
				pos += i + len(w)
			}
			if strings.Contains(text, "{") {
				t.Errorf("a placeholder reached the PDF:\n%s", text)
			}
			t.Logf("signature on page %d, %d pages", signed+1, len(pages))
		})
	}
}

// splitPlaceholder puts the first n bytes of placeholder p (which must sit
// whole in one w:t) in a run of their own and the rest in a second run
// whose properties add a proofing language, as Word does after a retype.
func splitPlaceholder(t *testing.T, doc, p string, n int) string {
	t.Helper()
	end := strings.Index(doc, p+"</w:t>")
	if end < 0 {
		t.Fatalf("%s is not whole in one w:t of the normalised template", p)
	}
	start := strings.LastIndex(doc[:end], "<w:r>")
	runEnd := strings.Index(doc[end:], "</w:r>")
	if start < 0 || runEnd < 0 {
		t.Fatalf("no run around %s", p)
	}
	runEnd += end + len("</w:r>")
	run := doc[start:runEnd]
	rPr := ""
	if i, j := strings.Index(run, "<w:rPr>"), strings.Index(run, "</w:rPr>"); i >= 0 && j > i {
		rPr = run[i+len("<w:rPr>") : j]
	}
	first := `<w:r><w:rPr>` + rPr + `</w:rPr><w:t xml:space="preserve">` + p[:n] + `</w:t></w:r>`
	second := `<w:r><w:rPr>` + rPr + `<w:lang w:val="en-US"/></w:rPr><w:t xml:space="preserve">` + p[n:] + `</w:t></w:r>`
	return doc[:start] + first + second + doc[runEnd:]
}

// checkLayout converts docx to PDF with LibreOffice and checks page 1:
// the components in reading order, the issuer beside the Party title, no
// placeholder left.
func checkLayout(t *testing.T, soffice, pdftotext string, docx []byte, dir, name string, firstPage []string) {
	t.Helper()
	src := filepath.Join(dir, name+".docx")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := converttest.ConvertFile(t, soffice, src, dir, "pdf")
	pdfPath := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	converttest.CheckFirstPage(t, converttest.FirstPageText(t, pdftotext, pdfPath), firstPage, "ỦY")
}

// visibleLines returns the non-empty lines of text of a part: w:t
// contents, a line per paragraph and per w:br.
func visibleLines(t *testing.T, part string) []string {
	t.Helper()
	text, err := docxtest.Text(part)
	if err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// firstDifference describes where two texts start to differ.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("byte %d: got %q, want %q", i, quoteAround(a, i), quoteAround(b, i))
}

func quoteAround(s string, i int) string {
	from, to := max(0, i-40), min(len(s), i+40)
	return "…" + s[from:to] + "…"
}

func excerpt(s, near string) string {
	i := strings.Index(s, near)
	if i < 0 {
		return "(" + near + " not found)"
	}
	return quoteAround(s, i)
}
