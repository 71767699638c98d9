package statcheck_test

import (
	"math/rand"
	"strings"
	"testing"

	"vanthu/documents/review"
	"vanthu/documents/statcheck"
)

// TestCheckAcceptsGeneratedNarratives runs the checker over paragraphs
// written by package review from random counts: every figure is correct by
// construction, so every claim must be ok, and each share must be found.
func TestCheckAcceptsGeneratedNarratives(t *testing.T) {
	rng := rand.New(rand.NewSource(366))
	labels := []struct{ label, group string }{
		{"đảng bộ cơ sở", review.GroupOrganizations},
		{"chi bộ", review.GroupOrganizations},
		{"đảng viên", review.GroupMembers},
		{"tập thể lãnh đạo, quản lý", review.GroupLeadershipCollectives},
		{"cán bộ lãnh đạo, quản lý", review.GroupLeaders},
	}
	for i := 0; i < 400; i++ {
		var paras []string
		wantShares, wantSums := 0, 0
		for _, l := range labels {
			c := randomCategory(rng, l.label, l.group)
			paras = append(paras, review.Narrative(c))
			if c.Evaluated == 0 {
				continue
			}
			wantSums++
			for _, v := range []int64{c.GoodOrAbove(), c.Completed, c.NotCompleted} {
				if v > 0 {
					wantShares++
				}
			}
			if c.Excellent > 0 {
				wantShares++
			}
			if c.Total == c.Evaluated {
				wantShares++ // "đạt 100%"
			}
		}
		text := "Kết quả đánh giá, xếp loại chất lượng năm 2025 như sau:\n\n" + strings.Join(paras, "\n\n")
		rep := statcheck.Check(text)
		shares, sums := 0, 0
		for _, c := range rep.Claims {
			if text[c.Start:c.End] != c.Text {
				t.Fatalf("bad offsets for %q", c.Text)
			}
			if c.Verdict != statcheck.VerdictOK {
				t.Fatalf("%s %q: %s, %s\n%s", c.Kind, c.Text, c.Verdict, c.Message, text)
			}
			switch c.Kind {
			case statcheck.KindRatioShare, statcheck.KindChildShare, statcheck.KindCountShare:
				shares++
			case statcheck.KindSum:
				sums++
			}
		}
		if shares != wantShares || sums != wantSums {
			t.Fatalf("found %d shares and %d sums, want %d and %d in\n%s", shares, sums, wantShares, wantSums, text)
		}
	}
}

func randomCategory(rng *rand.Rand, label, group string) review.Category {
	scale := []int64{4, 30, 500, 40000}[rng.Intn(4)]
	count := func() int64 {
		if rng.Intn(4) == 0 {
			return 0
		}
		return rng.Int63n(scale)
	}
	cnt := review.Counts{Excellent: count(), Good: count(), Completed: count(), NotCompleted: count()}
	cnt.Evaluated = cnt.Excellent + cnt.Good + cnt.Completed + cnt.NotCompleted
	c := review.Category{Label: label, Group: group, Counts: cnt, Total: cnt.Evaluated}
	switch rng.Intn(4) {
	case 0:
		c.Total += rng.Int63n(scale) + 1
		c.NotEvaluatedNote = "do mới thành lập chưa đủ 6 tháng"
	case 1:
		c.Total = 0 // total unknown
	}
	if rng.Intn(2) == 0 {
		p := review.Counts{Excellent: count(), Good: count(), Completed: count(), NotCompleted: count()}
		p.Evaluated = p.Excellent + p.Good + p.Completed + p.NotCompleted
		c.Previous = &review.Previous{Year: 2024, Counts: p}
	}
	return c
}
