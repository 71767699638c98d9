package citation

import (
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanthu/search/fold"
)

// Clean normalises text for citation matching without changing what a reader
// sees: NFC; dash look-alikes → "-"; slash look-alikes → "/"; Ð/ð (eth) →
// Đ/đ; no-break spaces and tabs → space; zero-width space, BOM, soft hyphen
// and combining marks left after NFC are dropped. Invalid UTF-8 becomes
// U+FFFD. Rune offsets in [Ref] refer to the cleaned text.
func Clean(text string) string {
	return string(cleanRunes(text))
}

// cleanRunes is Clean returning runes, the unit of [Ref] offsets.
func cleanRunes(text string) []rune {
	if out, ok := cleanIfNFC(text); ok {
		return out
	}
	s := norm.NFC.String(text)
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r < 0x80 {
			if r == '\t' {
				r = ' '
			}
			out = append(out, r)
			continue
		}
		if c, keep := cleanRune(r); keep {
			out = append(out, c)
		}
	}
	return out
}

// cleanIfNFC cleans text if every rune of it is in nfcStable, which makes
// text NFC already; this spares the normalisation check on ordinary
// Vietnamese text. ok is false otherwise.
func cleanIfNFC(text string) (out []rune, ok bool) {
	out = make([]rune, 0, len(text))
	for _, r := range text {
		if r < 0x80 {
			if r == '\t' {
				r = ' '
			}
			out = append(out, r)
			continue
		}
		if !nfcStable(r) {
			return nil, false
		}
		if c, keep := cleanRune(r); keep {
			out = append(out, c)
		}
	}
	return out, true
}

// nfcStable reports whether r is in ranges where every character is NFC,
// has canonical combining class 0 and never composes with a preceding
// character: a string of such characters is in NFC. The ranges cover
// Vietnamese letters and common punctuation; TestNFCStable checks them.
func nfcStable(r rune) bool {
	return r < 0x300 || r >= 0x1E00 && r < 0x1F00 || r >= 0x2010 && r < 0x2028
}

// cleanRune maps one non-ASCII rune of NFC text; keep is false for runes
// that are dropped.
func cleanRune(r rune) (c rune, keep bool) {
	switch {
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63, r == 0xFF0D:
		return '-', true
	case r == 0x2044, r == 0x2215, r == 0xFF0F, r == 0x29F8:
		return '/', true
	case r == 0xD0: // Ð, Icelandic eth
		return 'Đ', true
	case r == 0xF0: // ð
		return 'đ', true
	case r == 0xA0, r == 0x202F:
		return ' ', true
	case r == 0x200B, r == 0xFEFF, r == 0xAD:
		return 0, false
	case r < 0x300, r >= 0x1E00 && r <= 0x1EFF: // Vietnamese letters: fast path
		return r, true
	case unicode.Is(unicode.M, r):
		return 0, false
	}
	return r, true
}

// Bytes of the matching copy that no pattern matches.
const (
	otherByte = 0x7f // a non-ASCII rune that does not fold to ASCII
	maskByte  = 0x00 // a rune already taken by an earlier pattern
)

// foldCacheSize covers Latin-1, Latin Extended and Latin Extended Additional,
// which hold every Vietnamese letter.
const foldCacheSize = 0x1F00

var (
	foldCacheOnce sync.Once
	foldCache     []byte
)

// foldByte folds a non-ASCII rune of cleaned text to one byte of the
// matching copy: an ASCII letter or digit when [fold.Rune] gives one, a space
// for white space, otherByte otherwise.
func foldByte(r rune) byte {
	if r < foldCacheSize {
		foldCacheOnce.Do(buildFoldCache)
		return foldCache[r]
	}
	return computeFoldByte(r)
}

// buildFoldCache fills foldCache; it runs once, on first use.
func buildFoldCache() {
	foldCache = make([]byte, foldCacheSize)
	for r := range rune(foldCacheSize) {
		foldCache[r] = computeFoldByte(r)
	}
}

// computeFoldByte is foldByte without the cache.
func computeFoldByte(r rune) byte {
	if r < 0x80 {
		return byte(unicode.ToLower(r))
	}
	switch r {
	case 0x85, 0x2028, 0x2029:
		return '\n'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	if f := fold.Rune(r); f > 0 && f < 0x80 {
		return byte(f)
	}
	return otherByte
}

// foldCopy returns the matching copy of cleaned text: one byte per rune,
// so byte offsets in the copy are rune offsets in the text.
func foldCopy(cr []rune) []byte {
	fb := make([]byte, len(cr))
	for i, r := range cr {
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			fb[i] = byte(r)
			continue
		}
		fb[i] = foldByte(r)
	}
	markTW(cr, fb)
	return fb
}

// markTW folds "TƯ" to "tw" where it stands for Trung ương (TW) rather than
// the syllable "tư": as an issuer component (after "/" or "-", any case), or
// as an upper-case word that does not follow "THÔNG" (Thông tư) or "THỨ"
// (ordinal). Without it, folding would read TƯ as TU (tỉnh ủy).
func markTW(cr []rune, fb []byte) {
	for i := 0; i+1 < len(cr); i++ {
		if cr[i+1] != 'Ư' && cr[i+1] != 'ư' || cr[i] != 'T' && cr[i] != 't' {
			continue
		}
		if i > 0 && isAlnum(cr[i-1]) || i+2 < len(cr) && unicode.IsLetter(cr[i+2]) {
			continue
		}
		j := i - 1
		for j >= 0 && (cr[j] == ' ' || cr[j] == '\t') {
			j--
		}
		if j >= 0 && (cr[j] == '/' || cr[j] == '-') {
			fb[i+1] = 'w'
			continue
		}
		if cr[i] != 'T' || cr[i+1] != 'Ư' {
			continue
		}
		k := j
		for k >= 0 && isASCIILower(fb[k]) {
			k--
		}
		if w := string(fb[k+1 : j+1]); w != "thong" && w != "thu" {
			fb[i+1] = 'w'
		}
	}
}

// isAlnum reports whether r is a letter or digit in any script.
func isAlnum(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isASCIILower reports whether b is an ASCII lower-case letter.
func isASCIILower(b byte) bool { return 'a' <= b && b <= 'z' }

// isASCIIDigit reports whether b is an ASCII digit.
func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }
