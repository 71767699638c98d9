package kind

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/documents/citation"
	"vanthu/documents/review"
	"vanthu/documents/vnformat"
	"vanthu/templates"
)

// DraftMark is printed on drafts (component 11b of 36-HD/VPTW).
const DraftMark = "Dự thảo"

// Rules are the office's settings the derivation follows.
type Rules struct {
	// QuotaBase and QuotaPercent configure the "hoàn thành xuất sắc"
	// quota check of review reports.
	QuotaBase    review.QuotaBase
	QuotaPercent int
}

// Warning is a non-blocking remark on the data, e.g. the 20% quota.
type Warning struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Category *int   `json:"category,omitempty"`
	Label    string `json:"label,omitempty"`
	Share    string `json:"share,omitempty"`
	Cap      string `json:"cap,omitempty"`
}

// Values derives what the template of doc is filled from. number is the
// number printed (0: the blank a clerk fills by hand); typeCode is the
// manifest's; a draft carries the "Dự thảo" mark.
func Values(doc Document, typeCode string, number int, draft bool, rules Rules) (templates.Values, []Warning) {
	v := commonValues(*doc.Head(), typeCode, number, draft)
	switch d := doc.(type) {
	case *Notice:
		v["intro"] = texts(d.Intro)
		v["sections"] = sectionValues(d.Sections, 1)
		v["closing"] = optional(d.Closing)
	case *ReviewReport:
		return v, d.values(v, rules)
	case *Generic:
		genericValues(v, d.Fields)
		if !draft && number > 0 {
			// The register number, under the data's name for it.
			v["number"] = strconv.Itoa(number)
		}
	}
	return v, nil
}

// DraftNumberBlank is the number of spaces between "Số" and the series of
// a draft's number line.
const DraftNumberBlank = 7

// numberLine renders component 3: "Số 167-TB/TU"; a document without a
// number yet keeps the blank the clerk fills by hand ("Số       -TB/TU").
// The blank is [DraftNumberBlank] spaces: a space and a three-digit number,
// which the PDF of an approved draft writes there against the series.
func numberLine(number int, typeCode, issuerCode string) string {
	if number <= 0 {
		return "Số" + strings.Repeat(" ", DraftNumberBlank) + "-" + typeCode + "/" + issuerCode
	}
	return "Số " + citation.FormatParty(number, typeCode, issuerCode)
}

// optional turns a possibly empty text into a 0- or 1-item collection, so the
// template drops the paragraph when the value is empty.
func optional(text string) []templates.Values {
	if strings.TrimSpace(text) == "" {
		return []templates.Values{}
	}
	return []templates.Values{{"text": text}}
}

func texts(items []string) []templates.Values {
	out := make([]templates.Values, 0, len(items))
	for _, s := range items {
		out = append(out, templates.Values{"text": s})
	}
	return out
}

// recipientLines ends every entry of the "Nơi nhận" list with "," and the last
// one with ".", replacing any punctuation the clerk typed.
func recipientLines(items []string) []templates.Values {
	out := make([]templates.Values, 0, len(items))
	for i, s := range items {
		s = strings.TrimRight(strings.TrimSpace(s), ",.;")
		s = strings.TrimSpace(strings.TrimLeft(s, "-–+• "))
		if i == len(items)-1 {
			s += "."
		} else {
			s += ","
		}
		out = append(out, templates.Values{"text": s})
	}
	return out
}

// commonValues derives the values shared by every official layout.
func commonValues(h Header, typeCode string, number int, draft bool) templates.Values {
	authority := ""
	if h.Signature.Authority != "" {
		authority = strings.TrimSpace(h.Signature.Authority + " " + Upper(h.Signature.AuthorityOf))
	}
	v := templates.Values{
		"issuer_name": Upper(h.Issuer.Name),
		"superior":    optional(Upper(h.Issuer.Superior)),
		"number_line": numberLine(number, typeCode, h.Issuer.Code),
		"place_date":  vnformat.PlaceDate(h.Place, h.Date.Time),
		"title":       h.Title,
		"secrecy":     optional(Upper(string(h.Secrecy))),
		"urgency":     optional(Upper(h.Urgency)),
		"recipients":  recipientLines(h.Recipients),
		"signature": templates.Values{
			"authority_line": authority,
			"position":       Upper(h.Signature.Position),
			"name":           h.Signature.Name,
		},
	}
	if draft {
		v["draft"] = optional(DraftMark)
	} else {
		v["draft"] = optional("")
	}
	return v
}

// sectionValues numbers the sections ("I-", "II-", …, starting at first) and
// their items ("1-", "2-", …, restarting in every section).
func sectionValues(sections []Section, first int) []templates.Values {
	out := make([]templates.Values, 0, len(sections))
	for i, sec := range sections {
		iv := make([]templates.Values, 0, len(sec.Items))
		for j, it := range sec.Items {
			iv = append(iv, templates.Values{"no": fmt.Sprint(j + 1), "text": it})
		}
		out = append(out, templates.Values{
			"numeral":    vnformat.Roman(first + i),
			"heading":    sec.Heading,
			"paragraphs": texts(sec.Paragraphs),
			"items":      iv,
		})
	}
	return out
}

// values writes the narrative, the table of every category, the summary
// table and the annex of a checked report, and returns the quota warnings.
func (r *ReviewReport) values(v templates.Values, rules Rules) []Warning {
	var warnings []Warning
	for _, w := range review.QuotaWarnings(r.Categories, rules.QuotaBase, rules.QuotaPercent) {
		cat := w.Category
		warnings = append(warnings, Warning{Code: w.Code, Message: w.Message, Category: &cat, Label: w.Label, Share: w.Share, Cap: w.Cap})
	}
	catValues := make([]templates.Values, 0, len(r.Categories))
	for i, c := range r.Categories {
		rows := review.Table(c)
		rv := make([]templates.Values, 0, len(rows))
		for _, row := range rows {
			rv = append(rv, templates.Values{"level": row.Level, "count": row.Count, "percent": row.Percent})
		}
		catValues = append(catValues, templates.Values{
			"heading":   fmt.Sprintf("%d- Đối với %s", i+1, c.Label),
			"narrative": review.Narrative(c),
			"rows":      rv,
		})
	}
	sum := review.Summary(r.Categories)
	sv := make([]templates.Values, 0, len(sum))
	for _, row := range sum {
		sv = append(sv, templates.Values{
			"no": row.No, "label": Capitalize(row.Label), "total": row.Total, "evaluated": row.Evaluated,
			"excellent": row.Excellent, "good": row.Good, "completed": row.Completed, "not_completed": row.NotCompleted,
		})
	}
	v["intro"] = texts(r.Intro)
	v["results_heading"] = fmt.Sprintf("I- KẾT QUẢ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM %d", r.Year)
	v["categories"] = catValues
	v["summary_heading"] = fmt.Sprintf("Bảng tổng hợp kết quả đánh giá, xếp loại chất lượng năm %d", r.Year)
	v["summary"] = sv
	v["sections"] = sectionValues(r.Sections, 2)
	v["closing"] = optional(r.Closing)
	v["annex"] = r.Annex.values()
	return warnings
}

// values derives the annex (Phụ lục): one table per item, a row per unit
// with its counts and their shares of the evaluated ("19 (16,10%)"), and a
// last row "Cộng" with the sums. Without an annex it is left out.
func (a *Annex) values() []templates.Values {
	if a == nil {
		return []templates.Values{}
	}
	out := make([]templates.Values, 0, len(a.Tables))
	for i, t := range a.Tables {
		units := t.units()
		sum := review.Category{Label: "Cộng"}
		for _, c := range units {
			sum.Total += c.Total
			sum.Evaluated += c.Evaluated
			sum.Excellent += c.Excellent
			sum.Good += c.Good
			sum.Completed += c.Completed
			sum.NotCompleted += c.NotCompleted
		}
		rows := make([]templates.Values, 0, len(units)+1)
		for j, r := range review.Summary(append(units, sum)) {
			if j == len(units) {
				r.No = ""
			}
			rows = append(rows, templates.Values{
				"no": r.No, "unit": r.Label, "total": r.Total, "evaluated": r.Evaluated,
				"excellent": r.Excellent, "good": r.Good, "completed": r.Completed, "not_completed": r.NotCompleted,
			})
		}
		title, subtitle := []templates.Values{}, []templates.Values{}
		if i == 0 {
			title = []templates.Values{{"text": "PHỤ LỤC"}}
			subtitle = []templates.Values{{"text": Upper(a.Title)}}
		}
		out = append(out, templates.Values{"title": title, "subtitle": subtitle, "heading": t.Heading, "rows": rows})
	}
	return out
}

// genericValues maps the data of a staff-supplied template onto values:
// strings as given, numbers in plain digits, lists of strings as collections
// of {text}, lists of objects and objects recursively. Standard values
// already derived (number_line, place_date, …) are kept.
func genericValues(dst templates.Values, data map[string]any) {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, derived := dst[k]; derived && k != "title" {
			continue
		}
		dst[k] = genericValue(data[k])
	}
}

func genericValue(v any) any {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "có"
		}
		return "không"
	case map[string]any:
		out := templates.Values{}
		for k, e := range x {
			out[k] = genericValue(e)
		}
		return out
	case []any:
		out := make([]templates.Values, 0, len(x))
		for _, e := range x {
			switch ev := genericValue(e).(type) {
			case templates.Values:
				out = append(out, ev)
			default:
				out = append(out, templates.Values{"text": fmt.Sprint(ev)})
			}
		}
		return out
	default:
		return fmt.Sprint(x)
	}
}

// Upper trims and upper-cases s.
func Upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Capitalize upper-cases the first letter: "đảng bộ cơ sở" → "Đảng bộ cơ sở".
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
