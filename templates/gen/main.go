// Command gen writes the built-in DOCX templates and their manifests into
// templates/builtin. Run it from the module root:
//
//	go run ./templates/gen
//
// Both files of a template come from here (the manifests from manifest.go):
// change them here and regenerate rather than editing the outputs. Before
// writing, gen checks that every part is well-formed XML, that every
// placeholder sits whole in one w:t, that block markers pair up, and that the
// document's placeholders are exactly the manifest's list.
//
// The WordprocessingML parts are written by hand so the output is small,
// readable and deterministic: parts in a fixed order, fixed timestamps, no
// random ids. Regenerating without changes leaves the files byte-identical.
//
// The layout follows Hướng dẫn 36-HD/VPTW: A4, margins 20/20/30/15 mm, Times
// New Roman, body 14 pt, page numbers centred in the top margin from page 2.
// Placeholders follow the engine's convention: {name}, {object.field}; a
// paragraph or table row holding {coll.field} is repeated per item; body
// blocks between paragraphs {#coll} and {/coll} are repeated per item.
//
// Optional lines inside the two-column header and footer tables sit in rows
// of a nested borderless table: the engine repeats (or deletes) the innermost
// table row holding a collection placeholder, so each optional line needs a
// row of its own or it would take the whole header with it.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Page geometry in twentieths of a point (dxa): A4 with 36-HD margins.
const (
	pageW        = 11906
	pageH        = 16838
	marginTop    = 1134 // 20 mm
	marginBottom = 1134 // 20 mm
	marginLeft   = 1701 // 30 mm
	marginRight  = 850  // 15 mm
	headerDist   = 567  // page number 10 mm below the top edge
	footerDist   = 567
	textW        = pageW - marginLeft - marginRight // 9355 ≈ 165 mm

	// The header table splits the text width about 45/55; the footer gives
	// the recipients (12 pt, one per line) a little more room.
	leftColW       = 4210
	rightColW      = textW - leftColW
	recipientsColW = 4536 // 8 cm
	signatureColW  = textW - recipientsColW

	// partyTitleW is the advance width of "ĐẢNG CỘNG SẢN VIỆT NAM" in Times
	// New Roman bold 15 pt (13.777 em, from the font's metrics). The rule under
	// the title is a paragraph border inset so that it is as long as the text.
	// A little slack keeps the title on one line in every renderer.
	partyTitleW = 4133
	ruleInset   = (rightColW-partyTitleW)/2 - 60

	bodyIndent = 720 // first-line indent 1.27 cm
	bodyLine   = 360 // exactly 18 pt
	bodyAfter  = 120 // 6 pt
)

// Font sizes in half-points.
const (
	pt12 = 24
	pt13 = 26
	pt14 = 28
	pt15 = 30
	pt16 = 32
)

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// fixedTime stamps every zip entry and the core properties.
var fixedTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	dir := flag.String("dir", filepath.Join("templates", "builtin"), "output directory")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, t := range builtins() {
		if err := t.write(*dir); err != nil {
			log.Fatalf("%s: %v", t.manifest.Name, err)
		}
		fmt.Printf("wrote %s.{docx,json}: %d placeholders\n",
			filepath.Join(*dir, t.manifest.Name), len(t.manifest.Placeholders))
	}
}

// template is one built-in template: its manifest and its document body.
type template struct {
	manifest manifest
	body     string // children of w:body, without the final w:sectPr
}

func builtins() []template {
	return []template{notice(), reviewReport()}
}

func (t template) write(dir string) error {
	docx, manifestJSON, err := t.build()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, t.manifest.Name+".docx"), docx, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, t.manifest.Name+".json"), manifestJSON, 0o644)
}

// build returns the .docx and the manifest JSON after checking them.
func (t template) build() (docx, manifestJSON []byte, err error) {
	doc := documentXML(t.body)
	if err := checkPlaceholders(doc, t.manifest.Placeholders); err != nil {
		return nil, nil, err
	}
	parts := packageParts(doc, t.manifest.Title)
	for _, p := range parts {
		if err := wellFormed(p.data); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p.name, err)
		}
	}
	if docx, err = zipParts(parts); err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(t.manifest); err != nil {
		return nil, nil, err
	}
	return docx, buf.Bytes(), nil
}

// ---------------------------------------------------------------------------
// Documents

func notice() template {
	var b strings.Builder
	b.WriteString(headerBlock())
	b.WriteString(titleBlock("THÔNG BÁO"))
	b.WriteString(introBlock())
	b.WriteString(sectionsBlock())
	b.WriteString(closingBlock())
	b.WriteString(footerBlock())
	return template{manifest: noticeManifest(), body: b.String()}
}

func reviewReport() template {
	var b strings.Builder
	b.WriteString(headerBlock())
	b.WriteString(titleBlock("BÁO CÁO"))
	b.WriteString(introBlock())
	b.WriteString(resultsBlock())
	b.WriteString(sectionsBlock())
	b.WriteString(closingBlock())
	b.WriteString(footerBlock())
	b.WriteString(annexBlock())
	return template{manifest: reviewReportManifest(), body: b.String()}
}

// headerBlock is the borderless two-column table of the first page: issuer,
// "*", number and marks on the left; the Party title with its rule, place and
// date, and the draft mark on the right.
func headerBlock() string {
	plain14 := font{size: pt14}
	bold14 := font{size: pt14, bold: true}
	left := nestedTable(leftColW,
		row(false, cell(leftColW, "",
			p(para{jc: "center"}, r(plain14, "{superior.text}")))),
		row(false, cell(leftColW, "",
			p(para{jc: "center"}, r(bold14, "{issuer_name}")),
			p(para{jc: "center"}, r(plain14, "*")),
			p(para{jc: "center"}, r(plain14, "{number_line}")))),
		row(false, cell(leftColW, "",
			p(para{jc: "center", before: 60}, r(bold14, "{urgency.text}")))),
		row(false, cell(leftColW, "",
			p(para{jc: "center", before: 60}, r(bold14, "{secrecy.text}")))),
	)
	right := nestedTable(rightColW,
		row(false, cell(rightColW, "",
			p(para{jc: "center", left: ruleInset, right: ruleInset, ruleBelow: true},
				r(font{size: pt15, bold: true}, "ĐẢNG CỘNG SẢN VIỆT NAM")),
			p(para{jc: "center", before: 260}, r(font{size: pt14, italic: true}, "{place_date}")))),
		row(false, cell(rightColW, "",
			p(para{jc: "center", before: 60}, r(font{size: pt14, italic: true}, "{draft.text}")))),
	)
	// LibreOffice applies the first-page header (none) only when the body
	// starts with a paragraph, so a 1 pt paragraph precedes the table.
	return hairline() + layoutTable(leftColW, rightColW,
		row(true,
			cell(leftColW, "", left, hairline()),
			cell(rightColW, "", right, hairline())))
}

// titleBlock is the type name, the trích yếu and the five-hyphen rule.
func titleBlock(typeName string) string {
	return p(para{jc: "center", before: 360, keepNext: true}, r(font{size: pt16, bold: true}, typeName)) +
		p(para{jc: "center", keepNext: true}, r(font{size: pt14, bold: true}, "{title}")) +
		p(para{jc: "center", after: 240}, r(font{size: pt14}, "-----"))
}

func introBlock() string {
	return body(r(font{size: pt14}, "{intro.text}"))
}

// sectionsBlock repeats per section: the numbered heading, its paragraphs,
// then its numbered items ("1- …").
func sectionsBlock() string {
	f := font{size: pt14}
	fb := font{size: pt14, bold: true}
	return marker("{#sections}") +
		heading(r(fb, "{sections.numeral}"), r(fb, "- "), r(fb, "{sections.heading}")) +
		body(r(f, "{sections.paragraphs.text}")) +
		body(r(f, "{sections.items.no}"), r(f, "- "), r(f, "{sections.items.text}")) +
		marker("{/sections}")
}

// closingBlock is the optional closing sentence, kept on the page of the
// signature so that the signature never stands alone on a page.
func closingBlock() string {
	return p(para{style: "PartyBody", keepNext: true}, r(font{size: pt14}, "{closing.text}"))
}

// resultsBlock is the review report's results part: per category of subject
// a heading, a narrative and a small table of levels; then the summary table.
func resultsBlock() string {
	fb := font{size: pt14, bold: true}
	f := font{size: pt14}
	levelW := []int{3969, 1701, 1701} // 7 cm, 3 cm, 3 cm
	th := font{size: pt13, bold: true}
	td := font{size: pt13}
	levels := gridTable(levelW, "center", 100,
		row(true, withHeader,
			cell(levelW[0], "center", p(tablePara("center"), r(th, "Mức xếp loại"))),
			cell(levelW[1], "center", p(tablePara("center"), r(th, "Số lượng"))),
			cell(levelW[2], "center", p(tablePara("center"), r(th, "Tỷ lệ (%)")))),
		row(true,
			cell(levelW[0], "center", p(tablePara("left"), r(td, "{categories.rows.level}"))),
			cell(levelW[1], "center", p(tablePara("center"), r(td, "{categories.rows.count}"))),
			cell(levelW[2], "center", p(tablePara("center"), r(td, "{categories.rows.percent}")))),
	)

	// TT, Đối tượng, Tổng số, Được đánh giá, then the four levels.
	sumW := []int{510, 2410, 950, 1065, 1105, 1105, 1105, 1105} // 9355 dxa
	heads := []string{"TT", "Đối tượng", "Tổng số", "Được đánh giá",
		"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"}
	keys := []string{"no", "label", "total", "evaluated", "excellent", "good", "completed", "not_completed"}
	sh := font{size: pt12, bold: true}
	sd := font{size: pt12}
	var headCells, dataCells []string
	for i, w := range sumW {
		headCells = append(headCells, cell(w, "center", p(tablePara("center"), r(sh, heads[i]))))
		jc := "center"
		if keys[i] == "label" {
			jc = "left"
		}
		dataCells = append(dataCells, cell(w, "center", p(tablePara(jc), r(sd, "{summary."+keys[i]+"}"))))
	}
	summary := gridTable(sumW, "left", 57,
		row(true, append([]string{withHeader}, headCells...)...),
		row(true, dataCells...))

	return heading(r(fb, "{results_heading}")) +
		marker("{#categories}") +
		heading(r(fb, "{categories.heading}")) +
		body(r(f, "{categories.narrative}")) +
		levels +
		spacer() +
		marker("{/categories}") +
		p(para{style: "PartyHeading", jc: "center", indent: true}, r(fb, "{summary_heading}")) +
		summary +
		spacer()
}

// footerBlock is the borderless two-column table after the body: "Nơi nhận:"
// and the recipients on the left, the signature block on the right.
func footerBlock() string {
	recipients := nestedTable(recipientsColW,
		row(false, cell(recipientsColW, "",
			p(para{before: 240}, r(font{size: pt14, underline: true}, "Nơi nhận:")))),
		row(false, cell(recipientsColW, "",
			p(para{style: "PartyRecipient"}, r(font{size: pt12}, "- "), r(font{size: pt12}, "{recipients.text}")))),
	)
	bold14 := font{size: pt14, bold: true}
	sig := []string{
		p(para{jc: "center", before: 240}, r(bold14, "{signature.authority_line}")),
		p(para{jc: "center"}, r(font{size: pt14}, "{signature.position}")),
	}
	for range 4 { // room for the signature and the seal
		sig = append(sig, p(para{jc: "center"}))
	}
	sig = append(sig, p(para{jc: "center"}, r(bold14, "{signature.name}")))
	return layoutTable(recipientsColW, signatureColW,
		row(true,
			cell(recipientsColW, "", recipients, hairline()),
			cell(signatureColW, "", sig...)))
}

// annexBlock is the optional annex (Phụ lục) after the signature: one
// table per item of annex, units as rows. The first item carries the
// annex's title lines ({annex.title.text}, {annex.subtitle.text}), which
// start a new page; the other items leave those paragraphs out.
func annexBlock() string {
	fb := font{size: pt14, bold: true}
	w := []int{510, 2410, 950, 1065, 1105, 1105, 1105, 1105} // as the summary table
	heads := []string{"TT", "Đơn vị", "Tổng số", "Được đánh giá",
		"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"}
	keys := []string{"no", "unit", "total", "evaluated", "excellent", "good", "completed", "not_completed"}
	sh := font{size: pt12, bold: true}
	sd := font{size: pt12}
	var headCells, dataCells []string
	for i, cw := range w {
		headCells = append(headCells, cell(cw, "center", p(tablePara("center"), r(sh, heads[i]))))
		jc := "center"
		if keys[i] == "unit" {
			jc = "left"
		}
		dataCells = append(dataCells, cell(cw, "center", p(tablePara(jc), r(sd, "{annex.rows."+keys[i]+"}"))))
	}
	table := gridTable(w, "left", 57,
		row(true, append([]string{withHeader}, headCells...)...),
		row(true, dataCells...))
	return marker("{#annex}") +
		p(para{jc: "center", pageBreakBefore: true, keepNext: true}, r(fb, "{annex.title.text}")) +
		p(para{jc: "center", keepNext: true, after: 240}, r(fb, "{annex.subtitle.text}")) +
		heading(r(fb, "{annex.heading}")) +
		table +
		spacer() +
		marker("{/annex}")
}

// ---------------------------------------------------------------------------
// WordprocessingML builders

// font is the run formatting; size in half-points.
type font struct {
	size                    int
	bold, italic, underline bool
}

func (f font) rPr() string {
	var b strings.Builder
	b.WriteString("<w:rPr>")
	if f.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if f.italic {
		b.WriteString("<w:i/><w:iCs/>")
	}
	if f.size > 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, f.size, f.size)
	}
	if f.underline {
		b.WriteString(`<w:u w:val="single"/>`)
	}
	b.WriteString("</w:rPr>")
	return b.String()
}

// para is the paragraph formatting; lengths in dxa.
type para struct {
	style           string
	jc              string
	before, after   int
	line            int // exact line height; 0 keeps the style's
	firstLine       int
	left, right     int
	keepNext        bool
	pageBreakBefore bool
	ruleBelow       bool // thin continuous rule under the text
	indent          bool // write w:ind even when all indents are zero
	markSize        int  // size of the paragraph mark, half-points
}

func (q para) pPr() string {
	var b strings.Builder
	b.WriteString("<w:pPr>")
	if q.style != "" {
		fmt.Fprintf(&b, `<w:pStyle w:val="%s"/>`, q.style)
	}
	if q.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if q.pageBreakBefore {
		b.WriteString("<w:pageBreakBefore/>")
	}
	if q.ruleBelow {
		b.WriteString(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	if q.style == "" || q.before != 0 || q.after != 0 || q.line != 0 {
		fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d"`, q.before, q.after)
		if q.line > 0 {
			fmt.Fprintf(&b, ` w:line="%d" w:lineRule="exact"`, q.line)
		} else if q.style == "" {
			b.WriteString(` w:line="240" w:lineRule="auto"`)
		}
		b.WriteString("/>")
	}
	if q.indent || q.left != 0 || q.right != 0 || q.firstLine != 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, q.left, q.right, q.firstLine)
	}
	if q.jc != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, q.jc)
	}
	if q.markSize > 0 {
		fmt.Fprintf(&b, `<w:rPr><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, q.markSize, q.markSize)
	}
	b.WriteString("</w:pPr>")
	return b.String()
}

// p is a paragraph of runs.
func p(q para, runs ...string) string {
	return "<w:p>" + q.pPr() + strings.Join(runs, "") + "</w:p>"
}

// r is a run with exactly one w:t, so that every placeholder stays whole.
func r(f font, text string) string {
	var esc bytes.Buffer
	if err := xml.EscapeText(&esc, []byte(text)); err != nil {
		panic(err)
	}
	return "<w:r>" + f.rPr() + `<w:t xml:space="preserve">` + esc.String() + "</w:t></w:r>"
}

// body is a justified body paragraph (style PartyBody).
func body(runs ...string) string {
	return p(para{style: "PartyBody"}, runs...)
}

// heading is a bold body-level heading kept with the next paragraph.
func heading(runs ...string) string {
	return p(para{style: "PartyHeading"}, runs...)
}

// marker is a block marker paragraph; the engine removes it.
func marker(text string) string {
	return p(para{style: "PartyBody"}, r(font{size: pt14}, text))
}

// spacer is a 6 pt empty paragraph after a table.
func spacer() string {
	return p(para{line: 120, markSize: 4})
}

// hairline is a 1 pt empty paragraph: a table cell must end with a
// paragraph after a nested table.
func hairline() string {
	return p(para{line: 20, markSize: 2})
}

func tablePara(jc string) para {
	return para{style: "PartyTableText", jc: jc}
}

// withHeader marks a row as a header row repeated on every page.
const withHeader = "\x00header"

// row builds a table row; cantSplit keeps it on one page.
func row(cantSplit bool, cells ...string) string {
	var b strings.Builder
	b.WriteString("<w:tr>")
	header := len(cells) > 0 && cells[0] == withHeader
	if header {
		cells = cells[1:]
	}
	if cantSplit || header {
		b.WriteString("<w:trPr>")
		if cantSplit {
			b.WriteString("<w:cantSplit/>")
		}
		if header {
			b.WriteString("<w:tblHeader/>")
		}
		b.WriteString("</w:trPr>")
	}
	b.WriteString(strings.Join(cells, ""))
	b.WriteString("</w:tr>")
	return b.String()
}

// cell builds a table cell of the given width; vAlign may be empty.
func cell(w int, vAlign string, content ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
	if vAlign != "" {
		fmt.Fprintf(&b, `<w:vAlign w:val="%s"/>`, vAlign)
	}
	b.WriteString("</w:tcPr>")
	b.WriteString(strings.Join(content, ""))
	b.WriteString("</w:tc>")
	return b.String()
}

const noBorders = `<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>` +
	`<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>`

const noCellMargins = `<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`

// layoutTable is the borderless full-width two-column table of the header
// and footer blocks.
func layoutTable(leftW, rightW int, rows ...string) string {
	return fmt.Sprintf(`<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>%s`+
		`<w:tblLayout w:type="fixed"/>%s<w:tblLook w:val="0000"/></w:tblPr>`+
		`<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid>%s</w:tbl>`,
		leftW+rightW, noBorders, noCellMargins, leftW, rightW, strings.Join(rows, ""))
}

// nestedTable is a borderless one-column table filling a layout cell; each
// optional line gets a row of its own.
func nestedTable(w int, rows ...string) string {
	return fmt.Sprintf(`<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>%s`+
		`<w:tblLayout w:type="fixed"/>%s<w:tblLook w:val="0000"/></w:tblPr>`+
		`<w:tblGrid><w:gridCol w:w="%d"/></w:tblGrid>%s</w:tbl>`,
		w, noBorders, noCellMargins, w, strings.Join(rows, ""))
}

// gridTable is a bordered data table; jc places it ("center" or "left"),
// pad is the left and right cell margin.
func gridTable(widths []int, jc string, pad int, rows ...string) string {
	total := 0
	var grid strings.Builder
	for _, w := range widths {
		total += w
		fmt.Fprintf(&grid, `<w:gridCol w:w="%d"/>`, w)
	}
	return fmt.Sprintf(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/>`+
		`<w:jc w:val="%s"/><w:tblLayout w:type="fixed"/>`+
		`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="%d" w:type="dxa"/>`+
		`<w:bottom w:w="28" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`+
		`<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>`,
		total, jc, pad, pad, grid.String(), strings.Join(rows, ""))
}

// ---------------------------------------------------------------------------
// Package parts

type part struct {
	name string
	data []byte
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

func documentXML(body string) string {
	return xmlHeader +
		`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` +
		body +
		`<w:sectPr>` +
		`<w:headerReference w:type="default" r:id="rId3"/>` +
		`<w:headerReference w:type="first" r:id="rId4"/>` +
		fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/>`, pageW, pageH) +
		fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
			marginTop, marginRight, marginBottom, marginLeft, headerDist, footerDist) +
		`<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/>` +
		`</w:sectPr></w:body></w:document>`
}

// pageNumberHeader shows the page number centred in the top margin; the
// first page uses the empty header (w:titlePg).
func pageNumberHeader() string {
	return xmlHeader + `<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>` +
		`<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:noProof/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>` +
		`<w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>`
}

func emptyHeader() string {
	return xmlHeader + `<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>`
}

func stylesXML() string {
	bodyPPr := fmt.Sprintf(`<w:pPr><w:widowControl/><w:spacing w:before="0" w:after="%d" w:line="%d" w:lineRule="exact"/>`+
		`<w:ind w:firstLine="%d"/><w:jc w:val="both"/></w:pPr>`, bodyAfter, bodyLine, bodyIndent)
	return xmlHeader + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
		`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>` +
		`</w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>` +
		`</w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>` +
		`<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
		`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>` +
		`<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>` +
		`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>` +
		`<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
		`</w:tblBorders></w:tblPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>` +
		`<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4678"/>` +
		`<w:tab w:val="right" w:pos="9355"/></w:tabs></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="PartyBody"><w:name w:val="Nội dung văn bản"/>` +
		`<w:basedOn w:val="Normal"/><w:qFormat/>` + bodyPPr + `</w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="PartyHeading"><w:name w:val="Đề mục"/>` +
		`<w:basedOn w:val="PartyBody"/><w:next w:val="PartyBody"/><w:qFormat/><w:pPr><w:keepNext/></w:pPr>` +
		`<w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="PartyRecipient"><w:name w:val="Nơi nhận"/>` +
		`<w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="PartyTableText"><w:name w:val="Chữ trong bảng"/>` +
		`<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>` +
		`</w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
		`</w:styles>`
}

func settingsXML() string {
	return xmlHeader + `<w:settings xmlns:w="` + nsW + `">` +
		`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>` +
		`</w:settings>`
}

func packageParts(document, title string) []part {
	stamp := fixedTime.Format(time.RFC3339)
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(title))
	return []part{
		{"[Content_Types].xml", []byte(xmlHeader +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
			`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
			`</Types>`)},
		{"_rels/.rels", []byte(xmlHeader +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
			`</Relationships>`)},
		{"word/document.xml", []byte(document)},
		{"word/_rels/document.xml.rels", []byte(xmlHeader +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
			`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
			`</Relationships>`)},
		{"word/styles.xml", []byte(stylesXML())},
		{"word/settings.xml", []byte(settingsXML())},
		{"word/header1.xml", []byte(pageNumberHeader())},
		{"word/header2.xml", []byte(emptyHeader())},
		{"docProps/core.xml", []byte(xmlHeader +
			`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
			`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + esc.String() + `</dc:title><dc:language>vi-VN</dc:language>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
			`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>` +
			`</cp:coreProperties>`)},
		{"docProps/app.xml", []byte(xmlHeader +
			`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Application>vanthu</Application></Properties>`)},
	}
}

func zipParts(parts []part) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(p.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ---------------------------------------------------------------------------
// Checks

func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var (
	textRE        = regexp.MustCompile(`<w:t(?: [^>]*)?>([^<]*)</w:t>`)
	placeholderRE = regexp.MustCompile(`\{[^{}]*\}`)
	pathRE        = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	markerRE      = regexp.MustCompile(`^[#/][a-z][a-z0-9_]*$`)
)

// checkPlaceholders verifies that every placeholder sits whole in one w:t,
// that block markers pair up, and that the set of placeholder paths equals
// the manifest's list.
func checkPlaceholders(doc string, want []string) error {
	found := map[string]bool{}
	var open []string
	for _, m := range textRE.FindAllStringSubmatch(doc, -1) {
		text := m[1]
		if strings.Contains(text, "{{") {
			return fmt.Errorf("%q: double brace", text)
		}
		rest := placeholderRE.ReplaceAllString(text, "")
		if strings.ContainsAny(rest, "{}") {
			return fmt.Errorf("%q: stray brace", text)
		}
		for _, ph := range placeholderRE.FindAllString(text, -1) {
			name := ph[1 : len(ph)-1]
			switch {
			case markerRE.MatchString(name):
				if text != ph {
					return fmt.Errorf("marker %s must be the whole paragraph text", ph)
				}
				if name[0] == '#' {
					open = append(open, name[1:])
				} else if len(open) == 0 || open[len(open)-1] != name[1:] {
					return fmt.Errorf("unbalanced marker %s", ph)
				} else {
					open = open[:len(open)-1]
				}
			case pathRE.MatchString(name):
				found[name] = true
			default:
				return fmt.Errorf("bad placeholder %s", ph)
			}
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("unclosed block {#%s}", open[len(open)-1])
	}
	for _, w := range want {
		if !found[w] {
			return fmt.Errorf("manifest lists %q, document lacks it", w)
		}
		delete(found, w)
	}
	if len(found) > 0 {
		var extra []string
		for k := range found {
			extra = append(extra, k)
		}
		slices.Sort(extra)
		return fmt.Errorf("document has placeholders missing from the manifest: %v", extra)
	}
	return nil
}
