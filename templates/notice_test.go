package templates

import (
	"fmt"
	"strings"
	"testing"
	"vanthu/templates/docxtest"
)

// A notice template in the verbose style Word writes: rsid and paraId
// attributes on every paragraph, full run properties, placeholders split
// across runs and around proofErr marks, a _GoBack bookmark. Its
// placeholders are those of the built-in thong-bao-ket-luan.

var wordLikeNoticePlaceholders = []string{
	"superior.text", "issuer_name", "number_line", "urgency.text", "secrecy.text", "place_date", "draft.text",
	"title", "intro.text", "sections.numeral", "sections.heading", "sections.paragraphs.text",
	"sections.items.no", "sections.items.text", "closing.text", "recipients.text",
	"signature.authority_line", "signature.position", "signature.name",
}

type wordDoc struct {
	id int
}

const wordRPr = `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr>`

// p writes a paragraph; each text becomes one run, "|" in a text splits it
// into further runs and "~" inserts a proofErr mark.
func (w *wordDoc) p(jc string, texts ...string) string {
	w.id++
	var b strings.Builder
	fmt.Fprintf(&b, `<w:p w14:paraId="%08X" w14:textId="77777777" w:rsidR="00A1%04X" w:rsidRDefault="00A1%04X" w:rsidP="00B2C3D4">`, 0x10000000+w.id, w.id, w.id)
	b.WriteString(`<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`)
	if jc != "" {
		b.WriteString(`<w:jc w:val="` + jc + `"/>`)
	}
	b.WriteString(`<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:pPr>`)
	for _, t := range texts {
		for _, piece := range strings.Split(t, "|") {
			for i, part := range strings.Split(piece, "~") {
				if i > 0 {
					b.WriteString(`<w:proofErr w:type="spellStart"/>`)
				}
				fmt.Fprintf(&b, `<w:r w:rsidRPr="00C4%04X">%s<w:t xml:space="preserve">%s</w:t></w:r>`, w.id, wordRPr, part)
			}
		}
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

func wordTable(widths []int, rows ...string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="9355" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(r)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

func wordRow(cells ...string) string {
	return `<w:tr w:rsidR="00D5E6F7" w14:paraId="7F000001" w14:textId="77777777"><w:trPr><w:cantSplit/></w:trPr>` + strings.Join(cells, "") + `</w:tr>`
}

func wordCell(width int, content ...string) string {
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>`, width, strings.Join(content, ""))
}

func wordLikeNotice(tb testing.TB) []byte {
	w := &wordDoc{}
	left := wordTable([]int{4210},
		wordRow(wordCell(4210, w.p("center", "{superior.text}"))),
		wordRow(wordCell(4210, w.p("center", "{issuer_~name}"), w.p("center", "*"), w.p("center", "{number_|line}"))),
		wordRow(wordCell(4210, w.p("center", "{urgency.text}"))),
		wordRow(wordCell(4210, w.p("center", "{secrecy.text}"))))
	right := wordTable([]int{5145},
		wordRow(wordCell(5145, w.p("center", "ĐẢNG CỘNG SẢN VIỆT NAM"), w.p("center", "{place|_date}"))),
		wordRow(wordCell(5145, w.p("center", "{draft.text}"))))
	recipients := wordTable([]int{4536},
		wordRow(wordCell(4536, w.p("", "Nơi nhận:"), w.p("", "{#recipients}"), w.p("", "- ", "{recipients.|text}"), w.p("", "{/recipients}"))))
	var body strings.Builder
	body.WriteString(wordTable([]int{4210, 5145}, wordRow(wordCell(4210, left, w.p("")), wordCell(5145, right, w.p("")))))
	body.WriteString(w.p("center", "THÔNG BÁO"))
	body.WriteString(w.p("center", "{ti|tle}"))
	body.WriteString(w.p("center", "-----"))
	body.WriteString(w.p("both", "{intro.text}"))
	body.WriteString(w.p("both", "{#sections}"))
	body.WriteString(w.p("both", "{sections.numeral}", "- ", "{sections.~heading}"))
	body.WriteString(w.p("both", "{sections.paragraphs.text}"))
	body.WriteString(w.p("both", "{sections.items.no}", "- ", "{sections.items.|text}"))
	body.WriteString(w.p("both", "{/sections}"))
	body.WriteString(w.p("both", "{closing.text}"))
	body.WriteString(wordTable([]int{4536, 4819}, wordRow(
		wordCell(4536, recipients, w.p("")),
		wordCell(4819, w.p("center", "{signature.authority_line}"), w.p("center", "{signature.position}"),
			w.p("center"), w.p("center"), w.p("center"), w.p("center", "{signature.|name}")))))
	body.WriteString(`<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`)
	return zipParts(tb, map[string]string{
		"word/document.xml": document(body.String()),
		"word/styles.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:styles ` + wNamespaces + `><w:docDefaults><w:rPrDefault>` + wordRPr + `</w:rPrDefault></w:docDefaults></w:styles>`,
		"word/header1.xml":  header(w.p("center", "2")),
	})
}

// noticeValues are values shaped like the notice preparer's output.
func noticeValues(sections, items int) Values {
	secs := make([]Values, sections)
	for i := range secs {
		it := make([]Values, items)
		for j := range it {
			it[j] = Values{"no": fmt.Sprint(j + 1), "text": fmt.Sprintf("Nội dung nhiệm vụ %d của phần %d & <kết luận>", j+1, i+1)}
		}
		secs[i] = Values{
			"numeral":    []string{"I", "II", "III", "IV", "V", "VI"}[i%6],
			"heading":    fmt.Sprintf("Phần nội dung %d", i+1),
			"paragraphs": []Values{{"text": "Đoạn văn mở đầu của phần."}},
			"items":      it,
		}
	}
	return Values{
		"issuer_name": "TỈNH ỦY HÒA BÌNH",
		"superior":    []Values{},
		"number_line": "Số 167-TB/TU",
		"place_date":  "Hòa Bình, ngày 20 tháng 6 năm 2019",
		"title":       "kết luận của Thường trực Tỉnh ủy tại Hội nghị giao ban chuyên đề",
		"secrecy":     []Values{},
		"urgency":     []Values{{"text": "KHẨN"}},
		"draft":       []Values{},
		"intro":       []Values{{"text": "Ngày 18/6/2019, Thường trực Tỉnh ủy tổ chức hội nghị."}, {"text": "Thường trực Tỉnh ủy thống nhất kết luận:"}},
		"sections":    secs,
		"closing":     []Values{{"text": "Nơi nào chưa thực hiện thì khẩn trương thực hiện."}},
		"recipients":  []Values{{"text": "Các đồng chí Tỉnh ủy viên,"}, {"text": "Các huyện ủy, thành ủy,"}, {"text": "Lưu Văn phòng Tỉnh ủy."}},
		"signature": Values{
			"authority_line": "T/M THƯỜNG TRỰC TỈNH ỦY",
			"position":       "PHÓ BÍ THƯ",
			"name":           "Nguyễn Văn A",
		},
	}
}

// Both notices render the same visible text from the same values, and
// Render agrees with the reference pipeline byte for byte.
func TestNotices(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	tpls := map[string]*Template{"word-like": mustParse(t, wordLikeNotice(t), wordLikeNoticePlaceholders...)}
	if b, err := r.Get("thong-bao-ket-luan"); err == nil {
		tpls["builtin"] = b
	}
	want := []string{
		"TỈNH ỦY HÒA BÌNH", "*", "Số 167-TB/TU", "KHẨN", "ĐẢNG CỘNG SẢN VIỆT NAM", "Hòa Bình, ngày 20 tháng 6 năm 2019",
		"THÔNG BÁO", "kết luận của Thường trực Tỉnh ủy tại Hội nghị giao ban chuyên đề", "-----",
		"Ngày 18/6/2019, Thường trực Tỉnh ủy tổ chức hội nghị.", "Thường trực Tỉnh ủy thống nhất kết luận:",
		"I- Phần nội dung 1", "Đoạn văn mở đầu của phần.", "1- Nội dung nhiệm vụ 1 của phần 1 & <kết luận>", "2- Nội dung nhiệm vụ 2 của phần 1 & <kết luận>",
		"II- Phần nội dung 2", "Đoạn văn mở đầu của phần.", "1- Nội dung nhiệm vụ 1 của phần 2 & <kết luận>", "2- Nội dung nhiệm vụ 2 của phần 2 & <kết luận>",
		"Nơi nào chưa thực hiện thì khẩn trương thực hiện.", "Nơi nhận:",
		"- Các đồng chí Tỉnh ủy viên,", "- Các huyện ủy, thành ủy,", "- Lưu Văn phòng Tỉnh ủy.",
		"T/M THƯỜNG TRỰC TỈNH ỦY", "PHÓ BÍ THƯ", "Nguyễn Văn A",
	}
	for name, tpl := range tpls {
		t.Run(name, func(t *testing.T) {
			v := noticeValues(2, 2)
			out, err := tpl.Render(v)
			if err != nil {
				t.Fatal(err)
			}
			got := lines(checkPackage(t, out, "word/document.xml"))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			ref, err := referenceDocument(t, tpl, v)
			if err != nil {
				t.Fatal(err)
			}
			if docxtest.Part(t, out, "word/document.xml") != ref {
				t.Error("differs from the reference pipeline")
			}
		})
	}
}
