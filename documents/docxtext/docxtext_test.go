package docxtext_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"vanthu/documents"
	"vanthu/documents/compose"
	"vanthu/documents/docxtext"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// TestScanTextMatchesDecoder: the fast scanner and the XML decoder read the
// same text out of rendered documents and of tricky hand-written XML.
func TestScanTextMatchesDecoder(t *testing.T) {
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	r := compose.NewRenderer(reg, kind.Rules{})
	var docs [][]byte
	for _, ex := range []string{"thong-bao-ket-luan.json", "bao-cao-danh-gia-xep-loai.json"} {
		req := exampleRequest(t, ex)
		_, docx, err := r.Render(req.Template, req.Data)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, documentXML(t, docx))
	}
	docs = append(docs,
		[]byte(`<?xml version="1.0"?><w:document `+docxtext.WordNS+`><w:body><w:p><w:r><w:t xml:space="preserve">a &amp; b &lt;c&gt; &#273;&#x110; &quot;q&quot; &apos;</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p><w:p/><w:p><w:r><w:t/></w:r></w:p><w:p><w:r><w:t>  Đảng  </w:t></w:r></w:p></w:body></w:document>`),
	)
	for i, x := range docs {
		fast, ok := docxtext.ScanText(x)
		if !ok {
			t.Fatalf("doc %d: scanner gave up", i)
		}
		slow, err := docxtext.ParagraphsText(bytes.NewReader(x))
		if err != nil {
			t.Fatal(err)
		}
		if fast != slow {
			t.Errorf("doc %d: scanner and decoder differ:\n%q\n%q", i, fast, slow)
		}
	}
	if _, ok := docxtext.ScanText([]byte(`<w:t>a &bogus</w:t>`)); ok {
		t.Error("scanner accepted a broken entity")
	}
	if !strings.Contains(mustText(t, docs[0]), "Số 167-TB/TU") {
		t.Error("number line missing")
	}
}

func mustText(t *testing.T, x []byte) string {
	s, ok := docxtext.ScanText(x)
	if !ok {
		t.Fatal("scan failed")
	}
	return s
}

func documentXML(t *testing.T, docx []byte) []byte {
	t.Helper()
	zr, err := docxtext.ZipReader(docx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			defer rc.Close()
			var b bytes.Buffer
			_, _ = b.ReadFrom(rc)
			return b.Bytes()
		}
	}
	t.Fatal("no document.xml")
	return nil
}

func exampleRequest(t *testing.T, name string) documents.CreateRequest {
	t.Helper()
	b, err := os.ReadFile("../../templates/examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var req documents.CreateRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	return req
}
