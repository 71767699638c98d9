package citation

import (
	"bytes"
	"strings"
	"unicode"
)

// context fills the type word before a numbered reference and the date and
// term after it.
func (x *extractor) context(ref *Ref) {
	ref.TypeWord = x.typeWordBefore(ref.Start)
	var next int
	ref.Date, next = x.date(ref.End)
	ref.Khoa = x.khoa(next)
}

// typeWordBefore returns the canonical type word ending (with an optional
// "số") just before offset start, within 40 runes.
func (x *extractor) typeWordBefore(start int) string {
	from := max(0, start-40)
	var word string
	prefixBefore(x.fb, start, from, func(s, e int, tw *typeWord) bool {
		if s > from && isASCIILower(x.fb[s-1]) || s > from && isASCIIDigit(x.fb[s-1]) ||
			s == from && from > 0 && isAlnum(x.cr[from-1]) || !x.spelledAs(s, e, tw) {
			return false
		}
		word = tw.display
		return true
	})
	return word
}

// typeWordAt returns the type word at fb[i:j] if it is spelled as one (see
// spelledAs), or nil.
func (x *extractor) typeWordAt(i, j int) *typeWord {
	tw := typeWordByFolded[strings.Join(strings.Fields(string(x.fb[i:j])), " ")]
	if tw == nil || !x.spelledAs(i, j, tw) {
		return nil
	}
	return tw
}

// spelledAs reports whether cr[i:j] spells the type word tw canonically (in
// any case) or without diacritics, syllable by syllable: "Chỉ thị", "CHỈ
// THỊ", "chi thi" are type words, "để ăn" is not "Đề án".
func (x *extractor) spelledAs(i, j int, tw *typeWord) bool {
	got := x.cr[i:j]
	for _, want := range tw.syllables {
		for len(got) > 0 && (got[0] == ' ' || got[0] == '\t' || unicode.IsSpace(got[0])) {
			got = got[1:]
		}
		if len(got) < len(want) || !syllableOK(got[:len(want)], want) {
			return false
		}
		got = got[len(want):]
	}
	return true
}

// syllableOK reports whether got spells the lower-case syllable want (a
// case-insensitive match of NFC text), or the same syllable written without
// diacritics. Both have the same number of runes.
func syllableOK(got, want []rune) bool {
	plain, same := true, true
	for k, r := range got {
		if r >= 0x80 && r != 'đ' && r != 'Đ' {
			plain = false
		}
		if r != want[k] && unicode.ToLower(r) != want[k] {
			same = false
		}
	}
	return plain || same
}

// date reads a date just after offset end and returns it in ISO form with
// the offset after it; ("", end) if there is none.
func (x *extractor) date(end int) (string, int) {
	if !x.followedBy(end, "ngay") {
		return "", end
	}
	m := reDate.FindSubmatchIndex(x.fb[end:min(len(x.fb), end+48)])
	if m == nil {
		return "", end
	}
	day := x.number(end+m[2], end+m[3])
	var month, year int
	if m[4] >= 0 {
		month, year = x.number(end+m[4], end+m[5]), x.number(end+m[6], end+m[7])
	} else {
		month, year = x.number(end+m[8], end+m[9]), x.number(end+m[10], end+m[11])
	}
	if end+m[1] < len(x.fb) && isASCIIDigit(x.fb[end+m[1]]) {
		return "", end
	}
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return "", end
	}
	return pad4(year) + "-" + pad2(month) + "-" + pad2(day), end + m[1]
}

// followedBy reports whether word follows offset i after blanks and at most
// one "," or "(": a cheap test before the date and term patterns.
func (x *extractor) followedBy(i int, word string) bool {
	i = skipBlanks(x.fb, i)
	if i < len(x.fb) && (x.fb[i] == ',' || x.fb[i] == '(') {
		i = skipBlanks(x.fb, i+1)
	}
	return bytes.HasPrefix(x.fb[i:], []byte(word))
}

// skipBlanks moves i forward over spaces and tabs.
func skipBlanks(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// khoa reads a term ("khóa XIII") just after offset end, upper-cased.
func (x *extractor) khoa(end int) string {
	if !x.followedBy(end, "khoa") {
		return ""
	}
	m := reKhoa.FindSubmatchIndex(x.fb[end:min(len(x.fb), end+24)])
	if m == nil {
		return ""
	}
	k := x.fb[end+m[2] : end+m[3]]
	if after := end + m[3]; after < len(x.cr) && isAlnum(x.cr[after]) || roman(k) == 0 {
		return ""
	}
	return strings.ToUpper(string(k))
}
