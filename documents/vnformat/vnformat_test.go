package vnformat

import (
	"errors"
	"math"
	"math/big"
	"math/rand"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestInt(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{5, "5"},
		{-5, "-5"},
		{999, "999"},
		{1000, "1.000"},
		{36449, "36.449"},
		{-36449, "-36.449"},
		{100000, "100.000"},
		{1234567, "1.234.567"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	} {
		if got := Int(tc.in); got != tc.want {
			t.Errorf("Int(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		part, whole int64
		decimals    int
		want        string
	}{
		// Expected values of the domain notes, §10.
		{485, 513, 2, "94,54"},
		{92, 485, 2, "18,97"},
		{92, 513, 2, "17,93"},
		{92, 393, 2, "23,41"},
		{1, 32, 2, "3,13"}, // 3,125: half-up, not half-to-even 3,12
		{3, 32, 2, "9,38"}, // 9,375
		{1, 3, 2, "33,33"},
		{2, 3, 2, "66,67"},
		{513, 513, 2, "100,00"},
		{0, 7, 2, "0,00"},
		// More.
		{1, 8, 2, "12,50"},
		{107, 118, 2, "90,68"},
		{19, 107, 2, "17,76"},
		{9, 118, 2, "7,63"},
		{2, 118, 2, "1,69"},
		{33, 61, 1, "54,1"},
		{33, 61, 2, "54,10"},
		{33, 61, 0, "54"},
		{1, 8, 0, "13"},   // 12,5 → 13
		{1, 16, 1, "6,3"}, // 6,25 → 6,3
		{5893, 36449, 2, "16,17"},
		{1, 200, 0, "1"}, // 0,5 → 1
		{1, 201, 0, "0"},
		{1, 1000000, 2, "0,00"},
		{1, 20000, 2, "0,01"}, // 0,005 → 0,01
		{12345, 1, 2, "1.234.500,00"},
		{-1, 32, 2, "-3,13"}, // ties away from zero
		{-1, 1000000, 2, "0,00"},
		{1, 3, 4, "33,3333"},
		{math.MaxInt64, math.MaxInt64, 2, "100,00"},
	} {
		got, err := Percent(tc.part, tc.whole, tc.decimals)
		if err != nil || got != tc.want {
			t.Errorf("Percent(%d, %d, %d) = %q, %v; want %q", tc.part, tc.whole, tc.decimals, got, err, tc.want)
		}
	}
}

func TestPercentSign(t *testing.T) {
	got, err := PercentSign(485, 513, 2)
	if err != nil || got != "94,54%" {
		t.Fatalf("PercentSign(485, 513, 2) = %q, %v; want 94,54%%", got, err)
	}
	if _, err := PercentSign(1, 0, 2); !errors.Is(err, ErrZeroWhole) {
		t.Fatalf("PercentSign(1, 0, 2) error = %v, want ErrZeroWhole", err)
	}
}

func TestPercentErrors(t *testing.T) {
	for _, tc := range []struct {
		name        string
		part, whole int64
		decimals    int
		want        error
	}{
		{"zero whole", 1, 0, 2, ErrZeroWhole},
		{"zero over zero", 0, 0, 2, ErrZeroWhole},
		{"negative whole", 1, -3, 2, ErrNegativeWhole},
		{"negative decimals", 1, 3, -1, ErrDecimals},
		{"too many decimals", 1, 3, MaxDecimals + 1, ErrDecimals},
		{"overflow", math.MaxInt64, 1, 2, ErrOverflow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Percent(tc.part, tc.whole, tc.decimals)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestPercentMatchesRational recomputes random shares with math/big
// rationals: the result must be the exact value rounded half-up.
func TestPercentMatchesRational(t *testing.T) {
	rng := rand.New(rand.NewSource(2026))
	for i := 0; i < 5000; i++ {
		whole := rng.Int63n(100000) + 1
		part := rng.Int63n(whole + 1)
		decimals := rng.Intn(4)
		got, err := PercentDecimal(part, whole, decimals)
		if err != nil {
			t.Fatal(err)
		}
		// floor(part·100·10^d / whole + 1/2)
		x := new(big.Rat).SetFrac64(part*100, whole)
		x.Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)))
		x.Add(x, big.NewRat(1, 2))
		want := new(big.Int).Quo(x.Num(), x.Denom())
		if got.Unscaled != want.Int64() || got.Scale != decimals {
			t.Fatalf("PercentDecimal(%d, %d, %d) = %+v, want unscaled %s", part, whole, decimals, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Decimal
	}{
		{"0", Decimal{0, 0}},
		{"05", Decimal{5, 0}},
		{"36.449", Decimal{36449, 0}},
		{"1.234.567", Decimal{1234567, 0}},
		{"0,5", Decimal{5, 1}},
		{"94,54", Decimal{9454, 2}},
		{"1.234,5", Decimal{12345, 1}},
		{"100,00", Decimal{10000, 2}},
		{"94.54", Decimal{9454, 2}}, // cannot be a thousands group
		{"0.500", Decimal{500, 3}},  // leading zero: not a thousands group
		{"12.5", Decimal{125, 1}},   // one digit after the dot
		{"1.234", Decimal{1234, 0}}, // thousands, the Vietnamese reading
		{" -5 ", Decimal{-5, 0}},
		{"+7", Decimal{7, 0}},
		{"-0,50", Decimal{-50, 2}},
		{"\u00a036.449\u00a0", Decimal{36449, 0}},
	} {
		got, err := ParseNumber(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNumber(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	for _, in := range []string{
		"", "-", "abc", "1,2,3", "1.23.456", "1..2", ".5", "5.", ",5", "5,",
		"1.234,5.6", "12.34,5", "1 234", "9%", "1.2.3",
	} {
		if _, err := ParseNumber(in); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseNumber(%q) error = %v, want ErrSyntax", in, err)
		}
	}
	if _, err := ParseNumber("99.999.999.999.999.999.999"); !errors.Is(err, ErrOverflow) {
		t.Errorf("ParseNumber(huge) error = %v, want ErrOverflow", err)
	}
}

func TestDecimalRoundTrip(t *testing.T) {
	for _, s := range []string{"0", "36.449", "0,5", "94,54", "1.234,5", "-1.000,25", "100,00", "0,05"} {
		d, err := ParseNumber(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.String(); got != s {
			t.Errorf("ParseNumber(%q).String() = %q", s, got)
		}
	}
}

func TestDecimalMethods(t *testing.T) {
	a := Decimal{541, 1}  // 54,1
	b := Decimal{5410, 2} // 54,10
	if a.Cmp(b) != 0 || a.Cmp(Decimal{5409, 2}) != 1 || b.Cmp(Decimal{55, 0}) != -1 {
		t.Error("Cmp does not compare by value")
	}
	if v, ok := (Decimal{50, 1}).Int64(); !ok || v != 5 {
		t.Errorf("Int64(5,0) = %d, %v", v, ok)
	}
	if _, ok := a.Int64(); ok {
		t.Error("Int64(54,1) reported a whole number")
	}
	if got := a.Rat().String(); got != "541/10" {
		t.Errorf("Rat(54,1) = %s", got)
	}
}

func TestDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2019, time.June, 20, "ngày 20 tháng 6 năm 2019"},
		{2018, time.April, 3, "ngày 03 tháng 4 năm 2018"},
		{2026, time.January, 9, "ngày 09 tháng 01 năm 2026"},
		{2018, time.February, 20, "ngày 20 tháng 02 năm 2018"},
		{2025, time.March, 1, "ngày 01 tháng 3 năm 2025"},
		{2025, time.September, 30, "ngày 30 tháng 9 năm 2025"},
		{2025, time.October, 31, "ngày 31 tháng 10 năm 2025"},
		{2025, time.December, 10, "ngày 10 tháng 12 năm 2025"},
	} {
		got := Date(time.Date(tc.y, tc.m, tc.d, 9, 0, 0, 0, loc))
		if got != tc.want {
			t.Errorf("Date(%d-%d-%d) = %q, want %q", tc.y, tc.m, tc.d, got, tc.want)
		}
	}
}

func TestPlaceDate(t *testing.T) {
	day := time.Date(2019, time.June, 20, 0, 0, 0, 0, time.UTC)
	nfd := norm.NFD.String("Hòa Bình")
	for _, tc := range []struct {
		place, want string
	}{
		{"Hòa Bình", "Hòa Bình, ngày 20 tháng 6 năm 2019"},
		{"  Lạng Sơn ", "Lạng Sơn, ngày 20 tháng 6 năm 2019"},
		{nfd, "Hòa Bình, ngày 20 tháng 6 năm 2019"},
		{"", "ngày 20 tháng 6 năm 2019"},
	} {
		got := PlaceDate(tc.place, day)
		if got != tc.want || !norm.NFC.IsNormalString(got) {
			t.Errorf("PlaceDate(%q) = %q, want %q (NFC)", tc.place, got, tc.want)
		}
	}
}

func TestRoman(t *testing.T) {
	for _, tc := range []struct {
		in   int
		want string
	}{
		{0, ""}, {-3, ""}, {1, "I"}, {2, "II"}, {3, "III"}, {4, "IV"}, {5, "V"},
		{9, "IX"}, {10, "X"}, {13, "XIII"}, {14, "XIV"}, {19, "XIX"}, {20, "XX"},
		{21, "XXI"}, {40, "XL"}, {49, "XLIX"}, {90, "XC"}, {400, "CD"},
		{1994, "MCMXCIV"}, {2026, "MMXXVI"}, {3999, "MMMCMXCIX"}, {4000, "MMMM"},
	} {
		if got := Roman(tc.in); got != tc.want {
			t.Errorf("Roman(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNumberPadded(t *testing.T) {
	for _, tc := range []struct {
		in   int
		want string
	}{
		{0, "00"}, {5, "05"}, {9, "09"}, {10, "10"}, {99, "99"}, {167, "167"}, {1000, "1000"},
	} {
		if got := NumberPadded(tc.in); got != tc.want {
			t.Errorf("NumberPadded(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
