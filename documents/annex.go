package documents

import (
	"fmt"
	"strings"

	"vanthu/documents/review"
	"vanthu/templates"
)

// annexValues derives the optional annex (Phụ lục) of a review report from
// data.annex: one table per item of data.annex.tables, a row per unit with
// its counts and their shares of the evaluated ("19 (16,10%)"), and a last
// row "Cộng" with the sums. Without data.annex the annex is left out. The
// rows are validated like the categories of the report.
func annexValues(data map[string]any) ([]templates.Values, error) {
	annex, ok := data["annex"].(map[string]any)
	if !ok {
		return []templates.Values{}, nil
	}
	rawTables, _ := annex["tables"].([]any)
	out := make([]templates.Values, 0, len(rawTables))
	var fields []FieldError
	for i, rt := range rawTables {
		t, _ := rt.(map[string]any)
		rawRows, _ := t["rows"].([]any)
		units := make([]review.Category, 0, len(rawRows)+1)
		var sum review.Category
		for _, rr := range rawRows {
			m, _ := rr.(map[string]any)
			c := review.Category{Label: str(m, "unit"), Group: review.GroupOrganizations, Total: integer(m, "total"), Counts: readCounts(m)}
			units = append(units, c)
			sum.Total += c.Total
			sum.Evaluated += c.Evaluated
			sum.Excellent += c.Excellent
			sum.Good += c.Good
			sum.Completed += c.Completed
			sum.NotCompleted += c.NotCompleted
		}
		for _, is := range review.Validate(units) {
			path := strings.Replace(is.Path, "data.categories", fmt.Sprintf("data.annex.tables[%d].rows", i), 1)
			fields = append(fields, FieldError{Path: path, Message: is.Message})
		}
		sum.Label = "Cộng"
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
			subtitle = []templates.Values{{"text": upper(str(annex, "title"))}}
		}
		out = append(out, templates.Values{"title": title, "subtitle": subtitle, "heading": str(t, "heading"), "rows": rows})
	}
	if len(fields) > 0 {
		return nil, &ValidationError{Fields: fields}
	}
	return out, nil
}
