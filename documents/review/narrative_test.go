package review

import (
	"math/big"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func baseCategory() Category {
	return Category{
		Label: "đảng bộ cơ sở", Group: GroupOrganizations, Total: 120,
		Counts:           Counts{Evaluated: 118, Excellent: 19, Good: 88, Completed: 9, NotCompleted: 2},
		NotEvaluatedNote: "do mới thành lập chưa đủ 6 tháng",
	}
}

func TestNarrative(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    func() Category
		want string
	}{
		{
			name: "reference sentence",
			c:    baseCategory,
			want: "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa đánh giá, xếp loại (do mới thành lập chưa đủ 6 tháng). Kết quả, có 107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68% (trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%); 9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%; 2/118 đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,69%.",
		},
		{
			name: "note already in parentheses",
			c: func() Category {
				c := baseCategory()
				c.NotEvaluatedNote = " (do mới thành lập chưa đủ 6 tháng) "
				return c
			},
			want: "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa đánh giá, xếp loại (do mới thành lập chưa đủ 6 tháng). Kết quả, có 107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68% (trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%); 9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%; 2/118 đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,69%.",
		},
		{
			name: "no note",
			c: func() Category {
				c := baseCategory()
				c.NotEvaluatedNote = ""
				return c
			},
			want: "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa đánh giá, xếp loại. Kết quả, có 107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68% (trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%); 9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%; 2/118 đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,69%.",
		},
		{
			name: "all evaluated, previous year up, down and equal",
			c: func() Category {
				return Category{
					Label: "đảng bộ cơ sở", Group: GroupOrganizations, Total: 120,
					Counts: Counts{Evaluated: 120, Excellent: 19, Good: 90, Completed: 9, NotCompleted: 2},
					Previous: &Previous{Year: 2022, Counts: Counts{
						Evaluated: 118, Excellent: 21, Good: 84, Completed: 11, NotCompleted: 2,
					}},
				}
			},
			want: "Có 120/120 đảng bộ cơ sở được đánh giá, xếp loại, đạt 100%. Kết quả, có 109/120 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,83% (tăng 4 đảng bộ cơ sở so với năm 2022; trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,43%, giảm 2 đảng bộ cơ sở so với năm 2022); 9/120 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,50% (giảm 2 đảng bộ cơ sở so với năm 2022); 2/120 đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,67% (bằng năm 2022).",
		},
		{
			name: "zeros and thousands, with previous year",
			c: func() Category {
				return Category{
					Label: "đảng viên", Group: GroupMembers, Total: 37120,
					Counts: Counts{Evaluated: 36449, Excellent: 0, Good: 34000, Completed: 2449, NotCompleted: 0},
					Previous: &Previous{Year: 2024, Counts: Counts{
						Evaluated: 35000, Excellent: 1200, Good: 31000, Completed: 2800, NotCompleted: 0,
					}},
				}
			},
			want: "Có 36.449/37.120 đảng viên được đánh giá, xếp loại và 671 đảng viên chưa đánh giá, xếp loại. Kết quả, có 34.000/36.449 đảng viên hoàn thành tốt nhiệm vụ trở lên, chiếm 93,28% (tăng 1.800 đảng viên so với năm 2024; trong đó không có đảng viên hoàn thành xuất sắc nhiệm vụ, giảm 1.200 đảng viên so với năm 2024); 2.449/36.449 đảng viên hoàn thành nhiệm vụ, chiếm 6,72% (giảm 351 đảng viên so với năm 2024); không có đảng viên không hoàn thành nhiệm vụ (năm 2024 cũng không có).",
		},
		{
			name: "nobody good or above, all excellent elsewhere",
			c: func() Category {
				return Category{
					Label: "chi bộ", Group: GroupOrganizations, Total: 8,
					Counts: Counts{Evaluated: 8, Completed: 5, NotCompleted: 3},
				}
			},
			want: "Có 8/8 chi bộ được đánh giá, xếp loại, đạt 100%. Kết quả, không có chi bộ hoàn thành tốt nhiệm vụ trở lên; 5/8 chi bộ hoàn thành nhiệm vụ, chiếm 62,50%; 3/8 chi bộ không hoàn thành nhiệm vụ, chiếm 37,50%.",
		},
		{
			name: "everyone excellent",
			c: func() Category {
				return Category{
					Label: "tập thể lãnh đạo", Group: GroupLeadershipCollectives, Total: 4,
					Counts: Counts{Evaluated: 4, Excellent: 4},
				}
			},
			want: "Có 4/4 tập thể lãnh đạo được đánh giá, xếp loại, đạt 100%. Kết quả, có 4/4 tập thể lãnh đạo hoàn thành tốt nhiệm vụ trở lên, chiếm 100% (trong đó có 4 tập thể lãnh đạo hoàn thành xuất sắc nhiệm vụ, chiếm 100%); không có tập thể lãnh đạo hoàn thành nhiệm vụ; không có tập thể lãnh đạo không hoàn thành nhiệm vụ.",
		},
		{
			name: "no excellent",
			c: func() Category {
				return Category{
					Label: "chi bộ", Group: GroupOrganizations, Total: 32,
					Counts: Counts{Evaluated: 32, Good: 30, Completed: 1, NotCompleted: 1},
				}
			},
			want: "Có 32/32 chi bộ được đánh giá, xếp loại, đạt 100%. Kết quả, có 30/32 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 93,75% (trong đó không có chi bộ hoàn thành xuất sắc nhiệm vụ); 1/32 chi bộ hoàn thành nhiệm vụ, chiếm 3,13%; 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3,13%.",
		},
		{
			name: "total unknown",
			c: func() Category {
				return Category{
					Label: "cán bộ lãnh đạo, quản lý", Group: GroupLeaders,
					Counts: Counts{Evaluated: 3, Excellent: 1, Good: 1, Completed: 1},
				}
			},
			want: "Có 3 cán bộ lãnh đạo, quản lý được đánh giá, xếp loại. Kết quả, có 2/3 cán bộ lãnh đạo, quản lý hoàn thành tốt nhiệm vụ trở lên, chiếm 66,67% (trong đó có 1 cán bộ lãnh đạo, quản lý hoàn thành xuất sắc nhiệm vụ, chiếm 50,00%); 1/3 cán bộ lãnh đạo, quản lý hoàn thành nhiệm vụ, chiếm 33,33%; không có cán bộ lãnh đạo, quản lý không hoàn thành nhiệm vụ.",
		},
		{
			name: "nobody evaluated",
			c: func() Category {
				return Category{
					Label: "chi bộ", Group: GroupOrganizations, Total: 5,
					NotEvaluatedNote: "do mới thành lập chưa đủ 6 tháng",
				}
			},
			want: "Trong tổng số 5 chi bộ, chưa có chi bộ nào được đánh giá, xếp loại (do mới thành lập chưa đủ 6 tháng).",
		},
		{
			name: "empty category",
			c:    func() Category { return Category{Label: "chi bộ", Group: GroupOrganizations} },
			want: "Chưa có chi bộ nào được đánh giá, xếp loại.",
		},
		{
			name: "decomposed label",
			c: func() Category {
				c := baseCategory()
				c.Label = norm.NFD.String(c.Label)
				c.NotEvaluatedNote = norm.NFD.String(c.NotEvaluatedNote)
				return c
			},
			want: "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa đánh giá, xếp loại (do mới thành lập chưa đủ 6 tháng). Kết quả, có 107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68% (trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%); 9/118 đảng bộ cơ sở hoàn thành nhiệm vụ, chiếm 7,63%; 2/118 đảng bộ cơ sở không hoàn thành nhiệm vụ, chiếm 1,69%.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Narrative(tc.c())
			if got != tc.want {
				t.Errorf("Narrative:\n got %s\nwant %s", got, tc.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Error("Narrative is not NFC")
			}
		})
	}
}

func TestNarrativeComparisonWords(t *testing.T) {
	c := baseCategory()
	for _, tc := range []struct {
		name string
		prev Counts
		want []string
	}{
		{"increase", Counts{Evaluated: 110, Excellent: 15, Good: 88, Completed: 5, NotCompleted: 2},
			[]string{"chiếm 90,68% (tăng 4 đảng bộ cơ sở so với năm 2022; trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%, tăng 4 đảng bộ cơ sở so với năm 2022)",
				"chiếm 7,63% (tăng 4 đảng bộ cơ sở so với năm 2022)", "chiếm 1,69% (bằng năm 2022)"}},
		{"decrease", Counts{Evaluated: 130, Excellent: 20, Good: 90, Completed: 10, NotCompleted: 10},
			[]string{"chiếm 90,68% (giảm 3 đảng bộ cơ sở so với năm 2022; trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%, giảm 1 đảng bộ cơ sở so với năm 2022)",
				"chiếm 7,63% (giảm 1 đảng bộ cơ sở so với năm 2022)", "chiếm 1,69% (giảm 8 đảng bộ cơ sở so với năm 2022)"}},
		{"equal", c.Counts,
			[]string{"chiếm 90,68% (bằng năm 2022; trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,76%, bằng năm 2022)",
				"chiếm 7,63% (bằng năm 2022)", "chiếm 1,69% (bằng năm 2022)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := baseCategory()
			c.Previous = &Previous{Year: 2022, Counts: tc.prev}
			got := Narrative(c)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
		})
	}
	c.Previous = &Previous{Year: 0, Counts: c.Counts}
	if got := Narrative(c); strings.Contains(got, "so với") || strings.Contains(got, "bằng năm") {
		t.Errorf("a previous year without a year must not be compared: %s", got)
	}
}

// shareRe matches "a/b … chiếm x%" and "trong đó có c … chiếm y%" clauses
// and "đạt 100%".
var (
	ratioRe = regexp.MustCompile(`(\d[\d.]*)/(\d[\d.]*) [^;()/]*?, (?:chiếm|đạt) (\d+(?:,\d+)?)%`)
	childRe = regexp.MustCompile(`trong đó có (\d[\d.]*) [^;()/]*?, chiếm (\d+(?:,\d+)?)%`)
)

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
	if err != nil {
		t.Fatalf("bad number %q", s)
	}
	return v
}

// checkHalfUp parses a stated percentage and checks that it is part/whole
// rounded half-up to the decimals it is written with, recomputed with
// math/big rationals.
func checkHalfUp(t *testing.T, part, whole int64, stated, text string) {
	t.Helper()
	decimals := 0
	if i := strings.IndexByte(stated, ','); i >= 0 {
		decimals = len(stated) - i - 1
	}
	unscaled := atoi(t, strings.ReplaceAll(stated, ",", ""))
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	x := new(big.Rat).SetFrac(big.NewInt(part*100), big.NewInt(whole))
	x.Mul(x, new(big.Rat).SetInt(scale))
	x.Add(x, big.NewRat(1, 2))
	want := new(big.Int).Quo(x.Num(), x.Denom())
	if want.Int64() != unscaled {
		t.Errorf("%d/%d stated %s%%, half-up gives %s×10^-%d\n%s", part, whole, stated, want, decimals, text)
	}
}

// TestNarrativeRecomputation generates random counts, parses every share
// back out of the narrative and recomputes it independently.
func TestNarrativeRecomputation(t *testing.T) {
	rng := rand.New(rand.NewSource(20260109))
	for i := 0; i < 3000; i++ {
		c := randomCategory(rng)
		text := Narrative(c)
		if !norm.NFC.IsNormalString(text) {
			t.Fatalf("not NFC: %s", text)
		}
		// Each ratio a/b with a share must be exact; the children are over
		// the a of the clause they follow.
		ratios := ratioRe.FindAllStringSubmatchIndex(text, -1)
		wantRatios := 0
		for _, v := range []int64{c.GoodOrAbove(), c.Completed, c.NotCompleted} {
			if v > 0 {
				wantRatios++
			}
		}
		if c.Total == c.Evaluated {
			wantRatios++ // "Có 120/120 …, đạt 100%"
		}
		if len(ratios) != wantRatios {
			t.Fatalf("found %d ratio shares, want %d in\n%s", len(ratios), wantRatios, text)
		}
		for _, m := range ratios {
			part, whole := atoi(t, text[m[2]:m[3]]), atoi(t, text[m[4]:m[5]])
			if whole != c.Evaluated && whole != c.Total {
				t.Fatalf("ratio %d/%d has an unexpected whole in\n%s", part, whole, text)
			}
			checkHalfUp(t, part, whole, text[m[6]:m[7]], text)
		}
		children := childRe.FindAllStringSubmatchIndex(text, -1)
		if want := min(c.Excellent, 1); int64(len(children)) != want {
			t.Fatalf("found %d child shares, want %d in\n%s", len(children), want, text)
		}
		for _, m := range children {
			part := atoi(t, text[m[2]:m[3]])
			// The parent is the last ratio before the child.
			var parent int64
			for _, r := range ratios {
				if r[0] < m[0] {
					parent = atoi(t, text[r[2]:r[3]])
				}
			}
			if parent != c.GoodOrAbove() {
				t.Fatalf("child parent %d, want %d in\n%s", parent, c.GoodOrAbove(), text)
			}
			checkHalfUp(t, part, parent, text[m[4]:m[5]], text)
		}
	}
}

func randomCategory(rng *rand.Rand) Category {
	scale := []int64{5, 40, 600, 60000}[rng.Intn(4)]
	count := func() int64 {
		if rng.Intn(5) == 0 {
			return 0
		}
		return rng.Int63n(scale)
	}
	cnt := Counts{Excellent: count(), Good: count(), Completed: count(), NotCompleted: count()}
	cnt.Evaluated = cnt.levelSum()
	if cnt.Evaluated == 0 {
		cnt.Good, cnt.Evaluated = 1, 1
	}
	c := Category{Label: "đảng viên", Group: GroupMembers, Counts: cnt, Total: cnt.Evaluated}
	if rng.Intn(2) == 0 {
		c.Total += rng.Int63n(scale)
		c.NotEvaluatedNote = "do ốm đau dài ngày"
	}
	if rng.Intn(2) == 0 {
		c.Previous = &Previous{Year: 2024, Counts: Counts{
			Excellent: count(), Good: count(), Completed: count(), NotCompleted: count(),
		}}
		c.Previous.Evaluated = c.Previous.levelSum()
	}
	return c
}
