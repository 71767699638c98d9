package citation

import (
	"strconv"
	"strings"
	"unicode"
)

// issuerMatch is an issuer read from the text.
type issuerMatch struct {
	display string // "BTCTU-BDVTU"
	key     string // "btctu-bdvtu"
	end     int    // offset after the last component kept
}

// issuer reads the hyphen-joined issuer components at fb[i:j]. A component
// joined by a hyphen with spaces around it is kept only if it is written
// like a code (upper case, or lower case in lower-case text), so that a
// dash used as punctuation ("05-CT/TW - Chỉ thị về …") does not extend the
// issuer.
func (x *extractor) issuer(i, j int) issuerMatch {
	var disp, key strings.Builder
	lowerText := false
	end := i
	for k := 0; i < j; k++ {
		s := i
		for i < j && (isASCIILower(x.fb[i]) || isASCIIDigit(x.fb[i])) {
			i++
		}
		if k == 0 {
			lowerText = allLower(x.cr[s:i])
		} else if spaced := s-end > 1; spaced && !x.codeLike(s, i, lowerText) {
			break
		}
		if k > 0 {
			disp.WriteByte('-')
			key.WriteByte('-')
		}
		disp.WriteString(issuerDisplay(x.cr[s:i], x.fb[s:i]))
		key.Write(x.fb[s:i])
		end = i
		for i < j && !isASCIILower(x.fb[i]) {
			i++ // separator: sp-sp
		}
	}
	return issuerMatch{display: disp.String(), key: key.String(), end: end}
}

// codeLike reports whether cr[i:j] is written like a code: in upper case
// (Đ allowed), as listed in issuerCodes ("TTg"), or in lower case when the
// surrounding text is.
func (x *extractor) codeLike(i, j int, lowerText bool) bool {
	orig := x.cr[i:j]
	if d, ok := issuerCodes[string(x.fb[i:j])]; ok && d == string(orig) {
		return true
	}
	upper := true
	for _, r := range orig {
		if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == 'Đ') {
			upper = false
			break
		}
	}
	return upper || lowerText && allLower(orig)
}

// allLower reports whether rs holds only ASCII lower case letters, digits
// and đ.
func allLower(rs []rune) bool {
	for _, r := range rs {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == 'đ') {
			return false
		}
	}
	return true
}

// typeCode returns the display spelling of the type code at fb[i:j].
func (x *extractor) typeCode(i, j int) string {
	return typeDisplay(x.cr[i:j], x.fb[i:j])
}

// typeDisplay spells a type code: from typeCodes (typeCodesWithD when the
// original has Đ), otherwise upper case keeping the original Đ.
func typeDisplay(orig []rune, folded []byte) string {
	hasD := hasDStroke(orig)
	if hasD {
		if d, ok := typeCodesWithD[string(folded)]; ok {
			return d
		}
	}
	if d, ok := typeCodes[string(folded)]; ok {
		return d
	}
	return upperKeepingD(orig, folded, hasD)
}

// issuerDisplay spells one issuer component: upper case as written when the
// original has Đ, otherwise from issuerCodes or in upper case.
func issuerDisplay(orig []rune, folded []byte) string {
	hasD := hasDStroke(orig)
	if !hasD {
		if d, ok := issuerCodes[string(folded)]; ok {
			return d
		}
	}
	return upperKeepingD(orig, folded, hasD)
}

// hasDStroke reports whether rs contains Đ or đ.
func hasDStroke(rs []rune) bool {
	for _, r := range rs {
		if r == 'Đ' || r == 'đ' {
			return true
		}
	}
	return false
}

// upperKeepingD upper-cases folded ASCII, writing Đ where the original has
// Đ or đ.
func upperKeepingD(orig []rune, folded []byte, hasD bool) string {
	if !hasD {
		return strings.ToUpper(string(folded))
	}
	var b strings.Builder
	for i, c := range folded {
		if orig[i] == 'Đ' || orig[i] == 'đ' {
			b.WriteRune('Đ')
			continue
		}
		b.WriteRune(unicode.ToUpper(rune(c)))
	}
	return b.String()
}

// plenumOrdinal reads a plenum number written as digits, a Roman numeral or
// a Vietnamese ordinal; 0 if invalid.
func plenumOrdinal(s []byte) int {
	if len(s) > 0 && isASCIIDigit(s[0]) {
		n, _ := strconv.Atoi(string(s))
		return n
	}
	w := strings.Join(strings.Fields(string(s)), " ")
	if n, ok := vietOrdinals[w]; ok {
		return n
	}
	return roman([]byte(w))
}

// roman parses a lower-case Roman numeral below 90 written in canonical
// form; 0 if invalid.
func roman(s []byte) int {
	if len(s) == 0 || len(s) > 8 {
		return 0
	}
	total, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		var v int
		switch s[i] {
		case 'i':
			v = 1
		case 'v':
			v = 5
		case 'x':
			v = 10
		case 'l':
			v = 50
		default:
			return 0
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	if total < 1 || total >= 90 || toRoman(total) != string(s) {
		return 0
	}
	return total
}

// toRoman writes 1 ≤ n < 90 as a lower-case Roman numeral.
func toRoman(n int) string {
	tens := [...]string{"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx"}
	ones := [...]string{"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"}
	return tens[n/10] + ones[n%10]
}

// pad2 writes n with at least two digits.
func pad2(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// pad4 writes a year with four digits.
func pad4(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}
