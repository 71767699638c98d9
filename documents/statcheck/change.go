package statcheck

import (
	"fmt"
	"strings"

	"vanthu/documents/vnformat"
)

var (
	// compareRe follows a change: the words up to "so với năm 2022",
	// "so với năm trước", "so với nhiệm kỳ trước", "so với cùng kỳ".
	compareRe = compile(`^[^;.%()\d]{0,60}?so_+với_+(?:năm_+(?:trước|\d{4})|cùng_+kỳ|kỳ_+trước|nhiệm_+kỳ_+trước)`)
	// lastYearRe is last year's figure after the comparison: "(1.108)",
	// "(năm 2022: 1.108 …)", ", năm 2022 là 1.108".
	lastYearRe = compile(`^_*(?:\(|,)_*(?:năm_+(?:\d{4}|trước)_*(?::|là|có|đạt)?_*|là_+|có_+)?(\d+(?:[.,]\d+)*)`)
)

// change checks a change stated after a count X:
//
//   - "49 đồng chí - giảm 2 đồng chí, tỷ lệ 3,92% so với nhiệm kỳ trước":
//     the share of the change is over the previous figure, X + 2;
//   - "1.234 đảng viên mới, tăng 126 so với năm 2022 (1.108)": X − 1.108
//     must be the change.
//
// A change with neither is not checkable and gives no claim.
func (r *resolver) change(m *mention) {
	fields := strings.Fields(m.lead)
	if len(fields) == 0 || m.ratio {
		return
	}
	dir := int64(0)
	switch strings.Trim(fields[len(fields)-1], "(-–") {
	case "tăng":
		dir = 1
	case "giảm":
		dir = -1
	default:
		return
	}
	x := r.prev
	s := r.doc.lower
	if x == nil || x.ratio || x.zero || r.doc.sentence(x.start) != r.doc.sentence(m.start) || m.start-x.end > 80 {
		return
	}
	if sh := m.share; sh != nil {
		rest := strings.TrimLeft(s[sh.end:], " ,\t")
		if !strings.HasPrefix(rest, "so với") {
			return
		}
		previous := x.part - dir*m.part
		if previous <= 0 {
			return
		}
		r.pendings = append(r.pendings, &pending{kind: KindChange, m: m, part: m.part, clear: true,
			cands: []cand{{previous, fmt.Sprintf("số kỳ trước: %s %s %s", vnformat.Int(x.part), map[int64]string{1: "−", -1: "+"}[dir], vnformat.Int(m.part))}}})
		return
	}
	loc := compareRe.FindStringIndex(window(s, m.end, 160))
	if loc == nil {
		return
	}
	after := m.end + loc[1]
	ly := lastYearRe.FindStringSubmatchIndex(window(s, after, 60))
	if ly == nil {
		return
	}
	yStart, yEnd := after+ly[2], after+ly[3]
	y, err := vnformat.ParseNumber(r.doc.src[yStart:yEnd])
	if err != nil || y.Scale != 0 {
		return
	}
	last, ok := y.Int64()
	if !ok {
		return
	}
	word := map[int64]string{1: "tăng", -1: "giảm"}[dir]
	diff := x.part - last
	end := yEnd
	if k := strings.IndexAny(s[yEnd:min(len(s), yEnd+40)], ");."); k >= 0 && s[yEnd+k] == ')' {
		end = yEnd + k + 1 // "(1.108 đảng viên)"
	}
	c := Claim{
		Start: x.textStart, End: end, Kind: KindChange,
		Part: vnformat.Int(x.part) + " − " + vnformat.Int(last), Whole: vnformat.Int(last),
		Stated: word + " " + vnformat.Int(m.part), Computed: vnformat.Int(diff),
	}
	switch {
	case diff == dir*m.part:
		c.Verdict = VerdictOK
		c.Message = fmt.Sprintf("Đúng: %s − %s = %s, khớp với “%s”.", vnformat.Int(x.part), vnformat.Int(last), vnformat.Int(diff), c.Stated)
	default:
		c.Verdict = VerdictWrong
		actual := "tăng " + vnformat.Int(diff)
		if diff < 0 {
			actual = "giảm " + vnformat.Int(-diff)
		} else if diff == 0 {
			actual = "không đổi"
		}
		c.Message = fmt.Sprintf("Sai: %s − %s = %s, tức là %s, không phải %s.", vnformat.Int(x.part), vnformat.Int(last), vnformat.Int(diff), actual, c.Stated)
	}
	r.claims = append(r.claims, c)
}
