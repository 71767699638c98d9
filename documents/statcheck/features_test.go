package statcheck

import (
	"testing"

	"vanthu/documents/vnformat"
)

// claimAbout returns the claim of the given kind whose stated value is
// stated; it fails the test when there is none.
func claimAbout(t *testing.T, rep Report, kind, stated string) Claim {
	t.Helper()
	for _, c := range rep.Claims {
		if c.Kind == kind && c.Stated == stated {
			return c
		}
	}
	t.Fatalf("no %s claim stating %s: %+v", kind, stated, rep.Claims)
	return Claim{}
}

// The classes of failure seen on published reports, each on a generated
// text: the verdict, the base named and the correct value.
func TestCheckBaseResolution(t *testing.T) {
	for _, tc := range []struct {
		name, text, kind, stated string
		verdict, whole, computed string
	}{
		{
			name: "a new category given as a/b sets the base",
			text: "Đối với đảng bộ cơ sở, có 118/120 đảng bộ cơ sở được đánh giá, xếp loại; 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 16,10%. Đối với chi bộ cơ sở, có 252/254 chi bộ cơ sở được đánh giá, xếp loại; 41 chi bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 16,27%.",
			kind: KindCountShare, stated: "16,27%", verdict: VerdictOK, whole: "252", computed: "16,27%",
		},
		{
			name: "a count of organisations is not a share of members",
			text: "Tổng số đảng viên được đánh giá, xếp loại là 36.449 đồng chí; 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17%. Đối với chi bộ trực thuộc, có 1.471/1.486 chi bộ được đánh giá, xếp loại; 243 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 16,52%.",
			kind: KindCountShare, stated: "16,52%", verdict: VerdictOK, whole: "1.471", computed: "16,52%",
		},
		{
			name: "excellent over those good or above",
			text: "Có 513 chi bộ được đánh giá, xếp loại; 485 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%; số chi bộ hoàn thành xuất sắc nhiệm vụ là 92 chi bộ, chiếm 18,97%.",
			kind: KindCountShare, stated: "18,97%", verdict: VerdictOK, whole: "485", computed: "18,97%",
		},
		{
			name: "a rounding slip inside a nested clause",
			text: "Có 118 đảng bộ cơ sở được đánh giá, xếp loại; 107 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên, chiếm 90,68% (trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 17,75%).",
			kind: KindChildShare, stated: "17,75%", verdict: VerdictWrong, whole: "107", computed: "17,76%",
		},
		{
			name: "older vocabulary, base earlier in the sentence",
			text: "Năm 2016, đánh giá 431 chi bộ, trong đó 148 chi bộ đạt trong sạch vững mạnh (chiếm 34,33%), 41 chi bộ yếu kém (chiếm 9,51%).",
			kind: KindCountShare, stated: "34,33%", verdict: VerdictWrong, whole: "431", computed: "34,34%",
		},
		{
			name: "the levels' own sum is a plausible base",
			text: "Toàn Đảng bộ có tổng số đảng viên là 128 đồng chí. Qua đánh giá, có 10 đồng chí hoàn thành xuất sắc nhiệm vụ, bằng 10,1%; 78 đồng chí hoàn thành tốt nhiệm vụ, đạt 78,8%; 11 đồng chí hoàn thành nhiệm vụ.",
			kind: KindCountShare, stated: "10,1%", verdict: VerdictOK, whole: "99", computed: "10,1%",
		},
		{
			name: "a general total, no base gives the share: certain",
			text: "Đảng bộ huyện hiện có 41 tổ chức cơ sở Đảng. Có 15 tổ chức cơ sở Đảng hoàn thành tốt nhiệm vụ, tỷ lệ 36,7%.",
			kind: KindCountShare, stated: "36,7%", verdict: VerdictWrong, whole: "41", computed: "36,6%",
		},
		{
			name: "a general total, another base could give the share: not certain",
			text: "Năm 2016, Đảng bộ thành phố có 709 tổ chức cơ sở đảng. Qua đánh giá có 439 tổ chức cơ sở đảng đạt trong sạch vững mạnh, chiếm 62,62%.",
			kind: KindCountShare, stated: "62,62%", verdict: VerdictUnverifiable, whole: "709", computed: "61,92%",
		},
		{
			name: "two candidate bases, neither gives the share: not certain",
			text: "Nâng tổng số đảng viên lên 73 đồng chí. Đảng viên hoàn thành xuất sắc nhiệm vụ là 15 đảng viên, chiếm tỷ lệ 21%; hoàn thành tốt nhiệm vụ là 55 đảng viên, chiếm tỷ lệ 76,3%; 2 đảng viên hoàn thành nhiệm vụ, chiếm tỷ lệ 2,7%.",
			kind: KindCountShare, stated: "76,3%", verdict: VerdictUnverifiable, whole: "73", computed: "75,3%",
		},
		{
			name: "a typo in the numerator is explained",
			text: "Có 352/353 đồng chí được kiểm điểm, chiếm tỷ lệ 99,43%.",
			kind: KindRatioShare, stated: "99,43%", verdict: VerdictWrong, whole: "353", computed: "99,72%",
		},
		{
			name: "an approximate share is not checked exactly",
			text: "Đảng bộ huyện hiện có 41 tổ chức cơ sở Đảng; 24 tổ chức cơ sở Đảng đạt trong sạch vững mạnh, chiếm gần 59%.",
			kind: KindCountShare, stated: "59%", verdict: VerdictUnverifiable, whole: "41", computed: "58,54%",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			c := claimAbout(t, rep, tc.kind, tc.stated)
			if c.Verdict != tc.verdict || c.Whole != tc.whole || c.Computed != tc.computed {
				t.Errorf("got %s over %s, computed %s: %s", c.Verdict, c.Whole, c.Computed, c.Message)
			}
			for _, o := range rep.Claims {
				if o.Verdict == VerdictWrong && o.Stated != tc.stated {
					t.Errorf("another claim called wrong: %q: %s", o.Text, o.Message)
				}
			}
		})
	}
}

func TestCheckChanges(t *testing.T) {
	for _, tc := range []struct {
		name, text, verdict, computed string
	}{
		{"share of a decrease over the previous figure", "Ban Chấp hành gồm 49 đồng chí - giảm 2 đồng chí, tỷ lệ 3,92% so với nhiệm kỳ trước.", VerdictOK, "3,92%"},
		{"share of a decrease, slip", "Ban Chấp hành gồm 49 đồng chí - giảm 2 đồng chí, tỷ lệ 4,08% so với nhiệm kỳ trước.", VerdictWrong, "3,92%"},
		{"increase against last year's figure", "Năm 2023 kết nạp 1.234 đảng viên mới, tăng 126 đảng viên so với năm 2022 (1.108 đảng viên).", VerdictOK, "126"},
		{"decrease against last year's figure, slip", "Toàn tỉnh có 520 tổ chức cơ sở đảng, giảm 5 so với năm trước (năm 2022: 527).", VerdictWrong, "-7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			got := claimsOf(rep, KindChange)
			if len(got) != 1 || got[0].Verdict != tc.verdict || got[0].Computed != tc.computed {
				t.Fatalf("change claims = %+v", got)
			}
		})
	}
	// Without last year's figure a change is not a claim.
	for _, text := range []string{
		"Có 14 cơ sở Đảng đạt trong sạch vững mạnh (chiếm tỷ lệ 28%, so với năm 2016 tăng 4,48%).",
		"Toàn Đảng bộ có 787 tổ chức cơ sở đảng (tăng 11 cơ sở đảng so với năm 2011).",
	} {
		for _, c := range Check(text).Claims {
			if c.Kind == KindChange {
				t.Errorf("%q: unexpected change claim %+v", text, c)
			}
		}
	}
}

func TestCheckTables(t *testing.T) {
	header := "Mức xếp loại\tSố lượng\tTỷ lệ (%)\n"
	for _, tc := range []struct {
		name, text string
		want       Summary
		wrong      string // the computed value of the one wrong claim
	}{
		{
			name: "total row",
			text: header + "Tổng số được đánh giá, xếp loại\t118\t100\nHoàn thành xuất sắc nhiệm vụ\t19\t16,10\nHoàn thành tốt nhiệm vụ\t88\t74,58\nHoàn thành nhiệm vụ\t9\t7,63\nKhông hoàn thành nhiệm vụ\t2\t1,69\n",
			want: Summary{OK: 5},
		},
		{
			name: "a share slip against the total row",
			text: header + "Tổng số\t118\t100\nHoàn thành xuất sắc nhiệm vụ\t19\t16,01\nHoàn thành tốt nhiệm vụ\t88\t74,58\nHoàn thành nhiệm vụ\t9\t7,63\nKhông hoàn thành nhiệm vụ\t2\t1,69\n",
			want: Summary{OK: 4, Wrong: 1}, wrong: "16,10%",
		},
		{
			name: "levels that do not add up to the total row",
			text: header + "Tổng cộng\t118\t100\nHoàn thành xuất sắc nhiệm vụ\t19\t16,10\nHoàn thành tốt nhiệm vụ\t88\t74,58\nHoàn thành nhiệm vụ\t9\t7,63\nKhông hoàn thành nhiệm vụ\t1\t0,85\n",
			want: Summary{OK: 4, Wrong: 1}, wrong: "117",
		},
		{
			name: "no total row: the levels' sum, an aggregate row and a child row",
			text: "| Mức | Số đảng viên | Tỷ lệ |\n| Hoàn thành tốt nhiệm vụ trở lên | 35 | 87,5% |\n| Trong đó: hoàn thành xuất sắc nhiệm vụ | 5 | 14,3% |\n| Hoàn thành nhiệm vụ | 4 | 10,0% |\n| Không hoàn thành nhiệm vụ | 1 | 2,5% |\n",
			want: Summary{OK: 4},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			if rep.Summary != tc.want {
				t.Errorf("Summary = %+v, want %+v", rep.Summary, tc.want)
			}
			for _, c := range rep.Claims {
				if c.Kind != KindTableShare && c.Kind != KindTableSum {
					t.Errorf("claim of kind %s in a table: %q", c.Kind, c.Text)
				}
				if c.Verdict == VerdictWrong && c.Computed != tc.wrong {
					t.Errorf("wrong claim %q computed %s, want %s", c.Text, c.Computed, tc.wrong)
				}
				if c.Verdict != VerdictOK {
					t.Logf("%s %s %q: %s", c.Verdict, c.Kind, c.Text, c.Message)
				}
			}
		})
	}
}

func TestSomeBaseGives(t *testing.T) {
	for _, tc := range []struct {
		part     int64
		stated   string
		possible bool
		base     int64
	}{
		{55, "76,3", false, 0},    // 55/72 = 76,39, 55/73 = 75,34
		{15, "36,7", false, 0},    // 15/41 = 36,59, 15/40 = 37,5
		{439, "62,62", true, 701}, // 439/700 = 62,71, 439/701 = 62,6248
		{19, "0,72", true, 2621},  // 19/2.620 = 0,7252, 19/2.621 = 0,7249
		{1234, "102,8", true, 1234},
		{0, "0", true, 1},
	} {
		v, err := vnformat.ParseNumber(tc.stated)
		if err != nil {
			t.Fatal(err)
		}
		ok, base := someBaseGives(tc.part, v)
		if ok != tc.possible || (ok && tc.base != 0 && base != tc.base) {
			t.Errorf("%d at %s%%: %v %d, want %v %d", tc.part, tc.stated, ok, base, tc.possible, tc.base)
		}
		if ok && tc.part > 0 && v.Cmp(vnformat.Decimal{Unscaled: 100}) <= 0 {
			if got, _ := vnformat.PercentDecimal(tc.part, base, v.Scale); got != v {
				t.Errorf("%d/%d = %s, not %s", tc.part, base, got, tc.stated)
			}
		}
	}
}

func TestCheckBreakdowns(t *testing.T) {
	for _, tc := range []struct {
		text, verdict, computed string
	}{
		{"Có 51/51 tổ chức được đánh giá, xếp loại; hoàn thành xuất sắc nhiệm vụ 08 (có 01 đảng bộ và 07 chi bộ).", VerdictOK, "8"},
		{"Có 51/51 tổ chức được đánh giá, xếp loại; hoàn thành tốt nhiệm vụ 35 (gồm: 8 đảng bộ, 28 chi bộ).", VerdictWrong, "36"},
		{"Có 51/51 tổ chức được đánh giá, xếp loại; hoàn thành tốt nhiệm vụ 35 (có 7 đảng bộ và 20 chi bộ).", VerdictUnverifiable, "27"},
	} {
		rep := checked(t, tc.text)
		got := claimsOf(rep, KindSum)
		if len(got) != 1 || got[0].Verdict != tc.verdict || got[0].Computed != tc.computed {
			t.Errorf("%q: sums %+v", tc.text, got)
		}
	}
	// A parenthesis of another subject or with other words is not a list of parts.
	rep := Check("Đảng bộ huyện có 33 tổ chức cơ sở Đảng với tổng số 1.480 đảng viên (gồm: 15 Đảng bộ cơ sở với 146 chi bộ trực thuộc và 18 Chi bộ cơ sở đảng).")
	for _, c := range rep.Claims {
		if c.Kind == KindSum {
			t.Errorf("unexpected sum %+v", c)
		}
	}
}

func TestCheckEvaluatedRatioAfterTotal(t *testing.T) {
	text := "Tổng số đảng viên được đánh giá, xếp loại là 2.782/2.819 đồng chí; trong đó: 501 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 18,01%; 2.101 đồng chí hoàn thành tốt nhiệm vụ, chiếm 75,52%; 170 đồng chí hoàn thành nhiệm vụ, chiếm 6,11%; 10 đồng chí không hoàn thành nhiệm vụ, chiếm 0,36%."
	rep := checked(t, text)
	// 501/2.782 = 18,008…%, 2.101/2.782 = 75,521…%, 170/2.782 = 6,110…%,
	// 10/2.782 = 0,359…%; 501 + 2.101 + 170 + 10 = 2.782.
	if rep.Summary != (Summary{OK: 6}) {
		t.Errorf("Summary = %+v", rep.Summary)
		for _, c := range rep.Claims {
			t.Logf("%s %s %q: %s", c.Verdict, c.Kind, c.Text, c.Message)
		}
	}
	c := claimAbout(t, rep, KindCountShare, "18,01%")
	if c.Whole != "2.782" {
		t.Errorf("base %s, want 2.782", c.Whole)
	}
}

// FuzzCheck: any text is checked without a panic, with offsets into it.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"Có 100% (61/61) thôn; 02/10 đồng chí xếp loại: Hoàn thành xuất sắc nhiệm vụ",
		"Hoàn thành xuất sắc nhiệm vụ 08 (có 01 đảng bộ và 07 chi bộ), chiếm tỷ lệ 15,67%",
		"gồm 49 đồng chí - giảm 2 đồng chí, tỷ lệ 3,92% so với nhiệm kỳ trước (năm 2020: 51)",
		"Tổng số\t118\t100\nHoàn thành tốt nhiệm vụ\t88\t74,58\n| a | 1 | 2% |\n",
		"có 662 trong tổng số 686 (TCCSĐ) được đánh giá; 10 Đ/c đạt trên 99%",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep := Check(text)
		for _, c := range rep.Claims {
			if c.Start < 0 || c.End > len(text) || c.Start > c.End || text[c.Start:c.End] != c.Text {
				t.Fatalf("claim %+v does not point into %q", c, text)
			}
		}
	})
}

func TestCounts(t *testing.T) {
	text := readReport(t, "report_correct.txt")
	sets := Counts(text)
	if len(sets) < 4 {
		t.Fatalf("%d count sets: %+v", len(sets), sets)
	}
	first := sets[0]
	if first.Evaluated != 513 || first.Total != 520 || first.Subject != subjectOrg {
		t.Errorf("first set = %+v", first)
	}
	want := map[string]int64{levelGoodOrAbove: 485, levelCompleted: 20, levelNotCompleted: 8}
	for _, l := range first.Levels {
		if want[l.Level] != l.Count {
			t.Errorf("level %s = %d, want %d", l.Level, l.Count, want[l.Level])
		}
		if l.Start < 0 || l.End > len(text) || l.Start >= l.End {
			t.Errorf("level %+v has bad offsets", l)
		}
	}
	if got := text[first.BaseStart:first.BaseEnd]; got == "" || got[:7] != "513/520" {
		t.Errorf("base excerpt %q", got)
	}
	// A table's rows are a set of their own.
	table := "Mức xếp loại\tSố lượng\tTỷ lệ (%)\nTổng số\t118\t100\nHoàn thành xuất sắc nhiệm vụ\t19\t16,10\nHoàn thành tốt nhiệm vụ\t88\t74,58\nHoàn thành nhiệm vụ\t9\t7,63\nKhông hoàn thành nhiệm vụ\t2\t1,69\n"
	sets = Counts(table)
	if len(sets) != 1 || sets[0].Evaluated != 118 || len(sets[0].Levels) != 4 || sets[0].Levels[1].Count != 88 {
		t.Errorf("table sets = %+v", sets)
	}
}

func TestCheckNamedBase(t *testing.T) {
	for _, tc := range []struct {
		text, verdict, whole, computed string
	}{
		// 92/485 = 18,969…%, 92/513 = 17,933…%
		{"Có 513 chi bộ được đánh giá, xếp loại. Kết quả, 485 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%. Số chi bộ hoàn thành xuất sắc nhiệm vụ là 92, chiếm 18,97% số chi bộ hoàn thành tốt nhiệm vụ trở lên.", VerdictOK, "485", "18,97%"},
		{"Có 513 chi bộ được đánh giá, xếp loại. Kết quả, 485 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%. Số chi bộ hoàn thành xuất sắc nhiệm vụ là 92, chiếm 18,79% số chi bộ hoàn thành tốt nhiệm vụ trở lên.", VerdictWrong, "485", "18,97%"},
	} {
		rep := checked(t, tc.text)
		var got *Claim
		for i, c := range rep.Claims {
			if c.Kind == KindCountShare && c.Part == "92" {
				got = &rep.Claims[i]
			}
		}
		if got == nil || got.Verdict != tc.verdict || got.Whole != tc.whole || got.Computed != tc.computed {
			t.Errorf("%q: %+v", tc.text, got)
		}
	}
}

func TestCheckCategoryWithoutItsBase(t *testing.T) {
	// The base of the first category (513) is not that of the second,
	// whose evaluated count is not stated: 1.200/513 proves nothing.
	text := "Đối với tổ chức cơ sở đảng, có 485/513 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%; đối với chi bộ trực thuộc, 1.200 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 92,31%."
	rep := checked(t, text)
	c := claimAbout(t, rep, KindCountShare, "92,31%")
	if c.Verdict != VerdictUnverifiable {
		t.Errorf("got %s: %s", c.Verdict, c.Message)
	}
}
