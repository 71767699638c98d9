package statcheck

import (
	"fmt"
	"math/big"
	"strings"

	"vanthu/documents/vnformat"
)

func pct(d vnformat.Decimal) string { return d.String() + "%" }

// claimEnd is the end of a share claim's excerpt: the share, or the level
// words after it ("78 đồng chí (chiếm 18,9%) hoàn thành xuất sắc nhiệm vụ").
func claimEnd(m *mention) int {
	return max(m.share.end, m.clauseEnd)
}

// decide gives a pending share its verdict. The share is ok when it is
// the correct rounding over one of the candidate bases (the message names
// it); wrong when it matches none and the base is certain (the first
// candidate is the base the rules call for, or the only one and no whole
// number of subjects gives the stated share); unverifiable otherwise.
func (r *resolver) decide(p *pending) Claim {
	m := p.m
	cands, clear := p.cands, p.clear
	if m.level != "" && p.kind != KindRatioShare {
		// A level's count cannot exceed its base: such a base is not it.
		var fit []cand
		for i, cd := range cands {
			if cd.whole >= p.part {
				fit = append(fit, cd)
			} else if i == 0 {
				clear = false
			}
		}
		if len(fit) == 0 {
			c := r.unknownBase(m)
			c.Kind = p.kind
			c.Message = fmt.Sprintf("Không xác định được số gốc: %s lớn hơn các số gốc đã nêu trước đó.", vnformat.Int(p.part))
			return c
		}
		cands = fit
	}
	if sum, ok := levelSum(p.group); ok && sum >= p.part && (p.group.base == nil || sum <= p.group.base.value) {
		if groupComplete(p.group) && sum == cands[0].whole {
			clear = true // the levels add up to the total: it is the base
		} else if sum != cands[0].whole {
			cands = append(append([]cand(nil), cands...), cand{sum, "tổng các mức đã nêu"})
		}
	}
	c := Claim{Start: m.textStart, End: claimEnd(m), Kind: p.kind, Level: m.level, Part: vnformat.Int(p.part), Whole: vnformat.Int(cands[0].whole)}
	st := m.share
	if st.err != nil {
		c.Verdict = VerdictUnverifiable
		c.Message = fmt.Sprintf("Không đọc được tỷ lệ “%s%%”.", st.raw)
		return c
	}
	c.Stated = pct(st.val)
	if st.approx != "" {
		// "chiếm gần 59%": not meant exactly; give the exact share.
		exact, err := vnformat.PercentDecimal(p.part, cands[0].whole, 2)
		c.Verdict = VerdictUnverifiable
		if err != nil {
			c.Message = fmt.Sprintf("Tỷ lệ ước chừng (“%s %s”).", st.approx, c.Stated)
			return c
		}
		c.Computed = pct(exact)
		c.Message = fmt.Sprintf("Tỷ lệ ước chừng (“%s %s”): %s/%s = %s (%s).", st.approx, c.Stated,
			vnformat.Int(p.part), vnformat.Int(cands[0].whole), c.Computed, cands[0].desc)
		return c
	}
	wants := make([]vnformat.Decimal, len(cands))
	for i, cd := range cands {
		want, err := vnformat.PercentDecimal(p.part, cd.whole, st.val.Scale)
		if cd.whole <= 0 || err != nil {
			c.Verdict = VerdictUnverifiable
			c.Message = "Số gốc bằng 0 hoặc không tính được tỷ lệ từ các số đã ghi."
			return c
		}
		wants[i] = want
	}
	c.Computed = pct(wants[0])
	for i, cd := range cands {
		if wants[i] != st.val {
			continue
		}
		ratio := vnformat.Int(p.part) + "/" + vnformat.Int(cd.whole)
		c.Whole, c.Computed = vnformat.Int(cd.whole), pct(wants[i])
		if exact, ok := falseExtreme(p.part, cd.whole, st.val); ok {
			// Rounded to 100% or 0%, but not all or none: the figure reads
			// as "all" or "none" and misleads.
			c.Computed = pct(exact)
			c.Verdict = VerdictWrong
			if !clear || i > 0 {
				c.Verdict = VerdictUnverifiable
			}
			when := "không có trường hợp nào"
			if st.val.Unscaled != 0 {
				when = "đủ " + vnformat.Int(cd.whole) + "/" + vnformat.Int(cd.whole)
			}
			c.Message = fmt.Sprintf("Sai: %s = %s, không phải %s; chỉ ghi %s khi %s.", ratio, c.Computed, c.Stated, c.Stated, when)
			return c
		}
		c.Verdict = VerdictOK
		if i == 0 && p.kind == KindChange {
			c.Message = fmt.Sprintf("Đúng: %s = %s (%s).", ratio, c.Computed, cd.desc)
		} else if i == 0 {
			c.Message = fmt.Sprintf("Đúng: %s = %s.", ratio, c.Computed)
		} else {
			c.Message = fmt.Sprintf("Đúng khi tính trên %s (%s): %s = %s; trên %s (%s) thì là %s.",
				vnformat.Int(cd.whole), cd.desc, ratio, c.Computed, vnformat.Int(cands[0].whole), cands[0].desc, pct(wants[0]))
		}
		return c
	}
	possible, example := someBaseGives(p.part, st.val)
	distinct := map[int64]bool{}
	for _, cd := range cands {
		distinct[cd.whole] = true
	}
	first := cands[0]
	ratio := vnformat.Int(p.part) + "/" + vnformat.Int(first.whole)
	cause := mismatchCause(p.part, first.whole, st.val, wants[0], p.alts)
	if clear || (!possible && len(distinct) == 1 && m.level != "") {
		c.Verdict = VerdictWrong
		if !clear {
			cause += fmt.Sprintf("; không có số gốc nào cho %s ra %s", vnformat.Int(p.part), c.Stated)
		}
		c.Message = fmt.Sprintf("Sai: tỷ lệ đúng là %s (%s), không phải %s%s.", c.Computed, ratio, c.Stated, cause)
		return c
	}
	c.Verdict = VerdictUnverifiable
	var tried []string
	for i, cd := range cands {
		tried = append(tried, fmt.Sprintf("trên %s (%s) là %s", vnformat.Int(cd.whole), cd.desc, pct(wants[i])))
	}
	if len(cands) == 1 {
		c.Message = fmt.Sprintf("Chưa xác định chắc số gốc: nếu tính trên %s (%s) thì tỷ lệ là %s, không phải %s%s",
			vnformat.Int(first.whole), first.desc, c.Computed, c.Stated, cause)
	} else {
		c.Message = fmt.Sprintf("Chưa xác định chắc số gốc: %s, không phải %s", strings.Join(tried, ", "), c.Stated)
	}
	switch {
	case !possible:
		c.Message += fmt.Sprintf("; không có số gốc nào cho %s ra %s.", vnformat.Int(p.part), c.Stated)
	case example != first.whole && m.level != "" && st.val.Cmp(vnformat.Decimal{Unscaled: 100}) < 0 && !namesEvaluated(cands):
		// No evaluated count is stated: say which one the share implies.
		c.Message += fmt.Sprintf("; %s ứng với số gốc %s, không nêu trong văn bản.", c.Stated, vnformat.Int(example))
	default:
		c.Message += "."
	}
	return c
}

// namesEvaluated reports whether one of the bases is an evaluated count.
func namesEvaluated(cands []cand) bool {
	for _, cd := range cands {
		if cd.desc == (&base{evaluated: true}).describe() {
			return true
		}
	}
	return false
}

// someBaseGives reports whether some whole number of subjects N >= part
// gives part/N rounded half-up to stated, and the smallest such N.
func someBaseGives(part int64, stated vnformat.Decimal) (bool, int64) {
	if part <= 0 || stated.Unscaled <= 0 || stated.Cmp(vnformat.Decimal{Unscaled: 100}) > 0 {
		return true, max(part, 1) // over 100%: a plan or a target, any base may do
	}
	// 100·part/N lies in [U-½, U+½)·10^-d: N in (k/(2U+1), k/(2U-1)] with k = 200·part·10^d.
	k := new(big.Int).Mul(big.NewInt(200*part), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(stated.Scale)), nil))
	u := big.NewInt(stated.Unscaled)
	lo := new(big.Int).Quo(k, new(big.Int).Add(new(big.Int).Lsh(u, 1), big.NewInt(1))) // floor(k/(2U+1))
	hi := new(big.Int).Quo(k, new(big.Int).Sub(new(big.Int).Lsh(u, 1), big.NewInt(1))) // floor(k/(2U-1))
	n := new(big.Int).Add(lo, big.NewInt(1))
	if n.Cmp(big.NewInt(part)) < 0 {
		n.SetInt64(part)
	}
	if n.Cmp(hi) > 0 || !n.IsInt64() {
		return false, 0
	}
	return true, n.Int64()
}

// falseExtreme reports whether a stated 100% or 0% only comes from
// rounding, and returns the share with enough decimals to show it.
func falseExtreme(part, whole int64, stated vnformat.Decimal) (vnformat.Decimal, bool) {
	hundred := vnformat.Decimal{Unscaled: 100}
	isHundred := stated.Cmp(hundred) == 0 && part != whole
	isZero := stated.Unscaled == 0 && part != 0
	if !isHundred && !isZero {
		return vnformat.Decimal{}, false
	}
	for d := max(stated.Scale, 2); d <= vnformat.MaxDecimals; d++ {
		v, err := vnformat.PercentDecimal(part, whole, d)
		if err != nil {
			break
		}
		if (isHundred && v.Cmp(hundred) != 0) || (isZero && v.Unscaled != 0) || d == vnformat.MaxDecimals {
			return v, true
		}
	}
	return vnformat.Decimal{}, false
}

// mismatchCause explains a wrong share: another base, a half-down or
// half-to-even rounding, or truncation. It returns "" when nothing fits,
// as for a mistyped figure.
func mismatchCause(part, whole int64, stated, want vnformat.Decimal, alts []alt) string {
	var causes []string
	for _, a := range alts {
		if a.whole <= 0 || a.whole == whole {
			continue
		}
		if d, err := vnformat.PercentDecimal(part, a.whole, stated.Scale); err == nil && d == stated {
			causes = append(causes, fmt.Sprintf("%s là tỷ lệ tính trên %s (%s)", pct(stated), vnformat.Int(a.whole), a.desc))
			break
		}
	}
	if len(causes) == 0 && absDiff(stated.Unscaled, want.Unscaled) == 1 {
		num, rem := scaledShare(part, whole, stated.Scale)
		switch {
		case 2*rem == whole && absInt(stated.Unscaled) < absInt(want.Unscaled):
			// Exactly half: the digit after the last kept one is 5 and nothing follows.
			exact, _ := vnformat.PercentDecimal(part, whole, stated.Scale+1)
			causes = append(causes, fmt.Sprintf("%s = %s, chữ số bỏ đi là 5 nên phải làm tròn lên thành %s",
				vnformat.Int(part)+"/"+vnformat.Int(whole), pct(exact), pct(want)))
		case absInt(stated.Unscaled) == num && rem != 0:
			causes = append(causes, "có thể do cắt bớt chữ số thay vì làm tròn")
		}
	}
	if len(causes) == 0 {
		for _, d := range []int64{-1, 1} {
			if p := part + d; p >= 0 && p <= whole {
				if v, err := vnformat.PercentDecimal(p, whole, stated.Scale); err == nil && v == stated {
					causes = append(causes, fmt.Sprintf("có thể ghi nhầm số: %s/%s = %s", vnformat.Int(p), vnformat.Int(whole), pct(stated)))
					break
				}
			}
		}
	}
	if len(causes) == 0 {
		return ""
	}
	return "; " + strings.Join(causes, "; ")
}

// scaledShare returns floor(|part|·100·10^d / whole) and the remainder.
func scaledShare(part, whole int64, d int) (q, rem int64) {
	n := new(big.Int).SetInt64(absInt(part))
	n.Mul(n, big.NewInt(100))
	n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil))
	qq, rr := new(big.Int).QuoRem(n, big.NewInt(whole), new(big.Int))
	return qq.Int64(), rr.Int64()
}

func absInt(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func absDiff(a, b int64) int64 { return absInt(a - b) }

func (r *resolver) unknownBase(m *mention) Claim {
	c := Claim{Start: m.textStart, End: claimEnd(m), Kind: KindCountShare, Level: m.level, Part: vnformat.Int(m.part)}
	if m.share.err == nil {
		c.Stated = pct(m.share.val)
	}
	c.Verdict = VerdictUnverifiable
	c.Message = "Không xác định được số gốc: chưa nêu tổng số hoặc số được đánh giá, xếp loại trước tỷ lệ này."
	return c
}

// partitions are the sets of levels that split the evaluated subjects,
// the older scale first.
var partitions = [][]string{
	{levelStrongModel, levelStrong, levelGood, levelCompleted, levelNotCompleted},
	{levelStrong, levelGood, levelCompleted, levelNotCompleted},
	{levelExcellent, levelGood, levelCompleted, levelNotCompleted},
	{levelGoodOrAbove, levelCompleted, levelNotCompleted},
	{levelCompletedOrAbove, levelNotCompleted},
}

// partitionOf returns the first partition holding every level of set.
func partitionOf(set map[string]bool) []string {
	for _, p := range partitions {
		n := 0
		for _, l := range p {
			if set[l] {
				n++
			}
		}
		if n == len(set) {
			return p
		}
	}
	return nil
}

// groupComplete reports whether a group names every level of a partition.
func groupComplete(g *group) bool {
	set := map[string]bool{}
	for _, m := range g.entries {
		set[m.level] = true
	}
	p := partitionOf(set)
	return p != nil && len(p) == len(set)
}

// checkGroup adds up the level counts of a group and compares the sum with
// its base.
func (r *resolver) checkGroup(g *group) {
	if len(g.entries) < 2 {
		return
	}
	byLevel := map[string]*mention{}
	set := map[string]bool{}
	for _, m := range g.entries {
		if byLevel[m.level] != nil {
			return // the same level twice: two populations, or a restatement
		}
		byLevel[m.level] = m
		set[m.level] = true
	}
	p := partitionOf(set)
	if p == nil {
		return
	}
	ms, complete := pick(byLevel, p)
	if !complete && byLevel[levelCompletedOrAbove] != nil {
		return
	}
	r.sumClaim(g, ms, g.base.para != g.para, complete)
}

// pick returns the mentions of the given levels, in the order of levels,
// and whether all are present.
func pick(byLevel map[string]*mention, levels []string) ([]*mention, bool) {
	var ms []*mention
	all := true
	for _, l := range levels {
		if m := byLevel[l]; m != nil {
			ms = append(ms, m)
		} else {
			all = false
		}
	}
	return ms, all
}

func (r *resolver) sumClaim(g *group, ms []*mention, weak, complete bool) {
	b := g.base
	var sum int64
	terms := make([]string, len(ms))
	start, end := ms[0].textStart, ms[0].clauseEnd
	for i, m := range ms {
		sum += m.part
		terms[i] = vnformat.Int(m.part)
		start, end = min(start, m.textStart), max(end, m.clauseEnd)
		if m.share != nil {
			end = max(end, m.share.end)
		}
	}
	if !complete && (weak || sum < b.value || (sum == b.value && !b.evaluated && !b.ratioWhole)) {
		// Some levels were not stated: only a sum already above a total
		// of this paragraph proves a slip, and one equal to the evaluated
		// count shows the others are none.
		return
	}
	b.used = true
	expr := strings.Join(terms, " + ")
	c := Claim{
		Start: start, End: end, Kind: KindSum,
		Part: expr, Whole: vnformat.Int(b.value), Stated: vnformat.Int(b.value), Computed: vnformat.Int(sum),
	}
	what := fmt.Sprintf("%s (%s)", b.describe(), vnformat.Int(b.value))
	switch {
	case sum == b.value && complete:
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: tổng các mức %s = %s, khớp với %s.", expr, vnformat.Int(sum), what)
	case sum == b.value:
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: các mức đã nêu %s = %s, bằng %s; các mức còn lại không có.", expr, vnformat.Int(sum), what)
	case !complete:
		c.Verdict = VerdictWrong
		c.Message = fmt.Sprintf("Sai: các mức đã nêu %s = %s, vượt %s.", expr, vnformat.Int(sum), what)
	case !weak && (b.evaluated || b.ratioWhole || sum > b.value):
		c.Verdict = VerdictWrong
		c.Message = fmt.Sprintf("Sai: tổng các mức %s = %s, khác %s.", expr, vnformat.Int(sum), what)
	default:
		c.Verdict = VerdictUnverifiable
		c.Message = fmt.Sprintf("Tổng các mức %s = %s, khác %s; có thể các mức không tính trên số này (số chưa được đánh giá, hoặc số nêu ở đoạn khác).",
			expr, vnformat.Int(sum), what)
	}
	r.claims = append(r.claims, c)
}

// totalClaim reports a statement of a total that figures rely on, or that
// can be checked on its own ("118/120 … và 2 … chưa đánh giá").
func (r *resolver) totalClaim(b *base) {
	if (b.fromShare && len(b.notEvaluated) == 0) || (!b.used && b.whole == 0) {
		return
	}
	c := Claim{Start: b.start, End: b.end, Kind: KindTotal, Part: vnformat.Int(b.value), Stated: vnformat.Int(b.value), Verdict: VerdictOK}
	if b.whole > 0 {
		c.Whole = vnformat.Int(b.whole)
		c.Stated = c.Part + "/" + c.Whole
	}
	var k int64
	for _, v := range b.notEvaluated {
		k += v
	}
	switch {
	case b.whole > 0 && b.value > b.whole:
		c.Verdict = VerdictWrong
		c.Message = fmt.Sprintf("Sai: số được đánh giá, xếp loại (%s) lớn hơn tổng số (%s).", c.Part, c.Whole)
	case b.whole > 0 && len(b.notEvaluated) > 0:
		c.Computed = vnformat.Int(b.value + k)
		if b.value+k == b.whole {
			c.Message = fmt.Sprintf("Đúng: %s + %s = %s, khớp với tổng số.", c.Part, vnformat.Int(k), c.Whole)
		} else {
			c.Verdict = VerdictWrong
			c.Message = fmt.Sprintf("Sai: %s được đánh giá + %s chưa đánh giá = %s, khác tổng số %s.", c.Part, vnformat.Int(k), c.Computed, c.Whole)
		}
	case b.evaluated:
		c.Message = fmt.Sprintf("Số được đánh giá, xếp loại: %s%s.", c.Stated, usedNote(b))
	default:
		c.Message = fmt.Sprintf("Tổng số: %s%s.", c.Stated, usedNote(b))
	}
	r.claims = append(r.claims, c)
}

func usedNote(b *base) string {
	if b.used {
		return "; là số gốc của các số liệu sau"
	}
	return ""
}
