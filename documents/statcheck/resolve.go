package statcheck

import (
	"sort"
	"strings"
)

// base is a number later figures are shares of.
type base struct {
	value, whole   int64 // whole > 0 for "N/M … được đánh giá"
	evaluated      bool  // the number evaluated, not the total of subjects
	ratioWhole     bool  // synthetic: the denominator of a ratio in the sentence
	subject        string
	para, sentence int
	start, end     int
	fromShare      bool // the statement is itself a share claim
	used           bool
	notEvaluated   []int64
}

func (b *base) describe() string {
	switch {
	case b.ratioWhole:
		return "mẫu số của vế trước"
	case b.evaluated:
		return "số được đánh giá, xếp loại"
	default:
		return "tổng số"
	}
}

// group collects the level counts that should add up to one base.
type group struct {
	base    *base
	para    int
	entries []*mention
}

type groupKey struct {
	b     *base
	whole int64
	para  int
}

// cand is a base a stated share may have been computed on.
type cand struct {
	whole int64
	desc  string
}

// pending is a share whose verdict waits for the whole text: the sum of
// the levels of its group is one of its candidate bases.
type pending struct {
	kind  string
	m     *mention
	part  int64
	cands []cand // plausible bases, the one the rules call for first
	clear bool   // cands[0] is certainly the base: a mismatch is wrong
	group *group // its levels' sum is a plausible base too, when b is not an evaluated count
	alts  []alt  // other numbers in force, to explain a mismatch
}

// resolver walks the figures in text order, keeping the bases in force.
type resolver struct {
	doc      *document
	mentions []*mention
	totals   []totalStmt
	claims   []Claim
	pendings []*pending

	bases  []*base
	parent *mention // the last figure with a level, or a ratio
	prev   *mention // the last figure
	para   int

	groups   []*group
	groupFor map[groupKey]*group

	tables      []table
	tableGroups []*group // the level rows of each table, for Counts

	categories []int // where "Đối với …" opens a category of subjects
}

func newResolver(doc *document) *resolver {
	tables := scanTables(doc)
	var toks []token
	for _, t := range scanTokens(doc.src) {
		if !inTable(tables, t.start) {
			toks = append(toks, t) // rows of tables are read by checkTables
		}
	}
	totals := scanTotals(doc, toks)
	mentions := append(scanMentions(doc, toks, totals), scanZeros(doc)...)
	var categories []int
	literalAt(doc.lower, "đối với", func(at int) { categories = append(categories, at) })
	return &resolver{doc: doc, mentions: mentions, totals: totals, groupFor: map[groupKey]*group{}, tables: tables, categories: categories}
}

func (r *resolver) run() {
	type item struct {
		start int
		total *totalStmt
		m     *mention
	}
	items := make([]item, 0, len(r.mentions)+len(r.totals))
	for i := range r.totals {
		items = append(items, item{start: r.totals[i].start, total: &r.totals[i]})
	}
	for _, m := range r.mentions {
		items = append(items, item{start: m.start, m: m})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].start < items[j].start })
	for _, it := range items {
		if p := r.doc.paragraph(it.start); p != r.para {
			r.para, r.parent, r.prev = p, nil, nil
		}
		if it.total != nil {
			t := it.total
			r.setBase(&base{value: t.value, evaluated: t.evaluated, subject: t.subject, start: t.start, end: t.end})
			continue
		}
		r.mention(it.m)
		r.prev = it.m
	}
	r.checkTables(r.tables)
	r.checkBreakdowns()
	for _, p := range r.pendings {
		r.claims = append(r.claims, r.decide(p))
	}
	for _, g := range r.groups {
		r.checkGroup(g)
	}
	for _, b := range r.bases {
		r.totalClaim(b)
	}
}

func (r *resolver) setBase(b *base) {
	b.para, b.sentence = r.doc.paragraph(b.start), r.doc.sentence(b.start)
	r.bases = append(r.bases, b)
}

// latest returns the last base stated of the given kind whose subject fits.
func (r *resolver) latest(evaluated bool, subject string) *base {
	for i := len(r.bases) - 1; i >= 0; i-- {
		if b := r.bases[i]; b.evaluated == evaluated && !b.ratioWhole && compatible(subject, b.subject) {
			return b
		}
	}
	return nil
}

// isChild reports whether m is inside a "trong đó" clause of the figure
// before it in the same sentence (and not of a total stated after it).
func (r *resolver) isChild(m *mention) bool {
	if !m.childLead || r.parent == nil || r.doc.sentence(r.parent.start) != r.doc.sentence(m.start) {
		return false
	}
	for _, b := range []*base{r.latest(true, ""), r.latest(false, "")} {
		if b != nil && b.start > r.parent.start {
			return false
		}
	}
	return true
}

func (r *resolver) mention(m *mention) {
	if m.zero {
		if !m.childLead {
			r.addLevel(r.currentGroup(m), m)
		}
		return
	}
	if leadSkips(m.lead) && !m.childLead {
		r.change(m)
		return
	}
	if m.level == "" && !m.evaluated && !m.notEval && (m.lead == "và" || strings.HasSuffix(m.lead, " và")) &&
		r.prev != nil && r.prev.evaluated && r.doc.sentence(r.prev.start) == r.doc.sentence(m.start) {
		m.evaluated = true // "đánh giá ở 117/120 tổ chức cơ sở Đảng và 11.917 đảng viên"
	}
	switch {
	case m.level == "" && m.evaluated:
		r.evaluatedStatement(m)
		return
	case m.level == "" && m.notEval:
		r.notEvaluated(m)
		return
	case r.isChild(m):
		r.child(m)
		return
	case m.level == "" && m.share == nil:
		r.generalTotal(m)
		return
	}
	if m.ratio {
		r.ratio(m)
		return
	}
	b, weak := r.countBase(m)
	if m.share != nil {
		r.countShare(m, b, weak)
	}
	if m.level != "" && b != nil {
		r.addLevel(r.baseGroup(b), m)
	}
	if m.level != "" {
		r.parent = m
	}
}

// ratio handles "a/b … <level>, chiếm x%": the share is over b, or over
// the figure a "trong đó" clause belongs to.
func (r *resolver) ratio(m *mention) {
	if m.share != nil {
		p := &pending{kind: KindRatioShare, m: m, part: m.part, cands: []cand{{m.whole, "mẫu số đã ghi"}}, clear: true, alts: r.alternatives(m.whole, m.subject)}
		if par := r.contextParent(m); par != nil && par.part != m.whole {
			p.cands = append(p.cands, cand{par.part, "số của vế trước"})
		}
		r.pendings = append(r.pendings, p)
	}
	if m.level != "" {
		r.addLevel(r.ratioGroup(m.whole, m.subject), m)
	}
	r.parent = m
}

// contextParent returns the figure a "trong đó" lead-in refers to, when
// it is in the same sentence.
func (r *resolver) contextParent(m *mention) *mention {
	p := r.parent
	if p == nil || !strings.Contains(m.lead, "trong đó") || r.doc.sentence(p.start) != r.doc.sentence(m.start) {
		return nil
	}
	return p
}

// countShare queues "a …, chiếm x%" with the bases the text allows.
func (r *resolver) countShare(m *mention, b *base, weak bool) {
	p := &pending{kind: KindCountShare, m: m, part: m.part}
	add := func(whole int64, desc string) {
		if whole <= 0 {
			return
		}
		for _, c := range p.cands {
			if c.whole == whole {
				return
			}
		}
		p.cands = append(p.cands, cand{whole, desc})
	}
	if named := r.namedBase(m); named != nil {
		// "chiếm 18,97% số chi bộ hoàn thành tốt nhiệm vụ trở lên": the
		// text names the base.
		add(named.part, "số "+levelName[named.level]+" đã nêu")
		p.clear = !m.otherYear
	}
	if b != nil {
		b.used = true
		add(b.value, b.describe())
		add(b.whole, "tổng số")
		p.clear = p.clear || (!weak && !m.otherYear && m.level != "" && (b.evaluated || b.ratioWhole))
		if !b.evaluated && !b.ratioWhole {
			p.group = r.baseGroup(b)
		}
		if g := r.latest(false, m.subject); b.evaluated && g != nil && g.para == r.para {
			add(g.value, "tổng số")
		}
	}
	if par := r.contextParent(m); par != nil {
		add(par.part, "số của vế trước")
	}
	if par := r.parent; par != nil && m.level == levelExcellent && par.level == levelGoodOrAbove &&
		r.doc.sentence(par.start) == r.doc.sentence(m.start) {
		// "… tốt nhiệm vụ trở lên, chiếm 94,54%; trong số đó 92 hoàn
		// thành xuất sắc nhiệm vụ, chiếm 18,97%"
		add(par.part, "số hoàn thành tốt nhiệm vụ trở lên")
	}
	if len(p.cands) == 0 {
		r.claims = append(r.claims, r.unknownBase(m))
		return
	}
	if b != nil {
		p.alts = r.alternatives(b.value, m.subject)
	}
	r.pendings = append(r.pendings, p)
}

// namedBaseRe is the base named after a share: "(so với) (tổng) số <subject>
// <level>".
var namedBaseRe = compile(`^_*(?:so_+với_+|trên_+|của_+)?(?:tổng_+)?số_+([^;:()%.!?\d]{1,80})`)

// levelName is how a base of a level is named in messages.
var levelName = map[string]string{
	levelExcellent: "hoàn thành xuất sắc nhiệm vụ", levelGood: "hoàn thành tốt nhiệm vụ",
	levelCompleted: "hoàn thành nhiệm vụ", levelNotCompleted: "không hoàn thành nhiệm vụ",
	levelGoodOrAbove: "hoàn thành tốt nhiệm vụ trở lên", levelCompletedOrAbove: "hoàn thành nhiệm vụ trở lên",
	levelStrong: "trong sạch vững mạnh", levelStrongModel: "trong sạch vững mạnh tiêu biểu",
}

// namedBase returns the count of the level a share names as its base
// ("chiếm 18,97% số chi bộ hoàn thành tốt nhiệm vụ trở lên"): the last
// count of that level before m in the paragraph.
func (r *resolver) namedBase(m *mention) *mention {
	if m.share == nil {
		return nil
	}
	s := r.doc.lower
	loc := namedBaseRe.FindStringSubmatchIndex(window(s, m.share.end, 120))
	if loc == nil {
		return nil
	}
	level := classifyLevel(squash(s[m.share.end+loc[2] : m.share.end+loc[3]]))
	if level == "" || level == m.level {
		return nil
	}
	para := r.doc.paragraph(m.start)
	var found *mention
	for _, o := range r.mentions {
		if o.start >= m.start {
			break
		}
		if o.level == level && !o.zero && r.doc.paragraph(o.start) == para && compatible(o.subject, m.subject) {
			found = o
		}
	}
	return found
}

// evaluatedStatement handles "118/120 … được đánh giá, xếp loại" and
// "36.449 đồng chí được đánh giá": the count becomes the evaluated base.
func (r *resolver) evaluatedStatement(m *mention) {
	b := &base{value: m.part, whole: m.whole, evaluated: true, subject: m.subject, start: m.start, end: m.clauseEnd}
	if m.subject == "" && r.prev != nil && strings.HasSuffix(m.lead, "và") && r.doc.sentence(r.prev.start) == r.doc.sentence(m.start) {
		b.subject = r.prev.subject
	}
	if m.share != nil {
		b.fromShare = true
		if m.ratio {
			r.pendings = append(r.pendings, &pending{kind: KindRatioShare, m: m, part: m.part, cands: []cand{{m.whole, "mẫu số đã ghi"}}, clear: true})
		} else if g := r.latest(false, m.subject); g != nil {
			// "36.449 đồng chí được đánh giá, xếp loại, đạt 98,19%": of the total.
			g.used = true
			r.pendings = append(r.pendings, &pending{kind: KindCountShare, m: m, part: m.part, cands: []cand{{g.value, g.describe()}}})
		} else {
			r.claims = append(r.claims, r.unknownBase(m))
		}
	}
	r.setBase(b)
	r.parent = nil
}

// notEvaluated handles "2 chi bộ chưa đánh giá, xếp loại": it completes
// the ratio of the evaluated count before it in the paragraph, and its
// share, if any, is over the total.
func (r *resolver) notEvaluated(m *mention) {
	e := r.latest(true, m.subject)
	if e != nil && e.whole > 0 && e.para == r.doc.paragraph(m.start) && !m.ratio {
		e.notEvaluated = append(e.notEvaluated, m.part)
		e.end = max(e.end, m.clauseEnd)
	}
	if m.share == nil || m.ratio {
		return
	}
	p := &pending{kind: KindCountShare, m: m, part: m.part}
	if e != nil && e.whole > 0 {
		p.cands = append(p.cands, cand{e.whole, "tổng số"})
	}
	if g := r.latest(false, m.subject); g != nil && (e == nil || g.value != e.whole) {
		p.cands = append(p.cands, cand{g.value, "tổng số"})
	}
	if len(p.cands) == 0 {
		r.claims = append(r.claims, r.unknownBase(m))
		return
	}
	r.pendings = append(r.pendings, p)
}

// generalTotal takes "hiện có 41 tổ chức cơ sở Đảng" as the total of its
// subjects.
func (r *resolver) generalTotal(m *mention) {
	lead := m.lead
	if m.ratio || m.subject == "" || strings.Contains(lead, "trong đó") || !(lead == "có" || strings.HasSuffix(lead, " có")) {
		return
	}
	r.setBase(&base{value: m.part, subject: m.subject, start: m.start, end: m.clauseEnd})
}

// child checks "(trong đó có c …, chiếm y%)" against the parent's count,
// or the evaluated count.
func (r *resolver) child(m *mention) {
	if m.share == nil {
		return
	}
	// The share of a "trong đó" clause is over the clause it belongs to
	// ("hoàn thành xuất sắc nhiệm vụ" within "tốt nhiệm vụ trở lên", as the
	// 20% quota reads); a share over all evaluated is a slip, unless the
	// clause writes its own ratio ("92/513 …, chiếm 17,93%").
	p := r.parent
	pd := &pending{kind: KindChildShare, m: m, part: m.part, cands: []cand{{p.part, "số của vế trước"}}, clear: true}
	if m.ratio && m.whole != p.part {
		pd.cands = append(pd.cands, cand{m.whole, "mẫu số đã ghi"})
	}
	if p.ratio {
		pd.alts = append(pd.alts, alt{p.whole, "mẫu số của vế trước"})
	}
	pd.alts = append(pd.alts, r.alternatives(p.part, m.subject)...)
	r.pendings = append(r.pendings, pd)
}

// countBase chooses the base of a count share: the evaluated total, else
// the general total, else the denominator of a ratio earlier in the same
// sentence. weak is true when the base was stated in an earlier paragraph.
func (r *resolver) countBase(m *mention) (b *base, weak bool) {
	para, sentence := r.doc.paragraph(m.start), r.doc.sentence(m.start)
	eval, gen := r.latest(true, m.subject), r.latest(false, m.subject)
	for _, c := range []*base{eval, gen} {
		if c != nil && c.para == para {
			return c, r.newCategory(c.end, m.start)
		}
	}
	if p := r.parent; p != nil && p.ratio && r.doc.sentence(p.start) == sentence {
		return r.ratioBase(p.whole, p), r.newCategory(p.end, m.start)
	}
	for _, c := range []*base{eval, gen} {
		if c != nil {
			return c, true
		}
	}
	return nil, false
}

// newCategory reports whether "Đối với …" opens another category of
// subjects between a base stated at from and a figure at to: the base is
// then not certainly the figure's.
func (r *resolver) newCategory(from, to int) bool {
	for _, at := range r.categories {
		if from <= at && at < to {
			return true
		}
	}
	return false
}

// ratioBase returns the synthetic base of the denominator of ratio p.
func (r *resolver) ratioBase(whole int64, p *mention) *base {
	if p.group != nil && p.group.base != nil && p.group.base.value == whole {
		return p.group.base
	}
	return &base{value: whole, ratioWhole: true, fromShare: true, subject: p.subject, para: r.doc.paragraph(p.start), sentence: r.doc.sentence(p.start)}
}

type alt struct {
	whole int64
	desc  string
}

// alternatives lists the other bases in force, to explain a wrong share.
func (r *resolver) alternatives(chosen int64, subject string) []alt {
	var out []alt
	for _, b := range []*base{r.latest(true, subject), r.latest(false, subject)} {
		if b == nil {
			continue
		}
		if b.value != chosen {
			out = append(out, alt{b.value, b.describe()})
		}
		if b.whole > 0 && b.whole != chosen {
			out = append(out, alt{b.whole, "tổng số"})
		}
	}
	return out
}

// currentGroup is where a "không có … <level>" belongs: the group of the
// figure before it in the paragraph, else that of the evaluated total.
func (r *resolver) currentGroup(m *mention) *group {
	if r.parent != nil && r.parent.group != nil {
		return r.parent.group
	}
	if e := r.latest(true, m.subject); e != nil {
		return r.baseGroup(e)
	}
	return nil
}

// ratioGroup is the group of levels written as x/whole: the evaluated
// total's when it equals whole, else one of its own.
func (r *resolver) ratioGroup(whole int64, subject string) *group {
	if e := r.latest(true, subject); e != nil && e.value == whole && e.para == r.para {
		return r.baseGroup(e)
	}
	k := groupKey{whole: whole, para: r.para}
	if g := r.groupFor[k]; g != nil {
		return g
	}
	g := &group{base: &base{value: whole, ratioWhole: true, fromShare: true, subject: subject, para: r.para}, para: r.para}
	r.groupFor[k] = g
	r.groups = append(r.groups, g)
	return g
}

func (r *resolver) baseGroup(b *base) *group {
	k := groupKey{b: b, para: r.para}
	if g := r.groupFor[k]; g != nil {
		return g
	}
	g := &group{base: b, para: r.para}
	r.groupFor[k] = g
	r.groups = append(r.groups, g)
	return g
}

func (r *resolver) addLevel(g *group, m *mention) {
	if g == nil {
		return
	}
	m.group = g
	g.entries = append(g.entries, m)
}

// levelSum returns the sum of a group's level counts when they are at
// least two distinct levels of one scale, and whether it is usable.
func levelSum(g *group) (int64, bool) {
	if g == nil || len(g.entries) < 2 {
		return 0, false
	}
	seen := map[string]bool{}
	var sum int64
	for _, m := range g.entries {
		if seen[m.level] {
			return 0, false
		}
		seen[m.level] = true
		sum += m.part
	}
	if partitionOf(seen) == nil {
		return 0, false
	}
	return sum, true
}
