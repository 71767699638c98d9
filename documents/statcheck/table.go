package statcheck

import (
	"fmt"
	"regexp"
	"strings"

	"vanthu/documents/vnformat"
)

// A table is read from lines whose cells are separated by tabs or "|":
// what Word gives when a table is pasted as text, and what [CheckDOCX]
// writes for the tables of a document. One column holds the counts, the
// next the shares ("Số lượng", "Tỷ lệ (%)"); the row named "Tổng số",
// "Tổng cộng", "Cộng" or "… được đánh giá, xếp loại" holds the base.
//
//	Mức xếp loại	Số lượng	Tỷ lệ (%)
//	Tổng số được đánh giá, xếp loại	118	100
//	Hoàn thành xuất sắc nhiệm vụ	19	16,10
//	…

// tableRow is one line of a table.
type tableRow struct {
	start, end int      // the line in src
	cells      []string // trimmed
	label      string   // the first cell that is not a number, lower-cased
}

// table is a run of consecutive rows.
type table struct {
	start, end int
	rows       []tableRow
}

var (
	cellNumberRe = regexp.MustCompile(`^(\d+(?:[.,]\d+)*)\s*%?$`)
	totalLabelRe = regexp.MustCompile(`^(?:tổng số|tổng cộng|tổng|cộng)\b|được đánh giá|đã đánh giá`)
	childLabelRe = regexp.MustCompile(`^(?:trong đó|-|–|\+)`)
)

// scanTables finds the tables of a document: at least two consecutive
// lines of two or more cells, one of which is a number.
func scanTables(d *document) []table {
	var out []table
	var cur *table
	for start := 0; start < len(d.src); {
		end := strings.IndexByte(d.src[start:], '\n')
		if end < 0 {
			end = len(d.src)
		} else {
			end += start
		}
		row, ok := parseRow(d, start, end)
		switch {
		case ok && cur != nil:
			cur.rows = append(cur.rows, row)
			cur.end = end
		case ok:
			cur = &table{start: start, end: end, rows: []tableRow{row}}
		default:
			if cur != nil && len(cur.rows) >= 2 {
				out = append(out, *cur)
			}
			cur = nil
		}
		start = end + 1
	}
	if cur != nil && len(cur.rows) >= 2 {
		out = append(out, *cur)
	}
	return out
}

func parseRow(d *document, start, end int) (tableRow, bool) {
	line := d.src[start:end]
	sep := "\t"
	if !strings.Contains(line, "\t") {
		sep = "|"
	}
	raw := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), sep)
	if len(raw) < 2 {
		return tableRow{}, false
	}
	row := tableRow{start: start, end: end}
	for _, c := range raw {
		c = strings.TrimSpace(c)
		row.cells = append(row.cells, c)
		if row.label == "" && c != "" && !cellNumberRe.MatchString(c) {
			row.label = squash(lowerSameLength(c))
		}
	}
	return row, true
}

// tableColumns finds the pairs of a count column and the share column
// after it: a share column is headed "tỷ lệ" or "%", or its numbers have
// decimals or a "%".
func tableColumns(t table) [][2]int {
	width := 0
	for _, r := range t.rows {
		width = max(width, len(r.cells))
	}
	isShare := make([]bool, width)
	isCount := make([]bool, width)
	for _, r := range t.rows {
		for j, c := range r.cells {
			lc := lowerSameLength(c)
			switch {
			case strings.Contains(lc, "tỷ lệ") || strings.Contains(lc, "tỉ lệ") || lc == "%" || strings.Contains(lc, "(%)"):
				isShare[j] = true
			case cellNumberRe.MatchString(c) && (strings.Contains(c, "%") || strings.Contains(c, ",")):
				isShare[j] = true
			case cellNumberRe.MatchString(c):
				isCount[j] = true
			}
		}
	}
	var pairs [][2]int
	for j := 1; j < width; j++ {
		if isShare[j] && isCount[j-1] && !isShare[j-1] {
			pairs = append(pairs, [2]int{j - 1, j})
		}
	}
	return pairs
}

func cellCount(r tableRow, j int) (int64, bool) {
	if j >= len(r.cells) {
		return 0, false
	}
	c := r.cells[j]
	if !cellNumberRe.MatchString(c) || strings.Contains(c, "%") {
		return 0, false
	}
	v, err := vnformat.ParseNumber(c)
	if err != nil || v.Scale != 0 {
		return 0, false
	}
	return v.Int64()
}

// checkTables checks the shares of every table against its total row (or
// the sum of its levels) and the levels against the total.
func (r *resolver) checkTables(tables []table) {
	for _, t := range tables {
		for _, pair := range tableColumns(t) {
			r.checkTableColumns(t, pair[0], pair[1])
		}
	}
}

func (r *resolver) checkTableColumns(t table, countCol, shareCol int) {
	var total *tableRow
	var totalValue int64
	for i := range t.rows {
		if v, ok := cellCount(t.rows[i], countCol); ok && totalLabelRe.MatchString(t.rows[i].label) {
			total, totalValue = &t.rows[i], v
			break
		}
	}
	type tableLine struct {
		m     *mention
		child bool
		above *mention // the row a "trong đó" row belongs to
	}
	var lines []tableLine
	levels := &group{para: -1}  // the level rows
	partial := &group{para: -1} // the same without aggregates ("tốt nhiệm vụ trở lên")
	var prev *mention
	for i := range t.rows {
		row := &t.rows[i]
		v, ok := cellCount(*row, countCol)
		if !ok || row == total {
			continue
		}
		m := &mention{start: row.start, end: row.end, textStart: row.start, clauseEnd: row.end, part: v, level: classifyLevel(row.label)}
		if shareCol < len(row.cells) {
			m.share = tableShare(row.cells[shareCol], row.end)
		}
		child := childLabelRe.MatchString(row.label)
		if !child && m.level != "" {
			levels.entries = append(levels.entries, m)
			if m.level != levelGoodOrAbove && m.level != levelCompletedOrAbove {
				partial.entries = append(partial.entries, m)
			}
		}
		lines = append(lines, tableLine{m: m, child: child, above: prev})
		if !child {
			prev = m
		}
	}
	// The base: the total row, else the levels' own sum (certain when
	// they make a whole scale), and the evaluated count stated before.
	var bases []cand
	clear := false
	sumGroup := levels
	sum, ok := levelSum(levels)
	if !ok {
		sumGroup = partial
		sum, ok = levelSum(partial)
	}
	switch {
	case total != nil:
		bases, clear = []cand{{totalValue, "dòng " + strings.TrimSpace(total.cells[0])}}, true
	case ok:
		bases, clear = []cand{{sum, "tổng các dòng"}}, groupComplete(sumGroup)
	}
	if e := r.evaluatedBefore(t.start); e != nil && (len(bases) == 0 || bases[0].whole != e.value) {
		bases = append(bases, cand{e.value, e.describe()})
	}
	for _, l := range lines {
		if l.m.share == nil || len(bases) == 0 {
			continue
		}
		p := &pending{kind: KindTableShare, m: l.m, part: l.m.part, cands: append([]cand(nil), bases...), clear: clear && !l.child}
		if l.child && l.above != nil {
			p.cands = append([]cand{{l.above.part, "dòng trên"}}, p.cands...)
		}
		r.pendings = append(r.pendings, p)
	}
	if total != nil && len(sumGroup.entries) >= 2 {
		r.tableSum(sumGroup, total, totalValue)
	}
	if len(levels.entries) > 0 {
		tg := &group{entries: levels.entries}
		switch {
		case total != nil:
			tg.base = &base{value: totalValue, evaluated: true, start: total.start, end: total.end}
		case ok:
			tg.base = &base{value: sum, start: t.start, end: t.start}
		}
		r.tableGroups = append(r.tableGroups, tg)
	}
}

// evaluatedBefore returns the evaluated count stated last before offset
// off, in the text before a table.
func (r *resolver) evaluatedBefore(off int) *base {
	var last *base
	for _, b := range r.bases {
		if b.evaluated && b.start < off && off-b.start < 4000 {
			last = b
		}
	}
	return last
}

// tableShare reads a share cell: "16,10", "16,10%".
func tableShare(cell string, end int) *share {
	c := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cell), "%"))
	if c == "" || !cellNumberRe.MatchString(c) {
		return nil
	}
	sh := &share{verbStart: end, numStart: end, end: end, raw: c}
	sh.val, sh.err = parsePercent(c)
	return sh
}

// tableSum compares the level rows of a table with its total row.
func (r *resolver) tableSum(g *group, total *tableRow, value int64) {
	var sum int64
	terms := make([]string, len(g.entries))
	for i, m := range g.entries {
		sum += m.part
		terms[i] = vnformat.Int(m.part)
	}
	complete := groupComplete(g)
	if !complete && sum < value {
		return
	}
	expr := strings.Join(terms, " + ")
	c := Claim{
		Start: min(total.start, g.entries[0].start), End: max(total.end, g.entries[len(g.entries)-1].end), Kind: KindTableSum,
		Part: expr, Whole: vnformat.Int(value), Stated: vnformat.Int(value), Computed: vnformat.Int(sum),
	}
	what := fmt.Sprintf("dòng %s (%s)", strings.TrimSpace(total.cells[0]), vnformat.Int(value))
	switch {
	case sum == value:
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: các dòng %s = %s, khớp với %s.", expr, vnformat.Int(sum), what)
	default:
		c.Verdict = VerdictWrong
		c.Message = fmt.Sprintf("Sai: các dòng %s = %s, khác %s.", expr, vnformat.Int(sum), what)
	}
	r.claims = append(r.claims, c)
}

// inTable reports whether offset off lies in one of the tables.
func inTable(tables []table, off int) bool {
	for _, t := range tables {
		if t.start <= off && off < t.end {
			return true
		}
	}
	return false
}
