package templates

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"vanthu/templates/docxtest"
)

// BenchmarkRender measures Render on notice-like documents. Run it with
// -cpu=1. Besides ns/op (wall clock, distorted when other processes share
// the machine) it reports cpu-ns/op, the process CPU time per render from
// getrusage (GC included), docs/s/core = 1e9 / cpu-ns/op, and the number
// of placeholders after expansion.
func BenchmarkRender(b *testing.B) {
	word := mustParse(b, wordLikeNotice(b), wordLikeNoticePlaceholders...)
	b.Run("word-like-notice", func(b *testing.B) { benchRender(b, word, noticeValues(4, 4)) })

	r, err := NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	if notice, err := r.Get("thong-bao-ket-luan"); err == nil {
		b.Run("builtin-notice-synthetic", func(b *testing.B) { benchRender(b, notice, noticeValues(4, 4)) })
		if v, err := exampleNoticeValues("examples/thong-bao-ket-luan.json"); err == nil {
			b.Run("builtin-notice-example", func(b *testing.B) { benchRender(b, notice, v) })
		}
	}

	body := para("{title}") + table(row(cell(para("STT")), cell(para("Đơn vị")), cell(para("Số lượng")), cell(para("Tỷ lệ"))),
		row(cell(para("{dv.stt}")), cell(para("{dv.ten}")), cell(para("{dv.so_luong}")), cell(para("{dv.ty_le}"))))
	table := mustParse(b, docxOf(b, body), "title", "dv.stt", "dv.ten", "dv.so_luong", "dv.ty_le")
	for _, n := range []int{50, 300} {
		rows := make([]Values, n)
		for i := range rows {
			rows[i] = Values{"stt": i + 1, "ten": fmt.Sprintf("Chi bộ %d", i+1), "so_luong": i * 3, "ty_le": "94,54%"}
		}
		b.Run(fmt.Sprintf("table-%d-rows", n), func(b *testing.B) { benchRender(b, table, Values{"title": "Bảng", "dv": rows}) })
	}

	// The reference pipeline: go-docx fills the whole expanded document.
	b.Run("word-like-notice-reference", func(b *testing.B) {
		v := noticeValues(4, 4)
		b.ReportAllocs()
		start := cpuTime()
		for b.Loop() {
			if _, err := referenceDocument(b, word, v); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, start)
	})
}

func benchRender(b *testing.B, tpl *Template, v Values) {
	if _, err := tpl.Render(v); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := tpl.Render(v); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
	b.ReportMetric(float64(placeholderCount(b, tpl, v)), "placeholders")
}

func reportCPU(b *testing.B, start int64) {
	if start < 0 || b.N == 0 {
		return
	}
	per := float64(cpuTime()-start) / float64(b.N)
	b.ReportMetric(per, "cpu-ns/op")
	b.ReportMetric(1e9/per, "docs/s/core")
}

// placeholderCount counts the placeholders a render fills.
func placeholderCount(b *testing.B, tpl *Template, v Values) int {
	n := 0
	for _, p := range tpl.parts {
		e := newExpander(p, v, tpl.max)
		e.run()
		if e.err != nil {
			b.Fatal(e.err)
		}
		n += e.count
	}
	return n
}

// BenchmarkValidate compares the output check of Render (checkXML) with a
// pass of encoding/xml over the rendered document.xml of the notice.
func BenchmarkValidate(b *testing.B) {
	tpl := mustParse(b, wordLikeNotice(b), wordLikeNoticePlaceholders...)
	out, err := tpl.Render(noticeValues(4, 4))
	if err != nil {
		b.Fatal(err)
	}
	doc := []byte(docxtest.Part(b, out, "word/document.xml"))
	b.Run("checkXML", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if err := checkXML(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-xml", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if err := wellFormed(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	docx := wordLikeNotice(b)
	m := testManifest(wordLikeNoticePlaceholders...)
	for b.Loop() {
		if _, err := Parse(docx, m); err != nil {
			b.Fatal(err)
		}
	}
}

// exampleNoticeValues derives values from an example request the way the
// notice preparer does (documents/kinds.go, prepare.go).
func exampleNoticeValues(path string) (Values, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var req struct {
		Data struct {
			Issuer                      struct{ Superior, Name, Code string }
			Number                      int
			Place, Date, Title, Closing string
			Intro, Recipients           []string
			Sections                    []struct {
				Heading    string
				Paragraphs []string
				Items      []string
			}
			Signature struct {
				Authority   string
				AuthorityOf string `json:"authority_of"`
				Position    string
				Name        string
			}
		}
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		return nil, err
	}
	d := req.Data
	texts := func(ss []string) []Values {
		out := make([]Values, len(ss))
		for i, s := range ss {
			out[i] = Values{"text": s}
		}
		return out
	}
	optional := func(s string) []Values {
		if s == "" {
			return []Values{}
		}
		return []Values{{"text": s}}
	}
	numerals := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	sections := make([]Values, len(d.Sections))
	for i, s := range d.Sections {
		items := make([]Values, len(s.Items))
		for j, it := range s.Items {
			items[j] = Values{"no": fmt.Sprint(j + 1), "text": it}
		}
		sections[i] = Values{"numeral": numerals[i%len(numerals)], "heading": s.Heading, "paragraphs": texts(s.Paragraphs), "items": items}
	}
	recipients := texts(d.Recipients)
	for i := range recipients {
		if i == len(recipients)-1 {
			recipients[i]["text"] = d.Recipients[i] + "."
		} else {
			recipients[i]["text"] = d.Recipients[i] + ","
		}
	}
	return Values{
		"issuer_name": strings.ToUpper(d.Issuer.Name),
		"superior":    optional(strings.ToUpper(d.Issuer.Superior)),
		"number_line": fmt.Sprintf("Số %d-TB/%s", d.Number, d.Issuer.Code),
		"place_date":  d.Place + ", ngày 20 tháng 6 năm 2019",
		"title":       d.Title,
		"secrecy":     []Values{},
		"urgency":     []Values{},
		"draft":       []Values{},
		"intro":       texts(d.Intro),
		"sections":    sections,
		"closing":     optional(d.Closing),
		"recipients":  recipients,
		"signature": Values{
			"authority_line": strings.TrimSpace(d.Signature.Authority + " " + strings.ToUpper(d.Signature.AuthorityOf)),
			"position":       strings.ToUpper(d.Signature.Position),
			"name":           d.Signature.Name,
		},
	}, nil
}
