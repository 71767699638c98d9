package vnformat

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Errors returned by this package; test them with errors.Is.
var (
	// ErrZeroWhole means a percentage was asked of a zero base.
	ErrZeroWhole = errors.New("vnformat: percentage of a zero base")
	// ErrNegativeWhole means a percentage was asked of a negative base.
	ErrNegativeWhole = errors.New("vnformat: percentage of a negative base")
	// ErrDecimals means the number of decimals is outside 0..MaxDecimals.
	ErrDecimals = errors.New("vnformat: number of decimals out of range")
	// ErrOverflow means a result does not fit in an int64.
	ErrOverflow = errors.New("vnformat: value out of range")
	// ErrSyntax means a string is not a number in Vietnamese notation.
	ErrSyntax = errors.New("vnformat: invalid number")
)

// MaxDecimals is the largest number of decimals [Percent] accepts.
const MaxDecimals = 9

// Decimal is an exact decimal number: Unscaled × 10^-Scale. The value 94,54
// is {Unscaled: 9454, Scale: 2}; Scale also records how many decimals were
// written, so 54,1 and 54,10 are equal in value but differ in Scale.
type Decimal struct {
	Unscaled int64
	Scale    int
}

// Rat returns the exact value of d.
func (d Decimal) Rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(d.Unscaled), den)
}

// Int64 returns the value of d and true when d is a whole number that fits
// in an int64 (36.449 or 5,0); otherwise 0 and false.
func (d Decimal) Int64() (int64, bool) {
	r := d.Rat()
	if !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// Cmp compares the values of d and o, ignoring how many decimals each has,
// and returns -1, 0 or +1.
func (d Decimal) Cmp(o Decimal) int {
	return d.Rat().Cmp(o.Rat())
}

// String formats d in Vietnamese notation with exactly Scale decimals:
// "1.234,5", "94,54", "-0,50", "36.449".
func (d Decimal) String() string {
	neg := d.Unscaled < 0
	abs := absUint(d.Unscaled)
	digits := strconv.FormatUint(abs, 10)
	if d.Scale > 0 && len(digits) <= d.Scale {
		digits = strings.Repeat("0", d.Scale-len(digits)+1) + digits
	}
	intPart, frac := digits, ""
	if d.Scale > 0 {
		intPart, frac = digits[:len(digits)-d.Scale], digits[len(digits)-d.Scale:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(group(intPart))
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// Int formats n with "." as thousands separator: 36449 → "36.449",
// 1234567 → "1.234.567", -5 → "-5".
func Int(n int64) string {
	s := group(strconv.FormatUint(absUint(n), 10))
	if n < 0 {
		return "-" + s
	}
	return s
}

// NumberPadded formats n with at least two digits, the way document numbers
// and day counts are printed: 5 → "05", 167 → "167".
func NumberPadded(n int) string {
	return fmt.Sprintf("%02d", n)
}

// absUint returns |n| without overflowing on math.MinInt64.
func absUint(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// group inserts "." every three digits from the right of a digit string.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// PercentDecimal returns part/whole × 100 rounded half-up (ties away from
// zero) to the given number of decimals, computed with integer arithmetic:
// 1/32 gives 3,13 and 3/32 gives 9,38 where half-to-even would give 3,12 and
// 9,38. whole must be positive; part may be negative (a decrease).
func PercentDecimal(part, whole int64, decimals int) (Decimal, error) {
	switch {
	case whole == 0:
		return Decimal{}, fmt.Errorf("%w: %d/%d", ErrZeroWhole, part, whole)
	case whole < 0:
		return Decimal{}, fmt.Errorf("%w: %d/%d", ErrNegativeWhole, part, whole)
	case decimals < 0 || decimals > MaxDecimals:
		return Decimal{}, fmt.Errorf("%w: %d (want 0..%d)", ErrDecimals, decimals, MaxDecimals)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	num := new(big.Int).SetUint64(absUint(part))
	num.Mul(num, big.NewInt(200)) // 2 · |part| · 100
	num.Mul(num, scale)
	w := big.NewInt(whole)
	num.Add(num, w)
	q := num.Quo(num, w.Lsh(w, 1)) // 2·whole, in big arithmetic: it may not fit in an int64
	if part < 0 {
		q.Neg(q)
	}
	if !q.IsInt64() {
		return Decimal{}, fmt.Errorf("%w: %d/%d", ErrOverflow, part, whole)
	}
	return Decimal{Unscaled: q.Int64(), Scale: decimals}, nil
}

// Percent formats part/whole as a percentage without the sign, rounded
// half-up to decimals places: Percent(485, 513, 2) = "94,54",
// Percent(1, 32, 2) = "3,13", Percent(513, 513, 2) = "100,00". A zero or
// negative whole is an error ([ErrZeroWhole], [ErrNegativeWhole]).
func Percent(part, whole int64, decimals int) (string, error) {
	d, err := PercentDecimal(part, whole, decimals)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// PercentSign is [Percent] followed by "%", with no space: "94,54%".
func PercentSign(part, whole int64, decimals int) (string, error) {
	s, err := Percent(part, whole, decimals)
	if err != nil {
		return "", err
	}
	return s + "%", nil
}

// ParseNumber reads a number written in Vietnamese notation into an exact
// [Decimal]: "36.449" → 36449, "0,5" → 0,5, "94,54" → 94,54, "1.234,5" →
// 1234,5. Dots are thousands separators when every group after the first
// has three digits and the first has one to three digits without a leading
// zero; otherwise a single dot is read as a decimal point ("94.54", "0.500").
// A leading "-" or "+" and surrounding spaces are allowed.
func ParseNumber(s string) (Decimal, error) {
	t := strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	intPart, frac, err := splitNumber(t)
	if err != nil {
		return Decimal{}, fmt.Errorf("%w: %q: %s", ErrSyntax, s, err.Error())
	}
	digits := strings.ReplaceAll(intPart, ".", "") + frac
	u, perr := strconv.ParseUint(digits, 10, 64)
	if perr != nil || u > math.MaxInt64 {
		return Decimal{}, fmt.Errorf("%w: %q", ErrOverflow, s)
	}
	v := int64(u)
	if neg {
		v = -v
	}
	return Decimal{Unscaled: v, Scale: len(frac)}, nil
}

// splitNumber splits an unsigned number into its integer part (dots kept
// when they are thousands separators) and its fraction digits.
func splitNumber(t string) (intPart, frac string, err error) {
	if t == "" {
		return "", "", errors.New("empty")
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return "", "", fmt.Errorf("unexpected character %q", r)
		}
	}
	if strings.Count(t, ",") > 1 {
		return "", "", errors.New("more than one decimal comma")
	}
	if i := strings.IndexByte(t, ','); i >= 0 {
		intPart, frac = t[:i], t[i+1:]
		if frac == "" || strings.Contains(frac, ".") {
			return "", "", errors.New("bad digits after the decimal comma")
		}
		if strings.Contains(intPart, ".") && !isGrouped(intPart) {
			return "", "", errors.New("bad thousands grouping")
		}
		if intPart == "" {
			return "", "", errors.New("no digits before the decimal comma")
		}
		return intPart, frac, nil
	}
	switch {
	case !strings.Contains(t, "."):
		return t, "", nil
	case isGrouped(t):
		return t, "", nil
	case strings.Count(t, ".") == 1:
		i := strings.IndexByte(t, '.')
		if i == 0 || i == len(t)-1 {
			return "", "", errors.New("dot without digits on both sides")
		}
		return t[:i], t[i+1:], nil
	default:
		return "", "", errors.New("bad thousands grouping")
	}
}

// isGrouped reports whether s is digits with "." every three digits from
// the right, the first group having 1–3 digits and no leading zero.
func isGrouped(s string) bool {
	groups := strings.Split(s, ".")
	if len(groups) < 2 {
		return false
	}
	first := groups[0]
	if len(first) < 1 || len(first) > 3 || first[0] == '0' {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	for _, g := range groups {
		for i := 0; i < len(g); i++ {
			if g[i] < '0' || g[i] > '9' {
				return false
			}
		}
	}
	return true
}
