package statcheck

import (
	"fmt"
	"regexp"
	"strings"

	"vanthu/documents/vnformat"
)

// breakdownRe is a parenthesis right after a count that lists its parts:
// "08 (có 01 đảng bộ và 07 chi bộ)", "35 (gồm: 7 đảng bộ, 28 chi bộ)".
var (
	breakdownRe     = compile(`^_*\(_*(?:có|gồm)_*:?_*([^()%;]{3,160})\)`)
	breakdownItemRe = regexp.MustCompile(`^(\d+(?:\.\d{3})*)\s+([^\d,]+?)(?:\s*,|\s+và\s|\s*$)\s*`)
)

// checkBreakdowns adds up the parts listed in parentheses after a count.
// Parts above the count are a slip; parts below it may be a partial list.
func (r *resolver) checkBreakdowns() {
	s := r.doc.lower
	for _, m := range r.mentions {
		if m.ratio || m.zero {
			continue
		}
		loc := breakdownRe.FindStringSubmatchIndex(window(s, m.end, 200))
		if loc == nil {
			continue
		}
		list := s[m.end+loc[2] : m.end+loc[3]]
		var parts []int64
		for rest := strings.TrimSpace(list); rest != ""; {
			it := breakdownItemRe.FindStringSubmatch(rest)
			if it == nil || classifySubject(squash(it[2])) == "" {
				parts = nil
				break
			}
			v, err := vnformat.ParseNumber(it[1])
			n, ok := v.Int64()
			if err != nil || !ok {
				parts = nil
				break
			}
			parts = append(parts, n)
			rest = rest[len(it[0]):]
		}
		if len(parts) < 2 {
			continue
		}
		var sum int64
		terms := make([]string, len(parts))
		for i, p := range parts {
			sum += p
			terms[i] = vnformat.Int(p)
		}
		expr := strings.Join(terms, " + ")
		c := Claim{Start: m.start, End: m.end + loc[1], Kind: KindSum, Part: expr, Whole: vnformat.Int(m.part),
			Stated: vnformat.Int(m.part), Computed: vnformat.Int(sum)}
		switch {
		case sum == m.part:
			c.Verdict = VerdictOK
			c.Message = fmt.Sprintf("Đúng: %s = %s.", expr, vnformat.Int(sum))
		case sum > m.part:
			c.Verdict = VerdictWrong
			c.Message = fmt.Sprintf("Sai: các phần %s = %s, lớn hơn %s.", expr, vnformat.Int(sum), vnformat.Int(m.part))
		default:
			c.Verdict = VerdictUnverifiable
			c.Message = fmt.Sprintf("Các phần đã nêu %s = %s, chưa đủ %s; có thể chỉ nêu một số phần.", expr, vnformat.Int(sum), vnformat.Int(m.part))
		}
		r.claims = append(r.claims, c)
	}
}
