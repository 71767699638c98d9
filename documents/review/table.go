package review

import (
	"strconv"

	"vanthu/documents/vnformat"
)

// Row is one line of the results table of a category. Percent is the share
// of the evaluated subjects with two decimals ("16,10%"), or "—" when
// nobody was evaluated.
type Row struct {
	Key     string `json:"key"`   // one of the Level constants
	Level   string `json:"level"` // "Hoàn thành xuất sắc nhiệm vụ"
	Count   string `json:"count"` // "5.893"
	Percent string `json:"percent"`
}

// Table returns the results of c as five rows: the four levels in order,
// then "Hoàn thành tốt nhiệm vụ trở lên" (Excellent + Good), the figure
// reports quote first. Every percentage is over Evaluated, so the first
// four add up to about 100%.
func Table(c Category) []Row {
	rows := []struct {
		key, level string
		count      int64
	}{
		{LevelExcellent, "Hoàn thành xuất sắc nhiệm vụ", c.Excellent},
		{LevelGood, "Hoàn thành tốt nhiệm vụ", c.Good},
		{LevelCompleted, "Hoàn thành nhiệm vụ", c.Completed},
		{LevelNotCompleted, "Không hoàn thành nhiệm vụ", c.NotCompleted},
		{LevelGoodOrAbove, "Hoàn thành tốt nhiệm vụ trở lên", c.GoodOrAbove()},
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = Row{Key: r.key, Level: r.level, Count: vnformat.Int(r.count), Percent: tablePercent(r.count, c.Evaluated)}
	}
	return out
}

func tablePercent(part, whole int64) string {
	s, err := vnformat.PercentSign(part, whole, 2)
	if err != nil {
		return "—"
	}
	return s
}

// SummaryRow is one line of the summary table of a report, one per
// category. Level cells hold the count and its share of Evaluated,
// "19 (16,10%)"; a zero count, or any count when nobody was evaluated, is
// just "0" or the count.
type SummaryRow struct {
	No           string `json:"no"` // "1", "2", …
	Label        string `json:"label"`
	Total        string `json:"total"`
	Evaluated    string `json:"evaluated"`
	Excellent    string `json:"excellent"`
	Good         string `json:"good"`
	Completed    string `json:"completed"`
	NotCompleted string `json:"not_completed"`
}

// Summary returns one [SummaryRow] per category, in order.
func Summary(cats []Category) []SummaryRow {
	out := make([]SummaryRow, len(cats))
	for i, c := range cats {
		out[i] = SummaryRow{
			No:           strconv.Itoa(i + 1),
			Label:        labelOf(c),
			Total:        vnformat.Int(c.Total),
			Evaluated:    vnformat.Int(c.Evaluated),
			Excellent:    summaryCell(c.Excellent, c.Evaluated),
			Good:         summaryCell(c.Good, c.Evaluated),
			Completed:    summaryCell(c.Completed, c.Evaluated),
			NotCompleted: summaryCell(c.NotCompleted, c.Evaluated),
		}
	}
	return out
}

func summaryCell(count, evaluated int64) string {
	s := vnformat.Int(count)
	if count == 0 || evaluated <= 0 {
		return s
	}
	if p, err := vnformat.PercentSign(count, evaluated, 2); err == nil {
		s += " (" + p + ")"
	}
	return s
}
