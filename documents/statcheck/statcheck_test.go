package statcheck

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func readReport(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkOffsets verifies that every claim's Text is the slice it points at.
func checkOffsets(t *testing.T, text string, rep Report) {
	t.Helper()
	for _, c := range rep.Claims {
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End || text[c.Start:c.End] != c.Text {
			t.Errorf("claim %q has offsets %d..%d that do not match the text", c.Text, c.Start, c.End)
		}
	}
}

// checked is Check(text), its claims' offsets checked against text.
func checked(t *testing.T, text string) Report {
	t.Helper()
	rep := Check(text)
	checkOffsets(t, text, rep)
	return rep
}

func countKinds(rep Report) map[string]int {
	kinds := map[string]int{}
	for _, c := range rep.Claims {
		kinds[c.Kind]++
	}
	return kinds
}

func TestCheckCorrectReport(t *testing.T) {
	text := readReport(t, "report_correct.txt")
	rep := checked(t, text)
	for _, c := range rep.Claims {
		if c.Verdict != VerdictOK {
			t.Errorf("%s %q: %s, %s", c.Kind, c.Text, c.Verdict, c.Message)
		}
	}
	want := Summary{OK: 29}
	if rep.Summary != want {
		t.Errorf("Summary = %+v, want %+v", rep.Summary, want)
	}
	wantKinds := map[string]int{KindRatioShare: 6, KindChildShare: 1, KindCountShare: 14, KindTotal: 3, KindSum: 5}
	for k, n := range wantKinds {
		if got := countKinds(rep)[k]; got != n {
			t.Errorf("%d %s claims, want %d", got, k, n)
		}
	}
	// A few claims in detail, including one-decimal shares and the
	// "Level: N" and "N (chiếm x%) level" forms.
	for _, w := range []Claim{
		{Text: "92 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 18,97%", Kind: KindChildShare, Part: "92", Whole: "485", Stated: "18,97%", Computed: "18,97%"},
		{Text: "Hoàn thành tốt nhiệm vụ: 27.654 đồng chí, chiếm 75,9%", Kind: KindCountShare, Part: "27.654", Whole: "36.449", Stated: "75,9%", Computed: "75,9%"},
		{Text: "78 đồng chí (chiếm 18,9%) hoàn thành xuất sắc nhiệm vụ", Kind: KindCountShare, Part: "78", Whole: "412", Stated: "18,9%", Computed: "18,9%"},
		{Text: "1 chi bộ không hoàn thành nhiệm vụ, chiếm 3,13%", Kind: KindCountShare, Part: "1", Whole: "32", Stated: "3,13%", Computed: "3,13%"},
		{Text: "33/61 đảng viên là cán bộ trẻ được xếp loại hoàn thành tốt nhiệm vụ, chiếm 54,1%", Kind: KindRatioShare, Part: "33", Whole: "61", Stated: "54,1%", Computed: "54,1%"},
		{Text: "513/520 tổ chức cơ sở đảng được đánh giá, xếp loại và 7 tổ chức cơ sở đảng chưa đánh giá, xếp loại", Kind: KindTotal, Part: "513", Whole: "520", Stated: "513/520", Computed: "520"},
	} {
		c, ok := findClaim(rep, w.Text, w.Kind)
		if !ok {
			t.Errorf("no %s claim %q", w.Kind, w.Text)
			continue
		}
		if c.Part != w.Part || c.Whole != w.Whole || c.Stated != w.Stated || c.Computed != w.Computed {
			t.Errorf("claim %q = part %s whole %s stated %s computed %s", w.Text, c.Part, c.Whole, c.Stated, c.Computed)
		}
	}
}

func findClaim(rep Report, text, kind string) (Claim, bool) {
	for _, c := range rep.Claims {
		if c.Text == text && c.Kind == kind {
			return c, true
		}
	}
	return Claim{}, false
}

func TestCheckSlips(t *testing.T) {
	text := readReport(t, "report_slips.txt")
	rep := checked(t, text)
	wrong := []struct {
		name     string
		text     string
		kind     string
		computed string
		message  string
	}{
		{
			name: "share on the wrong base (92/513 where 92/485 was meant)",
			text: "92 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 17,93%", kind: KindChildShare, computed: "18,97%",
			message: "Sai: tỷ lệ đúng là 18,97% (92/485), không phải 17,93%; 17,93% là tỷ lệ tính trên 513 (mẫu số của vế trước).",
		},
		{
			name: "typo",
			text: "27.654 đồng chí hoàn thành tốt nhiệm vụ, chiếm 75,78%", kind: KindCountShare, computed: "75,87%",
			message: "Sai: tỷ lệ đúng là 75,87% (27.654/36.449), không phải 75,78%.",
		},
		{
			name: "half-to-even rounding",
			text: "1 chi bộ không hoàn thành nhiệm vụ, chiếm 3,12%", kind: KindCountShare, computed: "3,13%",
			message: "Sai: tỷ lệ đúng là 3,13% (1/32), không phải 3,12%; 1/32 = 3,125%, chữ số bỏ đi là 5 nên phải làm tròn lên thành 3,13%.",
		},
		{
			name: "levels do not add up",
			text: "19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, 88 đảng bộ cơ sở hoàn thành tốt nhiệm vụ, 9 đảng bộ cơ sở hoàn thành nhiệm vụ, 1 đảng bộ cơ sở không hoàn thành nhiệm vụ",
			kind: KindSum, computed: "117",
			message: "Sai: tổng các mức 19 + 88 + 9 + 1 = 117, khác số được đánh giá, xếp loại (118).",
		},
		{
			name: "one decimal truncated",
			text: "33/61 đảng viên là cán bộ trẻ được xếp loại hoàn thành tốt nhiệm vụ, chiếm 54,0%", kind: KindRatioShare, computed: "54,1%",
			message: "Sai: tỷ lệ đúng là 54,1% (33/61), không phải 54,0%; có thể do cắt bớt chữ số thay vì làm tròn.",
		},
	}
	for _, w := range wrong {
		t.Run(w.name, func(t *testing.T) {
			c, ok := findClaim(rep, w.text, w.kind)
			if !ok {
				t.Fatalf("no %s claim %q", w.kind, w.text)
			}
			if c.Verdict != VerdictWrong || c.Computed != w.computed || c.Message != w.message {
				t.Errorf("got %s, computed %s, %q", c.Verdict, c.Computed, c.Message)
			}
		})
	}
	want := Summary{OK: 15, Wrong: len(wrong)}
	if rep.Summary != want {
		t.Errorf("Summary = %+v, want %+v", rep.Summary, want)
		for _, c := range rep.Claims {
			t.Logf("%s %s %q: %s", c.Verdict, c.Kind, c.Text, c.Message)
		}
	}
}

// one checks a text with a single share claim and returns it.
func one(t *testing.T, text string) Claim {
	t.Helper()
	rep := checked(t, text)
	var shares []Claim
	for _, c := range rep.Claims {
		if c.Kind != KindTotal && c.Kind != KindSum {
			shares = append(shares, c)
		}
	}
	if len(shares) != 1 {
		t.Fatalf("%q: %d share claims, want 1: %+v", text, len(shares), rep.Claims)
	}
	return shares[0]
}

func TestCheckStatedPrecision(t *testing.T) {
	for _, tc := range []struct {
		text, verdict, computed string
	}{
		// 33/61 = 54,098…%
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54,1%.", VerdictOK, "54,1%"},
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54,10%.", VerdictOK, "54,10%"},
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54,09%.", VerdictWrong, "54,10%"},
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54%.", VerdictOK, "54%"},
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54,0%.", VerdictWrong, "54,1%"},
		{"Có 33/61 đảng viên hoàn thành tốt nhiệm vụ, chiếm 54,2%.", VerdictWrong, "54,1%"},
		// 1/32 = 3,125%
		{"Có 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3,13%.", VerdictOK, "3,13%"},
		{"Có 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3,12%.", VerdictWrong, "3,13%"},
		{"Có 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3,1%.", VerdictOK, "3,1%"},
		{"Có 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3%.", VerdictOK, "3%"},
		// Number formats and verbs.
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54 %.", VerdictOK, "94,54%"},
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94.54%.", VerdictOK, "94,54%"},
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm\u00a094,54\u00a0%.", VerdictOK, "94,54%"},
		{"có 1/8 chi bộ không hoàn thành nhiệm vụ, chiếm 12.500%.", VerdictOK, "12,500%"},
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm tỷ lệ 94,54%.", VerdictOK, "94,54%"},
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, đạt tỉ lệ 94,5%.", VerdictOK, "94,5%"},
		{"có 485 / 513 chi bộ hoàn thành tốt nhiệm vụ trở lên, tỷ lệ 94,54%.", VerdictOK, "94,54%"},
		{"485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên = 94,54%.", VerdictOK, "94,54%"},
		{"có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, CHIẾM 94,55%.", VerdictWrong, "94,54%"},
		{"Có 1.234/1.300 đảng viên hoàn thành tốt nhiệm vụ, chiếm 94,92%.", VerdictOK, "94,92%"},
		{"Có 0/7 chi bộ không hoàn thành nhiệm vụ, chiếm 0%.", VerdictOK, "0%"},
		{"Có 513/513 chi bộ được đánh giá, xếp loại, đạt 100%.", VerdictOK, "100%"},
		// 100% and 0% are only written when exact.
		{"Có 512/513 chi bộ được đánh giá, xếp loại, đạt 100%.", VerdictWrong, "99,81%"},
		{"Có 1/1000 đảng viên không hoàn thành nhiệm vụ, chiếm 0%.", VerdictWrong, "0,10%"},
		{"Có 1/100000 đảng viên không hoàn thành nhiệm vụ, chiếm 0,00%.", VerdictWrong, "0,001%"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := one(t, tc.text)
			if c.Verdict != tc.verdict || c.Computed != tc.computed {
				t.Errorf("got %s, computed %s: %s", c.Verdict, c.Computed, c.Message)
			}
		})
	}
}

func TestCheckExtremesMessages(t *testing.T) {
	for text, want := range map[string]string{
		"Có 512/513 chi bộ được đánh giá, xếp loại, đạt 100%.":     "Sai: 512/513 = 99,81%, không phải 100%; chỉ ghi 100% khi đủ 513/513.",
		"Có 1/1000 đảng viên không hoàn thành nhiệm vụ, chiếm 0%.": "Sai: 1/1.000 = 0,10%, không phải 0%; chỉ ghi 0% khi không có trường hợp nào.",
		"Có 513/513 chi bộ được đánh giá, xếp loại, đạt 100,00%.":  "Đúng: 513/513 = 100,00%.",
		"Có 0/513 chi bộ không hoàn thành nhiệm vụ, chiếm 0,0%.":   "Đúng: 0/513 = 0,0%.",
	} {
		if c := one(t, text); c.Message != want {
			t.Errorf("%s\n got %s\nwant %s", text, c.Message, want)
		}
	}
}

func TestCheckBases(t *testing.T) {
	for _, tc := range []struct {
		name, text, kind, verdict, whole, message string
	}{
		{
			name:    "count share without a base",
			text:    "Kết quả: 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17%.",
			kind:    KindCountShare,
			verdict: VerdictUnverifiable,
			message: "Không xác định được số gốc: chưa nêu tổng số hoặc số được đánh giá, xếp loại trước tỷ lệ này.",
		},
		{
			name:    "evaluated count stated as a count",
			text:    "Có 36.449 đồng chí được đánh giá, xếp loại. Kết quả: 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17%.",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "36.449",
		},
		{
			name:    "base in an earlier paragraph, share matches",
			text:    "Tổng số đảng viên được đánh giá, xếp loại là 36.449 đồng chí.\n\nKết quả: 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17%.",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "36.449",
		},
		{
			name:    "base in an earlier paragraph, share differs",
			text:    "Tổng số đảng viên được đánh giá, xếp loại là 36.449 đồng chí.\n\nKết quả: 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,71%.",
			kind:    KindCountShare,
			verdict: VerdictUnverifiable,
			whole:   "36.449",
			message: "Chưa xác định chắc số gốc: nếu tính trên 36.449 (số được đánh giá, xếp loại) thì tỷ lệ là 16,17%, không phải 16,71%.",
		},
		{
			name:    "general total only, share differs",
			text:    "Tổng số đảng viên toàn Đảng bộ là 37.120 đồng chí; 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17%.",
			kind:    KindCountShare,
			verdict: VerdictUnverifiable,
			whole:   "37.120",
		},
		{
			name:    "a share over the general total names it",
			text:    "Tổng số đảng viên toàn Đảng bộ là 37.120 đồng chí, trong đó có 36.449 đồng chí được đánh giá, xếp loại; 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 15,88%.",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "37.120",
			message: "Đúng khi tính trên 37.120 (tổng số): 5.893/37.120 = 15,88%; trên 36.449 (số được đánh giá, xếp loại) thì là 16,17%.",
		},
		{
			name:    "a share over neither the evaluated count nor the total",
			text:    "Tổng số đảng viên toàn Đảng bộ là 37.120 đồng chí, trong đó có 36.449 đồng chí được đánh giá, xếp loại; 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 15,98%.",
			kind:    KindCountShare,
			verdict: VerdictWrong,
			whole:   "36.449",
			message: "Sai: tỷ lệ đúng là 16,17% (5.893/36.449), không phải 15,98%.",
		},
		{
			name:    "share of a clause naming no level",
			text:    "Có 36.449 đồng chí được đánh giá, xếp loại. Năm 2023 kết nạp 1.234 đảng viên mới, đạt 102,8% kế hoạch.",
			kind:    KindCountShare,
			verdict: VerdictUnverifiable,
			whole:   "36.449",
		},
		{
			name:    "a total named after a share is not a new base",
			text:    "Có 36.449 đồng chí được đánh giá, xếp loại; 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,17% tổng số đảng viên được đánh giá, 27.654 đồng chí hoàn thành tốt nhiệm vụ, chiếm 75,78%.",
			kind:    KindCountShare,
			verdict: VerdictWrong,
			whole:   "36.449",
			message: "Sai: tỷ lệ đúng là 75,87% (27.654/36.449), không phải 75,78%.",
		},
		{
			name:    "another year's figure",
			text:    "Có 118 đảng bộ cơ sở được đánh giá, xếp loại; năm 2022: 15 đảng bộ cơ sở hoàn thành xuất sắc nhiệm vụ, chiếm 13,64%.",
			kind:    KindCountShare,
			verdict: VerdictUnverifiable,
			whole:   "118",
		},
		{
			name:    "child written over all evaluated",
			text:    "Có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54% (trong đó có 92/513 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 17,93%).",
			kind:    KindChildShare,
			verdict: VerdictOK,
			whole:   "513",
		},
		{
			name:    "child matching no base",
			text:    "Có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54% (trong đó có 92 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 18,79%).",
			kind:    KindChildShare,
			verdict: VerdictWrong,
			whole:   "485",
			message: "Sai: tỷ lệ đúng là 18,97% (92/485), không phải 18,79%.",
		},
		{
			name:    "child of a count share",
			text:    "Tổng số chi bộ được đánh giá, xếp loại là 513; 485 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%, trong đó có 92 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 18,97%.",
			kind:    KindChildShare,
			verdict: VerdictOK,
			whole:   "485",
		},
		{
			name:    "trong đó after a total is not a child",
			text:    "Có 513/513 chi bộ được đánh giá, xếp loại, đạt 100% (trong đó có 92 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 17,93%).",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "513",
		},
		{
			name:    "share before the level words",
			text:    "Có 118 đảng bộ cơ sở được đánh giá, xếp loại; 19 đảng bộ cơ sở (chiếm 16,10%) hoàn thành xuất sắc nhiệm vụ.",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "118",
		},
		{
			name:    "abbreviated level names",
			text:    "Có 118 đảng bộ cơ sở được đánh giá, xếp loại; HTXSNV: 19 đảng bộ, chiếm 16,1%.",
			kind:    KindCountShare,
			verdict: VerdictOK,
			whole:   "118",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			got := claimsOf(rep, tc.kind)
			if len(got) == 0 {
				t.Fatalf("no %s claim: %+v", tc.kind, rep.Claims)
			}
			for _, c := range got[:len(got)-1] {
				if c.Verdict != VerdictOK {
					t.Errorf("earlier claim %q: %s", c.Text, c.Message)
				}
			}
			c := got[len(got)-1] // the figure the case is about comes last
			if c.Verdict != tc.verdict || c.Whole != tc.whole || (tc.message != "" && c.Message != tc.message) {
				t.Errorf("got %s over %q: %s", c.Verdict, c.Whole, c.Message)
			}
		})
	}
}

func TestCheckLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       Summary
		excerpt    string // one claim that must be found
	}{
		{
			name: "level name first",
			text: "Năm 2023, toàn Đảng bộ có 1.120 chi bộ trực thuộc, trong đó 1.098 chi bộ được đánh giá, xếp loại. Kết quả: hoàn thành xuất sắc nhiệm vụ 210 chi bộ, chiếm 19,13%; hoàn thành tốt nhiệm vụ 820 chi bộ, chiếm 74,68%; hoàn thành nhiệm vụ 60 chi bộ, chiếm 5,46%; không hoàn thành nhiệm vụ 8 chi bộ, chiếm 0,73%.",
			want: Summary{OK: 6}, excerpt: "hoàn thành tốt nhiệm vụ 820 chi bộ, chiếm 74,68%",
		},
		{
			name: "abbreviations and bare parentheses",
			text: "Về đảng viên: tổng số 12.345 đảng viên được đánh giá, xếp loại, trong đó: HTXSNV 1.850 đồng chí (15,0%), HTTNV 9.900 đồng chí (80,2%), HTNV 500 đồng chí (4,1%), KHTNV 95 đồng chí (0,8%).",
			want: Summary{OK: 6}, excerpt: "HTXSNV 1.850 đồng chí (15,0%)",
		},
		{
			name: "abbreviations with a slip",
			text: "Về đảng viên: tổng số 12.345 đảng viên được đánh giá, xếp loại, trong đó: HTXSNV 1.850 đồng chí (15,0%), HTTNV 9.900 đồng chí (80,2%), HTNV 500 đồng chí (4,1%), KHTNV 59 đồng chí (0,8%).",
			want: Summary{OK: 4, Wrong: 2}, excerpt: "KHTNV 59 đồng chí (0,8%)",
		},
		{
			name: "shares without counts are left alone",
			text: "Kết quả kiểm điểm năm 2023: có 98,5% đảng viên được đánh giá, xếp loại; trong đó 18,2% hoàn thành xuất sắc nhiệm vụ. Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt 94,54%, tăng 1,2% so với năm 2022.",
			want: Summary{},
		},
		{
			name: "share before its ratio",
			text: "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt 94,54% (485/513), tăng 1,2% so với năm 2022; có 100% (61/61) thôn có chi bộ đảng.",
			want: Summary{OK: 2}, excerpt: "94,54% (485/513)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			if rep.Summary != tc.want {
				t.Errorf("Summary = %+v, want %+v", rep.Summary, tc.want)
				for _, c := range rep.Claims {
					t.Logf("%s %s %q: %s", c.Verdict, c.Kind, c.Text, c.Message)
				}
			}
			if tc.excerpt == "" {
				return
			}
			for _, c := range rep.Claims {
				if c.Text == tc.excerpt {
					return
				}
			}
			t.Errorf("no claim %q", tc.excerpt)
		})
	}
}

func TestCheckTotals(t *testing.T) {
	for _, tc := range []struct {
		name, text, verdict, message string
	}{
		{
			name:    "evaluated and not evaluated add up",
			text:    "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 2 đảng bộ cơ sở chưa đánh giá, xếp loại.",
			verdict: VerdictOK,
			message: "Đúng: 118 + 2 = 120, khớp với tổng số.",
		},
		{
			name:    "evaluated and not evaluated do not add up",
			text:    "Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại và 3 đảng bộ cơ sở chưa đánh giá, xếp loại.",
			verdict: VerdictWrong,
			message: "Sai: 118 được đánh giá + 3 chưa đánh giá = 121, khác tổng số 120.",
		},
		{
			name:    "more evaluated than subjects",
			text:    "Có 121/120 đảng bộ cơ sở được đánh giá, xếp loại.",
			verdict: VerdictWrong,
			message: "Sai: số được đánh giá, xếp loại (121) lớn hơn tổng số (120).",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check(tc.text)
			if len(rep.Claims) != 1 || rep.Claims[0].Kind != KindTotal {
				t.Fatalf("claims = %+v", rep.Claims)
			}
			if c := rep.Claims[0]; c.Verdict != tc.verdict || c.Message != tc.message {
				t.Errorf("got %s: %s", c.Verdict, c.Message)
			}
		})
	}
}

func TestCheckSums(t *testing.T) {
	for _, tc := range []struct {
		name, text, verdict, computed string
	}{
		{
			name:    "four levels after a total",
			text:    "Có 118 đảng bộ cơ sở được đánh giá, xếp loại. Kết quả: 19 hoàn thành xuất sắc nhiệm vụ, 88 hoàn thành tốt nhiệm vụ, 9 hoàn thành nhiệm vụ, 2 không hoàn thành nhiệm vụ.",
			verdict: VerdictOK, computed: "118",
		},
		{
			name:    "aggregate and zero level",
			text:    "Có 32/32 chi bộ được đánh giá, xếp loại, đạt 100%. Kết quả, có 30/32 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 93,75%; 3/32 chi bộ hoàn thành nhiệm vụ, chiếm 9,38%; không có chi bộ không hoàn thành nhiệm vụ.",
			verdict: VerdictWrong, computed: "33",
		},
		{
			name:    "incomplete levels already above the total",
			text:    "Có 20 chi bộ được đánh giá, xếp loại; 15 chi bộ hoàn thành tốt nhiệm vụ trở lên, 6 chi bộ hoàn thành nhiệm vụ.",
			verdict: VerdictWrong, computed: "21",
		},
		{
			name:    "levels against a general total",
			text:    "Tổng số đảng viên là 40 đồng chí; 5 đồng chí hoàn thành xuất sắc nhiệm vụ, 20 đồng chí hoàn thành tốt nhiệm vụ, 10 đồng chí hoàn thành nhiệm vụ, 1 đồng chí không hoàn thành nhiệm vụ.",
			verdict: VerdictUnverifiable, computed: "36",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := checked(t, tc.text)
			sums := claimsOf(rep, KindSum)
			if len(sums) != 1 {
				t.Fatalf("%d sum claims: %+v", len(sums), rep.Claims)
			}
			if c := sums[0]; c.Verdict != tc.verdict || c.Computed != tc.computed {
				t.Errorf("got %s, computed %s: %s", c.Verdict, c.Computed, c.Message)
			}
		})
	}
	// An incomplete set that stays below the total proves nothing.
	rep := Check("Có 20 chi bộ được đánh giá, xếp loại; 15 chi bộ hoàn thành tốt nhiệm vụ trở lên, 3 chi bộ hoàn thành nhiệm vụ.")
	for _, c := range rep.Claims {
		if c.Kind == KindSum {
			t.Errorf("unexpected sum claim %+v", c)
		}
	}
}

func TestCheckIgnoresOtherNumbers(t *testing.T) {
	for _, text := range []string{
		"Thực hiện Quy định số 124-QĐ/TW, ngày 04/10/2023 của Bộ Chính trị và Hướng dẫn số 25-HD/BTCTW, ngày 24/11/2023.",
		"Ngày 18/6/2019, Thường trực Tỉnh ủy tổ chức hội nghị; tỷ lệ đảng viên không hoàn thành nhiệm vụ giảm 0,1% so với năm 2022.",
		"So với năm 2022, số đảng viên hoàn thành tốt nhiệm vụ trở lên tăng 1.126 đồng chí.",
		"Toàn tỉnh đã giảm 463 biên chế công chức, giảm 2.848 viên chức; giảm 20 đơn vị hành chính cấp xã.",
		"Tỷ lệ hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số hoàn thành tốt nhiệm vụ trở lên.",
		"Nghị quyết Đại hội lần thứ XVIII, nhiệm kỳ 2015 - 2020; Nghị định 30/2020/NĐ-CP.",
		"",
	} {
		if rep := Check(text); len(rep.Claims) != 0 {
			t.Errorf("Check(%q) found %+v", text, rep.Claims)
		}
	}
}

func TestCheckDecomposedText(t *testing.T) {
	nfc := "Tổng số đảng viên được đánh giá, xếp loại là 36.449 đồng chí; trong đó: 5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 16,18%."
	nfd := norm.NFD.String(nfc)
	a, b := Check(nfc), Check(nfd)
	checkOffsets(t, nfd, b)
	if len(a.Claims) != len(b.Claims) || a.Summary != b.Summary {
		t.Fatalf("NFC %+v\nNFD %+v", a, b)
	}
	for i := range a.Claims {
		if norm.NFC.String(b.Claims[i].Text) != a.Claims[i].Text || b.Claims[i].Verdict != a.Claims[i].Verdict {
			t.Errorf("claim %d: NFD %q %s, NFC %q %s", i, b.Claims[i].Text, b.Claims[i].Verdict, a.Claims[i].Text, a.Claims[i].Verdict)
		}
	}
	if a.Summary.Wrong != 1 {
		t.Errorf("Summary = %+v, want one wrong claim", a.Summary)
	}
}

func TestCheckWrappedLines(t *testing.T) {
	// Text extracted from PDF: lines wrap inside sentences.
	text := "Tổng số đảng viên được đánh giá, xếp loại là 36.449 đồng\nchí; trong đó: 5.893 đồng chí hoàn thành xuất sắc\nnhiệm vụ, chiếm 16,17%;\n27.654 đồng chí hoàn thành tốt nhiệm vụ, chiếm\n75,87%."
	rep := checked(t, text)
	if rep.Summary != (Summary{OK: 3}) {
		t.Errorf("Summary = %+v: %+v", rep.Summary, rep.Claims)
	}
}

func TestReportJSON(t *testing.T) {
	rep := Check("Có 1/32 chi bộ không hoàn thành nhiệm vụ, chiếm 3,12%.")
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind":"ratio_share"`, `"verdict":"wrong"`, `"stated":"3,12%"`, `"computed":"3,13%"`, `"summary":{"ok":0,"wrong":1,"unverifiable":0}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	if b, _ := json.Marshal(Check("")); !strings.Contains(string(b), `"claims":[]`) {
		t.Errorf("empty report JSON = %s", b)
	}
}

// claimsOf returns the claims of rep of one kind.
func claimsOf(rep Report, kind string) []Claim {
	var out []Claim
	for _, c := range rep.Claims {
		if c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}
