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

// shareClaim checks a stated share of part/whole. When confident is false a
// mismatch is unverifiable rather than wrong. alts are other bases in
// force; a stated share that fits one of them is explained.
func (r *resolver) shareClaim(kind string, m *mention, part, whole int64, wholeDesc string, confident bool, alts []alt) Claim {
	c := Claim{
		Start: m.textStart, End: claimEnd(m), Kind: kind, Level: m.level,
		Part: vnformat.Int(part), Whole: vnformat.Int(whole),
	}
	st := m.share
	if st.err != nil {
		c.Verdict = VerdictUnverifiable
		c.Message = fmt.Sprintf("Không đọc được tỷ lệ “%s%%”.", st.raw)
		return c
	}
	c.Stated = pct(st.val)
	if whole <= 0 {
		c.Verdict = VerdictUnverifiable
		c.Message = "Số gốc bằng 0, không tính được tỷ lệ."
		return c
	}
	want, err := vnformat.PercentDecimal(part, whole, st.val.Scale)
	if err != nil {
		c.Verdict = VerdictUnverifiable
		c.Message = "Không tính được tỷ lệ từ các số đã ghi."
		return c
	}
	c.Computed = pct(want)
	ratio := vnformat.Int(part) + "/" + vnformat.Int(whole)
	if want == st.val {
		if exact, ok := falseExtreme(part, whole, st.val); ok {
			// Rounded to 100% or 0%, but not all or none: the figure reads
			// as "all" or "none" and misleads.
			c.Computed = pct(exact)
			c.Verdict = VerdictWrong
			if !confident {
				c.Verdict = VerdictUnverifiable
			}
			when := "không có trường hợp nào"
			if st.val.Unscaled != 0 {
				when = "đủ " + vnformat.Int(whole) + "/" + vnformat.Int(whole)
			}
			c.Message = fmt.Sprintf("Sai: %s = %s, không phải %s; chỉ ghi %s khi %s.", ratio, c.Computed, c.Stated, c.Stated, when)
			return c
		}
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: %s = %s.", ratio, c.Computed)
		return c
	}
	cause := mismatchCause(part, whole, st.val, want, alts)
	if !confident {
		c.Verdict = VerdictUnverifiable
		c.Message = fmt.Sprintf("Chưa xác định chắc số gốc: nếu tính trên %s (%s) thì tỷ lệ là %s, không phải %s%s.",
			vnformat.Int(whole), wholeDesc, c.Computed, c.Stated, cause)
		return c
	}
	c.Verdict = VerdictWrong
	c.Message = fmt.Sprintf("Sai: tỷ lệ đúng là %s (%s), không phải %s%s.", c.Computed, ratio, c.Stated, cause)
	return c
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

// partitions are the sets of levels that split the evaluated subjects.
var partitions = [][]string{
	{levelExcellent, levelGood, levelCompleted, levelNotCompleted},
	{levelGoodOrAbove, levelCompleted, levelNotCompleted},
	{levelCompletedOrAbove, levelNotCompleted},
}

// checkGroup adds up the level counts of a group and compares the sum with
// its base.
func (r *resolver) checkGroup(g *group) {
	if len(g.entries) < 2 {
		return
	}
	byLevel := map[string]*mention{}
	for _, m := range g.entries {
		if byLevel[m.level] != nil {
			return // the same level twice: two populations, or a restatement
		}
		byLevel[m.level] = m
	}
	b := g.base
	weak := b.para != g.para
	for _, p := range partitions {
		if ms, ok := pick(byLevel, p, true); ok {
			r.sumClaim(g, ms, weak, true)
			return
		}
	}
	set := partitions[0]
	if byLevel[levelGoodOrAbove] != nil {
		set = partitions[1]
	}
	if byLevel[levelCompletedOrAbove] != nil {
		return
	}
	if ms, _ := pick(byLevel, set, false); len(ms) >= 2 {
		r.sumClaim(g, ms, weak, false)
	}
}

// pick returns the mentions of the given levels; ok when all are present.
func pick(byLevel map[string]*mention, levels []string, all bool) ([]*mention, bool) {
	var ms []*mention
	for _, l := range levels {
		if m := byLevel[l]; m != nil {
			ms = append(ms, m)
		} else if all {
			return nil, false
		}
	}
	return ms, true
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
	if !complete && (sum <= b.value || weak) {
		// Some levels were not stated: only a sum already above a total
		// of this paragraph proves a slip.
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
	case sum == b.value:
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: tổng các mức %s = %s, khớp với %s.", expr, vnformat.Int(sum), what)
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
	if b.fromShare || (!b.used && b.whole == 0) {
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
