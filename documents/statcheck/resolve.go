package statcheck

import (
	"fmt"
	"sort"

	"vanthu/documents/vnformat"
)

// base is a number later figures are shares of.
type base struct {
	value, whole   int64 // whole > 0 for "N/M … được đánh giá"
	evaluated      bool  // the number evaluated, not the total of subjects
	ratioWhole     bool  // synthetic: the denominator of a ratio in the sentence
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

// resolver walks the figures in text order, keeping the bases in force.
type resolver struct {
	doc      *document
	mentions []*mention
	totals   []totalStmt
	claims   []Claim

	bases  []*base
	eval   *base // latest evaluated total
	gen    *base // latest general total
	parent *mention
	para   int

	groups   []*group
	groupFor map[groupKey]*group
}

func newResolver(doc *document) *resolver {
	toks := scanTokens(doc.src)
	totals := scanTotals(doc, toks)
	mentions := append(scanMentions(doc, toks, totals), scanZeros(doc)...)
	return &resolver{doc: doc, mentions: mentions, totals: totals, groupFor: map[groupKey]*group{}}
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
			r.para, r.parent = p, nil
		}
		if it.total != nil {
			t := it.total
			r.setBase(&base{value: t.value, evaluated: t.evaluated, start: t.start, end: t.end})
			continue
		}
		r.mention(it.m)
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
	if b.evaluated {
		r.eval = b
	} else {
		r.gen = b
	}
}

// isChild reports whether m is inside a "trong đó" clause of the figure
// before it in the same sentence (and not of a total stated after it).
func (r *resolver) isChild(m *mention) bool {
	if !m.childLead || r.parent == nil || r.doc.sentence(r.parent.start) != r.doc.sentence(m.start) {
		return false
	}
	for _, b := range []*base{r.eval, r.gen} {
		if b != nil && b.start > r.parent.start {
			return false
		}
	}
	return true
}

func (r *resolver) mention(m *mention) {
	if m.zero {
		if !m.childLead {
			r.addLevel(r.currentGroup(), m)
		}
		return
	}
	if leadSkips(m.lead) && !m.childLead {
		return
	}
	switch {
	case m.level == "" && m.evaluated:
		r.evaluatedStatement(m)
		return
	case m.level == "" && m.notEval:
		if r.eval != nil && r.eval.whole > 0 && !r.eval.fromShare && r.eval.sentence == r.doc.sentence(m.start) && !m.ratio {
			r.eval.notEvaluated = append(r.eval.notEvaluated, m.part)
			r.eval.end = max(r.eval.end, m.clauseEnd)
		}
		return
	case r.isChild(m):
		r.child(m)
		return
	case m.level == "" && m.share == nil:
		return
	}
	if m.ratio {
		if m.share != nil {
			r.claims = append(r.claims, r.shareClaim(KindRatioShare, m, m.part, m.whole, "mẫu số đã ghi", true, r.alternatives(m.whole)))
		}
		if m.level != "" {
			r.addLevel(r.ratioGroup(m.whole), m)
		}
		r.parent = m
		return
	}
	b, weak := r.countBase(m)
	if m.share != nil {
		if b == nil {
			r.claims = append(r.claims, r.unknownBase(m))
		} else {
			b.used = true
			confident := !weak && !m.otherYear && m.level != "" && (b.evaluated || b.ratioWhole)
			r.claims = append(r.claims, r.shareClaim(KindCountShare, m, m.part, b.value, b.describe(), confident, r.alternatives(b.value)))
		}
	}
	if m.level != "" && b != nil {
		r.addLevel(r.baseGroup(b), m)
	}
	r.parent = m
}

// evaluatedStatement handles "118/120 … được đánh giá, xếp loại" and
// "36.449 đồng chí được đánh giá": the count becomes the evaluated base.
func (r *resolver) evaluatedStatement(m *mention) {
	b := &base{value: m.part, whole: m.whole, evaluated: true, start: m.start, end: m.clauseEnd}
	if m.share != nil {
		b.fromShare = true
		if m.ratio {
			r.claims = append(r.claims, r.shareClaim(KindRatioShare, m, m.part, m.whole, "mẫu số đã ghi", true, nil))
		} else if r.gen != nil {
			// "36.449 đồng chí được đánh giá, xếp loại, đạt 98,19%": of the total.
			r.gen.used = true
			r.claims = append(r.claims, r.shareClaim(KindCountShare, m, m.part, r.gen.value, r.gen.describe(), false, nil))
		} else {
			r.claims = append(r.claims, r.unknownBase(m))
		}
	}
	r.setBase(b)
	r.parent = nil
}

// child checks "(trong đó có c …, chiếm y%)" against the parent's count.
func (r *resolver) child(m *mention) {
	if m.share == nil {
		return
	}
	p := r.parent
	alts := []alt{}
	if p.ratio {
		alts = append(alts, alt{p.whole, "mẫu số của vế trước"})
	}
	alts = append(alts, r.alternatives(p.part)...)
	c := r.shareClaim(KindChildShare, m, m.part, p.part, "số của vế trước", true, alts)
	if m.ratio && m.whole != p.part {
		c.Verdict = VerdictWrong
		c.Message = fmt.Sprintf("Sai: tỷ lệ “trong đó” phải tính trên %s (số của vế trước), không phải trên %s: %s/%s = %s.",
			vnformat.Int(p.part), vnformat.Int(m.whole), vnformat.Int(m.part), vnformat.Int(p.part), c.Computed)
	}
	r.claims = append(r.claims, c)
}

// countBase chooses the base of a count share: the evaluated total, else
// the general total, else the denominator of a ratio earlier in the same
// sentence. weak is true when the base was stated in an earlier paragraph.
func (r *resolver) countBase(m *mention) (b *base, weak bool) {
	para, sentence := r.doc.paragraph(m.start), r.doc.sentence(m.start)
	var candidates []*base
	for _, c := range []*base{r.eval, r.gen} {
		if c != nil && c.para == para {
			candidates = append(candidates, c)
		}
	}
	if p := r.parent; p != nil && p.ratio && r.doc.sentence(p.start) == sentence {
		candidates = append(candidates, r.ratioBase(p.whole, p))
	}
	if len(candidates) > 0 {
		return candidates[0], false
	}
	for _, c := range []*base{r.eval, r.gen} {
		if c != nil {
			return c, true
		}
	}
	return nil, false
}

// ratioBase returns the synthetic base of the denominator of ratio p.
func (r *resolver) ratioBase(whole int64, p *mention) *base {
	if p.group != nil && p.group.base != nil && p.group.base.value == whole {
		return p.group.base
	}
	return &base{value: whole, ratioWhole: true, fromShare: true, para: r.doc.paragraph(p.start), sentence: r.doc.sentence(p.start)}
}

type alt struct {
	whole int64
	desc  string
}

// alternatives lists the other bases in force, to explain a wrong share.
func (r *resolver) alternatives(chosen int64) []alt {
	var out []alt
	for _, b := range []*base{r.eval, r.gen} {
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
func (r *resolver) currentGroup() *group {
	if r.parent != nil && r.parent.group != nil {
		return r.parent.group
	}
	if r.eval != nil {
		return r.baseGroup(r.eval)
	}
	return nil
}

// ratioGroup is the group of levels written as x/whole: the evaluated
// total's when it equals whole, else one of its own.
func (r *resolver) ratioGroup(whole int64) *group {
	if r.eval != nil && r.eval.value == whole && r.eval.para == r.para {
		return r.baseGroup(r.eval)
	}
	k := groupKey{whole: whole, para: r.para}
	if g := r.groupFor[k]; g != nil {
		return g
	}
	g := &group{base: &base{value: whole, ratioWhole: true, fromShare: true, para: r.para}, para: r.para}
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
