package statcheck

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/documents/vnformat"
)

// Limits, in bytes, of how far a figure's words may reach.
const (
	clauseLimit = 200 // from a count to the words naming its level
	gapLimit    = 240 // from a count to "chiếm x%"
	leadLimit   = 80  // back from a count to the previous delimiter
	totalLimit  = 150 // from "tổng số" to its number
)

// The patterns run on document.lower, anchored, on short windows: each
// starts at a literal found with strings.Index.
var (
	// shareRe follows a count: the words about it, then the share.
	// The words may name a year ("năm 2015") and be followed by one
	// parenthesis without a share ("08 (có 01 đảng bộ và 07 chi bộ),
	// chiếm 15,67%").
	shareRe = compile(`^((?:[^;:()%/.!?\d]|năm_+\d{4})*?)(?:\([^()%]{0,80}\)(?:_|,)*)?(\(_*)?(chiếm|đạt|=|bằng|tỷ_+lệ|tỉ_+lệ)(?:_+(?:tỷ|tỉ)_+lệ)?(?:_+là)?_*(?:(gần|trên|hơn|khoảng|xấp_+xỉ|dưới)_+)?(\d+(?:[.,]\d+)*)_*%`)
	slashRe = compile(`^_*/_*`)
	// totalRe is "tổng số N" or "tổng số … là N" (also ":", "có", "gồm").
	totalRe = compile(`^tổng_+số(?:([^;:()%/.!?\d]{0,150}?)_*(?:là|:|có|gồm|lên)_*|_+)(\d+(?:[.,]\d+)*)`)
	// ofTotalRe is "662 trong tổng số 686": a ratio written in words.
	ofTotalRe = compile(`^_+trong_+tổng_+số_+`)
	// evalTotalRe is "số … được đánh giá, xếp loại là N" without "tổng".
	evalTotalRe = compile(`^số([^;:()%/.!?\d]{1,150}?)_(?:là|:)_*(\d+(?:[.,]\d+)*)`)
	// bareShareRe is "1.850 đồng chí (15,0%)": a share alone in parentheses.
	bareShareRe = compile(`^([^;:()%/.!?\d]*?)(\()_*(\d+(?:[.,]\d+)*)_*%_*\)`)
	zeroRe      = compile(`^không_+có_+`)
	yearLeadRe  = compile(`năm_+\d{4}`)
)

// compile reads "_" in a pattern as any space, the no-break space included
// (Word puts one before "%").
func compile(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, "_", `[\s\x{00A0}]`))
}

// window returns s[from:] cut to at most n bytes (the regexes above need
// no more).
func window(s string, from, n int) string {
	return s[from:min(len(s), from+n)]
}

// literalAt calls fn for every offset where lit starts a word in s.
func literalAt(s, lit string, fn func(at int)) {
	for from := 0; ; {
		i := strings.Index(s[from:], lit)
		if i < 0 {
			return
		}
		at := from + i
		if at == 0 || !isLetterByteBefore(s, at) {
			fn(at)
		}
		from = at + len(lit)
	}
}

// token is a number in the text.
type token struct {
	start, end int
	val        vnformat.Decimal
	ok         bool // parsed
}

// count returns the token's value when it is a whole, non-negative number.
func (t token) count() (int64, bool) {
	if !t.ok || t.val.Scale != 0 {
		return 0, false
	}
	return t.val.Int64()
}

// share is a stated percentage: "chiếm 90,68%".
type share struct {
	verbStart, numStart, end int
	raw                      string
	val                      vnformat.Decimal
	err                      error
	paren                    bool   // "(chiếm x%)" before the level words
	approx                   string // "gần", "trên": the share is not meant exactly
}

// mention is a count ("19") or a ratio ("107/118") with what surrounds it.
type mention struct {
	start, end  int
	textStart   int   // where the claim excerpt starts: start, or the level words before it
	part, whole int64 // whole is 0 for a single count
	ratio       bool
	lead        string // squashed words before the figure
	clauseEnd   int
	level       string
	evaluated   bool // "được đánh giá, xếp loại"
	notEval     bool // "chưa đánh giá, xếp loại"
	childLead   bool // "trong đó có"
	otherYear   bool // "Năm 2022: 15 …": the lead-in names a year
	share       *share
	zero        bool // "không có … <level>", part is 0
	group       *group
	subject     string // subjectMember, subjectOrg or ""
}

// totalStmt is "tổng số … là N" or "số … được đánh giá … là N".
type totalStmt struct {
	start, end, numStart int
	value                int64
	evaluated            bool
	subject              string
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanTokens finds the numbers: digits with single "." or "," between
// digit groups ("36.449", "94,54", "1.234,5").
func scanTokens(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start := i
		for i < len(s) && (isDigit(s[i]) || ((s[i] == '.' || s[i] == ',') && i+1 < len(s) && isDigit(s[i+1]) && isDigit(s[i-1]))) {
			i++
		}
		// Skip numbers glued to letters: codes such as "KH212".
		if start > 0 && isLetterByteBefore(s, start) {
			continue
		}
		v, err := vnformat.ParseNumber(s[start:i])
		toks = append(toks, token{start: start, end: i, val: v, ok: err == nil})
	}
	return toks
}

// scanTotals finds the statements of a total.
func scanTotals(d *document, toks []token) []totalStmt {
	s := d.lower
	byStart := make(map[int]token, len(toks))
	for _, t := range toks {
		byStart[t.start] = t
	}
	var out []totalStmt
	seen := map[int]bool{}
	add := func(start int, m []int, needEvaluated bool) {
		gapStart, gapEnd, numStart, numEnd := start+m[2], start+m[3], start+m[4], start+m[5]
		if m[2] < 0 { // "tổng số N": no words between
			gapStart, gapEnd = numStart, numStart
		}
		t, ok := byStart[numStart]
		if !ok || t.end != numEnd || seen[numStart] {
			return
		}
		v, ok := t.count()
		if !ok || followsSlashOrPercent(s, numEnd) {
			return
		}
		gap := squash(s[gapStart:gapEnd])
		afterEnd := clauseEnd(s, numEnd, clauseLimit)
		if k := strings.IndexByte(s[numEnd:afterEnd], ','); k >= 0 {
			afterEnd = numEnd + k // "Tổng số có 10 chi bộ, đã đánh giá 10 chi bộ"
		}
		after := squash(s[numEnd:afterEnd])
		ev, notEv := classifyEvaluation(gap)
		if !ev && !notEv {
			ev, notEv = classifyEvaluation(after)
		}
		if notEv || (needEvaluated && !ev) {
			return
		}
		seen[numStart] = true
		subject := classifySubject(gap)
		if subject == "" {
			subject = classifySubject(after)
		}
		out = append(out, totalStmt{start: start, end: numEnd, numStart: numStart, value: v, evaluated: ev, subject: subject})
	}
	literalAt(s, "tổng", func(at int) {
		if strings.HasSuffix(strings.TrimRight(s[:at], " \t\u00a0"), "trong") {
			return // "662 trong tổng số 686" is a ratio
		}
		if m := totalRe.FindStringSubmatchIndex(window(s, at, totalLimit+40)); m != nil {
			add(at, m, false)
		}
	})
	literalAt(s, "số", func(at int) {
		if m := evalTotalRe.FindStringSubmatchIndex(window(s, at, totalLimit+40)); m != nil {
			add(at, m, true)
		}
	})
	return out
}

func followsSlashOrPercent(s string, end int) bool {
	rest := strings.TrimLeft(s[end:], " \t\r\n\u00a0")
	return strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "%")
}

// scanMentions finds counts and ratios, skipping the numbers of totals,
// dates ("18/6/2019"), percentages and decimals.
func scanMentions(d *document, toks []token, totals []totalStmt) []*mention {
	s := d.lower
	taken := map[int]bool{}
	for _, t := range totals {
		taken[t.numStart] = true
	}
	var out []*mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if taken[t.start] {
			continue
		}
		m := &mention{start: t.start, end: t.end, textStart: t.start}
		if hyphenDate(s, t) {
			continue // "25-01-2019", "2015-2020"
		}
		if loc := ofTotalRe.FindStringIndex(window(s, t.end, 40)); loc != nil && i+1 < len(toks) && toks[i+1].start == t.end+loc[1] {
			a, okA := t.count()
			b, okB := toks[i+1].count()
			i++
			if !okA || !okB {
				continue
			}
			m.part, m.whole, m.ratio, m.end = a, b, true, toks[i].end
			describe(d, m)
			out = append(out, m)
			continue
		}
		if loc := slashRe.FindStringIndex(window(s, t.end, 8)); loc != nil && i+1 < len(toks) && toks[i+1].start == t.end+loc[1] {
			next := toks[i+1]
			i++
			if precededBySlash(s, t.start) || slashRe.MatchString(window(s, next.end, 8)) {
				// A date or a document number; skip the remaining parts too.
				for i+1 < len(toks) && slashBetween(s, toks[i].end, toks[i+1].start) {
					i++
				}
				continue
			}
			a, okA := t.count()
			b, okB := next.count()
			if !okA || !okB {
				continue
			}
			m.part, m.whole, m.ratio, m.end = a, b, true, next.end
		} else {
			a, ok := t.count()
			if !ok || precededBySlash(s, t.start) || followsSlashOrPercent(s, t.end) {
				continue
			}
			m.part = a
		}
		describe(d, m)
		out = append(out, m)
	}
	return out
}

// hyphenDate reports whether a number is part of a date or a span of
// years written with hyphens ("25-01-2019", "2015-2020").
func hyphenDate(s string, t token) bool {
	before := t.start >= 2 && s[t.start-1] == '-' && isDigit(s[t.start-2])
	after := t.end+1 < len(s) && s[t.end] == '-' && isDigit(s[t.end+1])
	return before || after
}

func precededBySlash(s string, start int) bool {
	return strings.HasSuffix(strings.TrimRight(s[:start], " \t"), "/")
}

func slashBetween(s string, end, next int) bool {
	return next > end && strings.TrimSpace(s[end:next]) == "/"
}

// levelAfter reads the level words of the clause of s starting at after:
// when there are some, m.level is their level and m.clauseEnd the end of
// the words (of the clause when they cannot be located in it).
func (m *mention) levelAfter(s string, after int) {
	end := clauseEnd(s, after, clauseLimit)
	var phrase string
	if m.level, phrase = findLevel(squash(s[after:end])); m.level != "" {
		m.clauseEnd = trimRightSpace(s, after, end)
		if k := strings.Index(s[after:end], phrase); k >= 0 {
			m.clauseEnd = after + k + len(phrase)
		}
	}
}

// describe reads the words around a mention: lead-in, share, level.
func describe(d *document, m *mention) {
	s := d.lower
	m.lead = squash(s[leadStart(s, m.start, leadLimit):m.start])
	m.childLead = childLeadRe.MatchString(m.lead)
	m.otherYear = yearLeadRe.MatchString(m.lead)
	m.share = findShare(d, m.end)
	if m.share == nil && m.ratio {
		m.share = shareBefore(d, m)
	}
	end := clauseEnd(s, m.end, clauseLimit)
	if m.share != nil && m.share.verbStart >= m.end && m.share.verbStart < end {
		end = m.share.verbStart
	}
	m.clauseEnd = trimRightSpace(s, m.end, end)
	clause := squash(s[m.end:end])
	if sh := m.share; sh != nil && sh.verbStart < m.end {
		// "100% (61/61) thôn có chi bộ": the words follow the parenthesis.
		after := clauseEnd(s, sh.end, clauseLimit)
		clause = squash(s[sh.end:after])
		m.clauseEnd = sh.end
		if level, phrase := findLevel(clause); level != "" {
			if k := strings.Index(s[sh.end:after], phrase); k >= 0 {
				m.clauseEnd = sh.end + k + len(phrase)
			}
		}
	}
	m.level = classifyLevel(clause)
	if m.level == "" {
		// "Hoàn thành xuất sắc nhiệm vụ: 5.893 đồng chí, chiếm 16,17%",
		// "HTXSNV 1.850 đồng chí (15,0%)"
		var words int
		if m.level, words = levelAtEnd(m.lead); m.level != "" {
			m.textStart = wordsBack(s, m.start, words)
		}
	}
	if m.level == "" && m.share != nil && m.share.paren {
		// "92 chi bộ (chiếm 17,93%) hoàn thành xuất sắc nhiệm vụ": the
		// level words must follow the parenthesis, not a new clause.
		after := m.share.end
		rest := strings.TrimLeft(s[after:], " \t\u00a0")
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) {
			m.levelAfter(s, after)
		}
	}
	if m.level == "" && end < len(s) && s[end] == ':' && strings.HasSuffix(clause, "xếp loại") {
		// "02/10 đồng chí xếp loại: Hoàn thành xuất sắc nhiệm vụ"
		m.levelAfter(s, end+1)
	}
	m.subject = classifySubject(clause)
	if m.level == "" {
		m.evaluated, m.notEval = classifyEvaluation(clause)
		if !m.evaluated && !m.notEval && !m.childLead {
			// "Đối với việc đánh giá 431 chi bộ", "hoàn thành việc đánh
			// giá ở 117/120 tổ chức": the evaluation is named before.
			if ev, notEv := classifyEvaluation(m.lead); ev && !notEv && classifyLevel(m.lead) == "" {
				m.evaluated = true
			}
		}
	}
}

// wordsBack returns where the n words before end start, stepping over a
// ":" or "là" right before end: the start of "Hoàn thành tốt nhiệm vụ" in
// "Hoàn thành tốt nhiệm vụ: 27.654".
func wordsBack(s string, end, n int) int {
	i := strings.TrimRight(s[:end], " \t\r\n\u00a0:")
	if strings.HasSuffix(i, " là") {
		i = strings.TrimRight(strings.TrimSuffix(i, " là"), " \t\r\n\u00a0")
	}
	fields := strings.FieldsFunc(i[max(0, len(i)-leadLimit*4):], isSpace) // the words of the lead-in, not the whole text
	if n <= 0 || n > len(fields) {
		return end
	}
	pos := len(i)
	for k := 0; k < n; k++ {
		pos = strings.LastIndexFunc(i[:pos], func(r rune) bool { return !isSpace(r) }) + 1
		pos = strings.LastIndexFunc(i[:pos], isSpace) + 1
	}
	return pos
}

// trimRightSpace moves end back over spaces, commas and a dangling
// conjunction ("và", "với"), not before start.
func trimRightSpace(s string, start, end int) int {
	for end > start {
		r, size := utf8.DecodeLastRuneInString(s[start:end])
		if isSpace(r) || r == ',' {
			end -= size
			continue
		}
		trimmed := false
		for _, w := range []string{" và", " với", " gồm"} {
			if strings.HasSuffix(s[start:end], w) {
				end -= len(w)
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return end
}

// findShare matches a share right after a figure ending at end.
func findShare(d *document, end int) *share {
	s := d.lower
	m := shareRe.FindStringSubmatchIndex(window(s, end, gapLimit+40))
	if m == nil {
		b := bareShareRe.FindStringSubmatchIndex(window(s, end, gapLimit+40))
		if b == nil {
			return nil
		}
		// Same layout as shareRe: the opening parenthesis is the verb.
		m = []int{b[0], b[1], b[2], b[3], b[4], b[5], b[4], b[5], -1, -1, b[6], b[7]}
	}
	gap := s[end : end+m[3]]
	if len(gap) > gapLimit || strings.Contains(gap, "trong đó") || hasBlankLine(gap) {
		return nil
	}
	sh := &share{
		verbStart: end + m[6],
		numStart:  end + m[10],
		end:       end + m[1],
		raw:       d.src[end+m[10] : end+m[11]],
		paren:     m[4] >= 0,
	}
	if sh.paren {
		sh.verbStart = end + m[4]
		if strings.HasPrefix(s[sh.end:], ")") {
			sh.end++
		}
	}
	if m[8] >= 0 {
		sh.approx = d.src[end+m[8] : end+m[9]]
	}
	for sh.end > sh.numStart && s[sh.end-1] != '%' && s[sh.end-1] != ')' {
		sh.end-- // trailing spaces of the match
	}
	sh.val, sh.err = parsePercent(sh.raw)
	return sh
}

// preShareRe is a share written before its ratio: "100% (61/61)".
var preShareRe = compile(`(\d+(?:[.,]\d+)*)_*%_*\(_*$`)

// shareBefore reads "x% (a/b)", the share stated before its ratio.
func shareBefore(d *document, m *mention) *share {
	from := max(0, m.start-40)
	loc := preShareRe.FindStringSubmatchIndex(d.lower[from:m.start])
	if loc == nil {
		return nil
	}
	sh := &share{verbStart: from + loc[2], numStart: from + loc[2], end: m.end, raw: d.src[from+loc[2] : from+loc[3]]}
	if rest := strings.TrimLeft(d.lower[m.end:], " "); strings.HasPrefix(rest, ")") {
		sh.end = len(d.lower) - len(rest) + 1
	}
	sh.val, sh.err = parsePercent(sh.raw)
	m.textStart = sh.numStart
	return sh
}

func hasBlankLine(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' && blankLineFollows(s, i+1) {
			return true
		}
	}
	return false
}

// parsePercent reads a stated percentage. A single dot followed by three
// digits reads as a thousands separator in Vietnamese ("1.234"), which no
// share can be; such a value above 100 is read with a decimal point instead
// ("12.500%" is 12,5%).
func parsePercent(raw string) (vnformat.Decimal, error) {
	v, err := vnformat.ParseNumber(raw)
	if err != nil {
		return v, err
	}
	if strings.Count(raw, ".") == 1 && !strings.Contains(raw, ",") && v.Scale == 0 && v.Unscaled > 100 {
		return vnformat.ParseNumber(strings.Replace(raw, ".", ",", 1))
	}
	return v, nil
}

// scanZeros finds "không có <subjects> <level>", a level with no subject.
func scanZeros(d *document) []*mention {
	s := d.lower
	var out []*mention
	literalAt(s, "không", func(at int) {
		loc := zeroRe.FindStringIndex(window(s, at, 32))
		if loc == nil {
			return
		}
		from := at + loc[1]
		end := clauseEnd(s, from, clauseLimit)
		level := classifyLevel(squash(s[from:end]))
		if level == "" {
			return
		}
		lead := squash(s[leadStart(s, at, leadLimit):at])
		end = trimRightSpace(s, from, end)
		out = append(out, &mention{
			start: at, end: end, textStart: at, clauseEnd: end,
			lead: lead, childLead: childLeadRe.MatchString(lead + " không có"),
			level: level, zero: true,
		})
	})
	return out
}
