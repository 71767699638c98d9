package review

import (
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/vnformat"
)

// Narrative writes the results of one category as the paragraph of a
// review report. For Label "đảng bộ cơ sở", Total 120, Evaluated 118,
// levels 19/88/9/2 and the note "do mới thành lập chưa đủ 6 tháng":
//
//	Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa
//	đánh giá, xếp loại (do mới thành lập chưa đủ 6 tháng). Kết quả, có
//	107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68%
//	(trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm
//	17,76%); 9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%; 2/118
//	đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,69%.
//
// Shares of the levels are over Evaluated; the "trong đó" share of the
// excellent ones is over Excellent + Good. A share of exactly 100% is
// written "100%", every other with two decimals. When all subjects were
// evaluated the first sentence ends ", đạt 100%."; when Total is smaller
// than Evaluated (unknown) the total is left out. Zero counts are written
// "không có <label> <level>". With a Previous year, each level is followed
// by "(tăng 4 đảng bộ cơ sở so với năm 2022)", "(giảm …)", "(bằng năm
// 2022)" or, for zero in both years, "(năm 2022 cũng không có)"; the
// comparison of the excellent ones goes inside the "trong đó" parenthesis.
// When nobody was evaluated, one sentence says so.
//
// The text is NFC. Narrative assumes counts that pass [Validate]; on other
// input it still returns text but the figures may not make sense.
func Narrative(c Category) string {
	n := narrator{unit: labelOf(c), c: c}
	first := n.evaluationSentence()
	if c.Evaluated <= 0 {
		return first
	}
	return first + " " + n.resultSentence()
}

// labelOf returns the trimmed NFC label of c.
func labelOf(c Category) string {
	return norm.NFC.String(strings.TrimSpace(c.Label))
}

type narrator struct {
	unit string
	c    Category
}

func (n narrator) note() string {
	note := strings.TrimSpace(n.c.NotEvaluatedNote)
	note = strings.TrimSuffix(strings.TrimPrefix(note, "("), ")")
	note = norm.NFC.String(strings.TrimSpace(note))
	if note == "" {
		return ""
	}
	return " (" + note + ")"
}

func (n narrator) evaluationSentence() string {
	c, u := n.c, n.unit
	switch {
	case c.Evaluated <= 0 && c.Total > 0:
		return "Trong tổng số " + vnformat.Int(c.Total) + " " + u + ", chưa có " + u +
			" nào được đánh giá, xếp loại" + n.note() + "."
	case c.Evaluated <= 0:
		return "Chưa có " + u + " nào được đánh giá, xếp loại" + n.note() + "."
	case c.Total < c.Evaluated:
		return "Có " + vnformat.Int(c.Evaluated) + " " + u + " được đánh giá, xếp loại."
	case c.Total == c.Evaluated:
		return "Có " + ratio(c.Evaluated, c.Total) + " " + u + " được đánh giá, xếp loại, đạt 100%."
	default:
		return "Có " + ratio(c.Evaluated, c.Total) + " " + u + " được đánh giá, xếp loại và " +
			vnformat.Int(c.Total-c.Evaluated) + " " + u + " chưa đánh giá, xếp loại" + n.note() + "."
	}
}

func (n narrator) resultSentence() string {
	c, u := n.c, n.unit
	clauses := make([]string, 0, 3)

	// Hoàn thành tốt nhiệm vụ trở lên, with the excellent ones inside.
	above := c.GoodOrAbove()
	var inner []string
	if cmp := n.compare(above, func(p Counts) int64 { return p.GoodOrAbove() }); cmp != "" {
		inner = append(inner, cmp)
	}
	if above > 0 {
		ex := "trong đó không có " + u + " " + nameExcellent
		if c.Excellent > 0 {
			ex = "trong đó có " + vnformat.Int(c.Excellent) + " " + u + " " + nameExcellent +
				", chiếm " + share(c.Excellent, above)
		}
		if cmp := n.compare(c.Excellent, func(p Counts) int64 { return p.Excellent }); cmp != "" {
			ex += ", " + cmp
		}
		inner = append(inner, ex)
		clauses = append(clauses, "có "+ratio(above, c.Evaluated)+" "+u+" "+nameGoodOrAbove+
			", chiếm "+share(above, c.Evaluated)+" ("+strings.Join(inner, "; ")+")")
	} else {
		clauses = append(clauses, "không có "+u+" "+nameGoodOrAbove+paren(inner))
	}

	clauses = append(clauses,
		n.levelClause(c.Completed, nameCompleted, func(p Counts) int64 { return p.Completed }),
		n.levelClause(c.NotCompleted, nameNotCompleted, func(p Counts) int64 { return p.NotCompleted }))
	return "Kết quả, " + strings.Join(clauses, "; ") + "."
}

// levelClause writes "9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%"
// or "không có đảng bộ cơ sở hoàn thành nhiệm vụ", with the comparison.
func (n narrator) levelClause(count int64, level string, prev func(Counts) int64) string {
	var cmp []string
	if s := n.compare(count, prev); s != "" {
		cmp = []string{s}
	}
	if count == 0 {
		return "không có " + n.unit + " " + level + paren(cmp)
	}
	return ratio(count, n.c.Evaluated) + " " + n.unit + " " + level + ", chiếm " +
		share(count, n.c.Evaluated) + paren(cmp)
}

// compare writes the change of one count against the previous year, or ""
// without a usable previous year.
func (n narrator) compare(cur int64, prev func(Counts) int64) string {
	p := n.c.Previous
	if p == nil || p.Year <= 0 {
		return ""
	}
	year := strconv.Itoa(p.Year)
	diff := cur - prev(p.Counts)
	switch {
	case diff > 0:
		return "tăng " + vnformat.Int(diff) + " " + n.unit + " so với năm " + year
	case diff < 0:
		return "giảm " + vnformat.Int(-diff) + " " + n.unit + " so với năm " + year
	case cur == 0:
		return "năm " + year + " cũng không có"
	default:
		return "bằng năm " + year
	}
}

func paren(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func ratio(part, whole int64) string {
	return vnformat.Int(part) + "/" + vnformat.Int(whole)
}

// share writes part/whole as "90,68%", or "100%" when they are equal.
func share(part, whole int64) string {
	if part == whole && whole > 0 {
		return "100%"
	}
	s, err := vnformat.PercentSign(part, whole, 2)
	if err != nil {
		return "—"
	}
	return s
}
