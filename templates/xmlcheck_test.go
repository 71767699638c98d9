package templates

import (
	"strings"
	"testing"
	"vanthu/templates/docxtest"
)

// xmlSamples record encoding/xml's verdict on small documents.
var xmlSamples = []struct {
	doc   string
	valid bool
}{
	{`<a/>`, true},
	{`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:a x:b='1' c=\"&amp;&#34;&#x1F600;\">t&lt;&gt;<![CDATA[<x>]]><!-- c --><?pi x?></w:a>\n<!-- after -->\n", true},
	{`<a><b>Vĩnh Phúc ễ</b></a>`, true},
	{`<a>` + "\t\r\n" + `</a>`, true},
	{``, false},
	{`   `, false},
	{`<a>`, false},
	{`<a></b>`, false},
	{`<a></a><b/>`, false},
	{`<a></a>t>`, false},
	{`<a/>x`, false},
	{`x<a/>`, false},
	{`</a>`, false},
	{`<a>…</w:body></w:do`, false},
	{"<a>\x01</a>", false},
	{"<a>\uFFFE</a>", false},
	{"<a>\xff</a>", false},
	{`<a>&nbsp;</a>`, false},
	{`<a>&#0;</a>`, false},
	{`<a>&#xD800;</a>`, true}, // encoding/xml accepts it; checkXML is stricter

	{`<a>&</a>`, false},
	{`<a b=1/>`, false},
	{`<a b/>`, false},
	{`<a b="<"/>`, false},
	{`<a b="x/>`, false},
	{`<!DOCTYPE a><a/>`, false},
	{`<a>]]></a>`, false},
	{`<a><!-- a -- b --></a>`, false},
	{`<1a/>`, false},
	{`<?xml version="1.0" encoding="latin1"?><a/>`, false},
	{`<a><?xml version="1.0"?></a>`, true}, // likewise

}

func TestCheckXMLAgreesWithEncodingXML(t *testing.T) {
	for _, s := range xmlSamples {
		fast := checkXML([]byte(s.doc))
		slow := wellFormed([]byte(s.doc))
		both := checkWellFormed([]byte(s.doc))
		if (slow == nil) != s.valid {
			t.Errorf("%q: encoding/xml says %v, want valid=%v", s.doc, slow, s.valid)
		}
		if fast == nil && slow != nil {
			t.Errorf("%q: checkXML accepts what encoding/xml rejects (%v)", s.doc, slow)
		}
		if (both == nil) != (slow == nil) {
			t.Errorf("%q: checkWellFormed %v, encoding/xml %v", s.doc, both, slow)
		}
	}
}

func TestCheckXMLAcceptsRenderedParts(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := r.Get("thong-bao-ket-luan")
	if err != nil {
		t.Skip(err)
	}
	out, err := tpl.Render(noticeValues(3, 3))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"word/document.xml", "word/styles.xml", "[Content_Types].xml"} {
		if err := checkXML([]byte(docxtest.Part(t, out, part))); err != nil {
			t.Errorf("%s: %v", part, err)
		}
	}
}

// FuzzCheckXML holds checkXML to never accepting what encoding/xml
// rejects. Run with: go test -fuzz FuzzCheckXML ./templates
func FuzzCheckXML(f *testing.F) {
	for _, s := range xmlSamples {
		f.Add([]byte(s.doc))
	}
	f.Add([]byte(document(para("Số {a} & <b>") + table(row(cell(para("x")))))))
	f.Add([]byte(strings.Repeat("<a>", 50) + strings.Repeat("</a>", 50)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast := checkXML(data)
		slow := wellFormed(data)
		if fast == nil && slow != nil {
			t.Fatalf("checkXML accepts %q, encoding/xml: %v", data, slow)
		}
		if (checkWellFormed(data) == nil) != (slow == nil) {
			t.Fatalf("checkWellFormed disagrees with encoding/xml on %q", data)
		}
	})
}
