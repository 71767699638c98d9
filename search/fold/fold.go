// Package fold maps Vietnamese text to a comparison form: lower case, no
// diacritics, and đ/Đ (and the look-alike ð/Ð) folded to d. Index drivers and
// the citation grammar share it so that documents and queries always agree.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Rune folds one rune of NFC text to exactly one rune: lower case, with its
// diacritics removed and đ mapped to d. Runes that are themselves combining
// marks fold to 0 (callers that need a 1:1 mapping drop marks beforehand).
func Rune(r rune) rune {
	switch r {
	case 'đ', 'Đ', 'ð', 'Ð':
		return 'd'
	}
	if r < 0x80 {
		return unicode.ToLower(r)
	}
	if unicode.Is(unicode.Mn, r) {
		return 0
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	base, _ := utf8.DecodeRune(norm.NFD.Bytes(buf[:n]))
	return unicode.ToLower(base)
}

// String folds s: NFC/NFD input alike, lower case, diacritics removed, đ → d.
// The result can be shorter than s (combining marks are dropped).
func String(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := Rune(r); f != 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// Compact returns only the ASCII letters and digits of the folded form of s,
// upper-cased: "124-QĐ/TW" → "124QDTW". It is the searchable compact form of
// a document number.
func Compact(s string) string {
	f := String(s)
	var b strings.Builder
	for _, r := range f {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		}
	}
	return b.String()
}
