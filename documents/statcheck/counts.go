package statcheck

import "sort"

// LevelCount is one level count read from a text: "19 đảng bộ cơ sở hoàn
// thành xuất sắc nhiệm vụ" or a table row.
type LevelCount struct {
	Level string `json:"level"` // as Claim.Level
	Count int64  `json:"count"`
	Start int    `json:"start"` // byte offsets of the figure and its level words
	End   int    `json:"end"`
}

// CountSet is the level counts that share one base: a category of the
// report ("Đối với chi bộ trực thuộc…"), or the rows of one table.
type CountSet struct {
	// Subject is "member" (đảng viên) or "org" (tổ chức, đảng bộ, chi bộ),
	// "" when the text does not say.
	Subject string `json:"subject,omitempty"`
	// Evaluated is the number evaluated ("118" of "118/120 … được đánh
	// giá", a table's total row), 0 when not stated; Total is the number of
	// subjects when stated ("120"), else 0.
	Evaluated int64 `json:"evaluated,omitempty"`
	Total     int64 `json:"total,omitempty"`
	// BaseStart and BaseEnd locate the statement of the base, when there is one.
	BaseStart int          `json:"base_start,omitempty"`
	BaseEnd   int          `json:"base_end,omitempty"`
	Levels    []LevelCount `json:"levels"`
}

// Counts reads the level counts of a text, grouped by the base they are
// counts of, in text order: what a return of a lower committee states.
// Offsets are into text, as for [Check]. A level named twice in a set (two
// populations, or a restatement) is kept twice; callers decide.
func Counts(text string) []CountSet {
	doc := newDocument(text)
	r := newResolver(doc)
	r.run()
	var out []CountSet
	for _, g := range append(append([]*group(nil), r.groups...), r.tableGroups...) {
		if len(g.entries) == 0 {
			continue
		}
		cs := CountSet{}
		if b := g.base; b != nil {
			cs.Subject = b.subject
			switch {
			case b.evaluated:
				cs.Evaluated, cs.Total = b.value, b.whole
			case b.ratioWhole:
				cs.Evaluated = b.value
			default:
				cs.Total = b.value
			}
			if b.end > b.start {
				cs.BaseStart, cs.BaseEnd = doc.original(b.start, b.end)
			}
		}
		for _, m := range g.entries {
			if cs.Subject == "" {
				cs.Subject = m.subject
			}
			start, end := doc.original(m.textStart, max(m.clauseEnd, m.end))
			cs.Levels = append(cs.Levels, LevelCount{Level: m.level, Count: m.part, Start: start, End: end})
		}
		sort.SliceStable(cs.Levels, func(i, j int) bool { return cs.Levels[i].Start < cs.Levels[j].Start })
		out = append(out, cs)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Levels[0].Start < out[j].Levels[0].Start })
	return out
}
