package documents

import (
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	"vanthu/documents/review"
	"vanthu/templates"
)

// Template kinds: which derivation a manifest's data goes through.
const (
	KindNotice       = "notice"
	KindReviewReport = "review_report"
	KindGeneric      = "generic"
)

// prepared is what a template is filled from, plus remarks for the caller.
type prepared struct {
	header   header
	values   templates.Values
	warnings []Warning
}

// prepare derives the template values for validated data.
func (s *Service) prepare(m templates.Manifest, data map[string]any, draft bool) (prepared, error) {
	h := readHeader(data)
	p := prepared{header: h, values: commonValues(h, m.TypeCode, draft)}
	switch m.Kind {
	case KindNotice:
		p.values["intro"] = texts(strList(data, "intro"))
		p.values["sections"] = sectionValues(data, 1)
		p.values["closing"] = optional(str(data, "closing"))
	case KindReviewReport:
		if err := s.prepareReport(&p, data); err != nil {
			return prepared{}, err
		}
	default:
		genericValues(p.values, data)
	}
	return p, nil
}

// prepareReport validates the statistics and writes the narrative, the table
// of every category and the summary table.
func (s *Service) prepareReport(p *prepared, data map[string]any) error {
	cats := readCategories(data)
	if issues := review.Validate(cats); len(issues) > 0 {
		ve := &ValidationError{}
		for _, is := range issues {
			ve.Fields = append(ve.Fields, FieldError{Path: is.Path, Message: is.Message})
		}
		return ve
	}
	for _, w := range review.QuotaWarnings(cats, review.QuotaBase(s.opts.QuotaBase), s.opts.QuotaPercent) {
		cat := w.Category
		p.warnings = append(p.warnings, Warning{Code: w.Code, Message: w.Message, Category: &cat, Label: w.Label, Share: w.Share, Cap: w.Cap})
	}
	year := integer(data, "year")
	catValues := make([]templates.Values, 0, len(cats))
	for i, c := range cats {
		rows := review.Table(c)
		rv := make([]templates.Values, 0, len(rows))
		for _, r := range rows {
			rv = append(rv, templates.Values{"level": r.Level, "count": r.Count, "percent": r.Percent})
		}
		catValues = append(catValues, templates.Values{
			"heading":   fmt.Sprintf("%d- Đối với %s", i+1, c.Label),
			"narrative": review.Narrative(c),
			"rows":      rv,
		})
	}
	sum := review.Summary(cats)
	sv := make([]templates.Values, 0, len(sum))
	for _, r := range sum {
		sv = append(sv, templates.Values{
			"no": r.No, "label": capitalize(r.Label), "total": r.Total, "evaluated": r.Evaluated,
			"excellent": r.Excellent, "good": r.Good, "completed": r.Completed, "not_completed": r.NotCompleted,
		})
	}
	v := p.values
	v["intro"] = texts(strList(data, "intro"))
	v["results_heading"] = fmt.Sprintf("I- KẾT QUẢ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM %d", year)
	v["categories"] = catValues
	v["summary_heading"] = fmt.Sprintf("Bảng tổng hợp kết quả đánh giá, xếp loại chất lượng năm %d", year)
	v["summary"] = sv
	v["sections"] = sectionValues(data, 2)
	v["closing"] = optional(str(data, "closing"))
	annex, err := annexValues(data)
	if err != nil {
		return err
	}
	v["annex"] = annex
	return nil
}

// readCategories reads validated category objects.
func readCategories(data map[string]any) []review.Category {
	raw, _ := data["categories"].([]any)
	out := make([]review.Category, 0, len(raw))
	for _, r := range raw {
		m, _ := r.(map[string]any)
		c := review.Category{
			Label:            str(m, "label"),
			Group:            str(m, "group"),
			Total:            integer(m, "total"),
			NotEvaluatedNote: str(m, "not_evaluated_note"),
			Counts:           readCounts(m),
		}
		if prev, ok := m["previous"].(map[string]any); ok {
			c.Previous = &review.Previous{Year: int(integer(prev, "year")), Counts: readCounts(prev)}
		}
		out = append(out, c)
	}
	return out
}

func readCounts(m map[string]any) review.Counts {
	return review.Counts{
		Evaluated:    integer(m, "evaluated"),
		Excellent:    integer(m, "excellent"),
		Good:         integer(m, "good"),
		Completed:    integer(m, "completed"),
		NotCompleted: integer(m, "not_completed"),
	}
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

// capitalize upper-cases the first letter: "đảng bộ cơ sở" → "Đảng bộ cơ sở".
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
