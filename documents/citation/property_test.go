package citation

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// propertyTokens are pieces of citations and of the text around them;
// random sequences of them exercise the grammar's corners (look-alike
// dashes, Đ and eth, TƯ, line breaks, glued codes, dates and terms).
var propertyTokens = []string{
	"0", "5", "05", "12", "124", "2020", "15671", "123456", "1A",
	"-", " - ", "–", "‑", "/", " / ", "∕", ".", ",", ":", "(", ")", " ", "  ", "\t", "\n", "\u00a0", "\u200b", "\u00ad",
	"CT", "ct", "QĐ", "QĐi", "qdi", "QyĐ", "HD", "HĐ", "ĐA", "DA", "NĐ", "TT", "KH", "TB", "CTr", "X", "ABCDEFGHIJKLMNOP",
	"TW", "TƯ", "Tư", "TU", "ĐU", "\u00d0U", "du", "TTg", "ThU", "VPCP", "CN", "BTCTU", "QH13", "qh", "UBND", "CP",
	"Chỉ thị", "chi thi", "CHỈ THỊ", "Quy định", "Nghị quyết", "Đề án", "để ăn", "Kết luận", "Thông báo kết luận",
	"Thông tư", "THÔNG TƯ", "Luật", "Kế hoạch", "Công văn", "số", "Số", "số:",
	"ngày", "tháng", "năm", "15/5/2016", "30.8.2025", "25-10-2017", "20 tháng 6 năm 2019", "32/13/2020",
	"khóa", "khoá", "XII", "XIII", "XI, XII", "IIII", "luận",
	"Hội nghị", "lần thứ", "sáu", "tư", "mười hai", "Ban Chấp hành", "Trung ương", "Đảng",
	"COVID-19/SARS-CoV-2", "và", "của", "về", "a", "é", "中", "\u0301", "\xff",
}

// Parts of citation-shaped token sequences.
var (
	propNums    = []string{"0", "5", "05", "28", "124", "2020", "15671", "123456"}
	propYears   = []string{"2015", "2020", "1999", "2101"}
	propDashes  = []string{"-", " - ", "–", "‑", " -\n", "", " "}
	propSlashes = []string{"/", " / ", "∕", "/\n"}
	propCodes   = []string{"CT", "ct", "QĐ", "QĐi", "HĐ", "HD", "ĐA", "da", "NĐ", "TT", "KH", "TTr", "Q1", "VPCP", "TƯ", "X", "GĐĐ", "vbhn"}
	propIssuers = []string{"TW", "TƯ", "tư", "TU", "ĐU", "\u00d0U", "du", "TTg", "thu", "BTCTU-BDVTU", "BTCTU - BDVTU", "CP", "QH13", "ĐUK", "Chỉ", "A1", "ABCDEFGHIJKLMNOPQ", "UBTVQH15-CP"}
)

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// citationLike builds a sequence shaped like one of the patterns.
func citationLike(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0: // party
		return pick(r, propNums) + pick(r, propDashes) + pick(r, propCodes) + pick(r, propSlashes) + pick(r, propIssuers)
	case 1: // legal or law
		return pick(r, propNums) + pick(r, propSlashes) + pick(r, propYears) + pick(r, propSlashes) + pick(r, propCodes) + pick(r, propDashes) + pick(r, propIssuers)
	case 2: // admin or letter
		return pick(r, propNums) + pick(r, propSlashes) + pick(r, propCodes) + pick(r, propDashes) + pick(r, propIssuers)
	}
	return pick(r, propertyTokens) + " " + pick(r, propNums) // partial and the rest
}

func randomText(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(10) {
		if r.IntN(2) == 0 {
			b.WriteString(citationLike(r))
		} else {
			b.WriteString(pick(r, propertyTokens))
		}
		if r.IntN(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestRandomTexts checks, on random token sequences, that every reference
// round-trips and that Extract agrees with the direct transcription of the
// grammar.
func TestRandomTexts(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewPCG(1, 2))
	found := 0
	for range n {
		text := randomText(r)
		refs := Extract(text)
		found += len(refs)
		for _, ref := range refs {
			if msg := roundTrips(ref); msg != "" {
				t.Fatalf("Extract(%q): %s", text, msg)
			}
		}
		if want := extractReference(text); !reflect.DeepEqual(refs, want) {
			t.Fatalf("Extract(%q) = %v, reference gives %v", text, describe(refs), describe(want))
		}
	}
	if found < n/4 {
		t.Errorf("only %d references in %d texts: the generator no longer exercises the grammar", found, n)
	}
}
