package citation

import (
	"regexp"
	"slices"
	"strings"
)

// Patterns run on the folded matching copy (see foldCopy), where every rune
// is one byte: ASCII lower case, digits, punctuation, otherByte or maskByte.
// In the comments, sp is [ \t]* (same line) and ws is \s* (may cross a line
// break).
const (
	reNum  = `(\d{1,5})`
	reCode = `([a-z]{1,5})`
	// reBody is an issuer: components joined by hyphens (BTCTU-BDVTU).
	reBody = `([a-z][a-z0-9]{0,14}(?:[ \t]*-[ \t]*[a-z][a-z0-9]{0,14})*)`
	reYear = `((?:19|20)\d{2})`
)

// Pattern sources. Each starts where its match starts; Extract compiles them
// anchored with "^" and tries them only at candidate offsets (see scanAt).
var (
	// srcLegal: num ws/ws year ws/ws code sp-sp body — 30/2020/NĐ-CP.
	srcLegal = reNum + `\s*/\s*` + reYear + `\s*/\s*` + reCode + `[ \t]*-[ \t]*` + reBody
	// srcLaw: num ws/ws year ws/ws QHk — 85/2015/QH13.
	srcLaw = reNum + `\s*/\s*` + reYear + `\s*/\s*(qh\d{1,2})`
	// srcParty: num ws-ws code ws/ws body — 28-CT/TW, "16 -⏎HD/BTCTW".
	srcParty = reNum + `\s*-\s*` + reCode + `\s*/\s*` + reBody
	// srcParty0: num, spaces, code sp/sp body — "Số 09 KH/ĐU", accepted only
	// for a known type code.
	srcParty0 = reNum + `[ \t]+` + reCode + `[ \t]*/[ \t]*` + reBody
	// srcAdmin: num ws/ws code-or-issuer sp-sp body — 439/QĐ-TTg, or the
	// letter 4021/VPCP-CN when group 2 is not a type code.
	srcAdmin = reNum + `\s*/\s*([a-z][a-z0-9]{0,14})[ \t]*-[ \t]*` + reBody
	// srcPlenum: a Central Committee plenum named in words, with its term.
	srcPlenum = `(?:nghi[ \t]+quyet|hoi[ \t]+nghi)[ \t]*(?:lan[ \t]+thu[ \t]*)?` +
		`(?:(\d{1,2}|[ivx]+|nhat|hai|ba|tu|nam|sau|bay|tam|chin|` +
		`muoi(?:[ \t]+(?:mot|hai|ba|bon|lam|sau|bay|tam|chin))?)` +
		`[ \t]*(?:ban[ \t]+chap[ \t]+hanh[ \t]*)?(?:trung[ \t]+uong|tw)(?:[ \t]*dang)?` +
		`|(?:trung[ \t]+uong|tw)[ \t]*(\d{1,2}))` +
		`[ \t]*[,(]?[ \t]*khoa[ \t]*([ivxl]+)[ \t]*\)?`
	// srcPartialPrefix: TYPEWORD sp (so sp :? sp)? — what precedes the
	// number of a partial reference ("Đề án 5155"), and the type word before
	// any number. Extract parses it backwards from the number (prefixBefore);
	// the pattern documents the grammar and serves the tests.
	srcPartialPrefix = `(` + typeWordAlternation() + `)[ \t]*(?:so[ \t]*:?[ \t]*)?`
)

var (
	reLegal  = regexp.MustCompile(`^` + srcLegal)
	reLaw    = regexp.MustCompile(`^` + srcLaw)
	reParty  = regexp.MustCompile(`^` + srcParty)
	reParty0 = regexp.MustCompile(`^` + srcParty0)
	reAdmin  = regexp.MustCompile(`^` + srcAdmin)
	rePlenum = regexp.MustCompile(`^` + srcPlenum)
	// reDate reads a date just after a number.
	reDate = regexp.MustCompile(`^[ \t]*,?[ \t]*ngay[ \t]*(\d{1,2})(?:` +
		`[ \t]*[/.\-][ \t]*(\d{1,2})[ \t]*[/.\-][ \t]*(\d{4})` +
		`|[ \t]*thang[ \t]*(\d{1,2})[ \t]*nam[ \t]*(\d{4}))`)
	// reKhoa reads a term just after a number or date: "khóa XIII", "(khoá XIII)".
	reKhoa = regexp.MustCompile(`^[ \t]*[,(]?[ \t]*khoa[ \t]*([ivxl]+)[ \t]*\)?`)
	// reUnitAfter detects "Kế hoạch 5 năm": after the type words of plans
	// and programmes, a number followed by a unit of time is a duration, not
	// a document number ("Đề án 06 năm 2022" is a number).
	reUnitAfter = regexp.MustCompile(`^[ \t]+(?:nam|thang|tuan|ngay)(?:[^a-z0-9]|$)`)
)

// typeWordByFolded indexes typeWords by their folded form.
var typeWordByFolded = func() map[string]*typeWord {
	m := make(map[string]*typeWord, len(typeWords))
	for i := range typeWords {
		w := &typeWords[i]
		for _, s := range strings.Fields(strings.ToLower(w.display)) {
			w.syllables = append(w.syllables, []rune(s))
		}
		m[w.folded] = w
	}
	return m
}()

// typeWordAlternation returns the type words as a regexp alternation,
// longest first, with flexible spacing between their syllables.
func typeWordAlternation() string {
	words := make([]string, 0, len(typeWords))
	for _, w := range typeWords {
		words = append(words, w.folded)
	}
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	for i, w := range words {
		words[i] = strings.ReplaceAll(regexp.QuoteMeta(w), " ", `[ \t]+`)
	}
	return strings.Join(words, "|")
}

// typeWordsLongestFirst lists typeWords by decreasing length, the order in
// which prefixBefore tries them.
var typeWordsLongestFirst = func() []*typeWord {
	out := make([]*typeWord, len(typeWords))
	for i := range typeWords {
		out[i] = &typeWords[i]
	}
	slices.SortStableFunc(out, func(a, b *typeWord) int { return len(b.folded) - len(a.folded) })
	return out
}()

// prefixBefore parses b backwards from offset d, not below limit, for
// TYPEWORD sp (so sp :? sp)? — the words that may precede a number. It calls
// accept with the offsets of each type word that fits, longest first (the
// earliest start, as a leftmost regexp search would find), until accept
// returns true, and reports whether one did.
func prefixBefore(b []byte, d, limit int, accept func(start, end int, tw *typeWord) bool) bool {
	e := skipBlanksBack(b, d, limit)
	colon := e > limit && b[e-1] == ':'
	if colon {
		e = skipBlanksBack(b, e-1, limit)
	}
	if e-2 >= limit && b[e-2] == 's' && b[e-1] == 'o' {
		e = skipBlanksBack(b, e-2, limit)
	} else if colon {
		return false
	}
	for _, tw := range typeWordsLongestFirst {
		if s, ok := matchBack(b, tw.folded, e, limit); ok && accept(s, e, tw) {
			return true
		}
	}
	return false
}

// skipBlanksBack moves i back over spaces and tabs, not below limit.
func skipBlanksBack(b []byte, i, limit int) int {
	for i > limit && (b[i-1] == ' ' || b[i-1] == '\t') {
		i--
	}
	return i
}

// matchBack reports whether b ends at offset e with the folded words w,
// separated by one or more spaces or tabs, and returns where they start.
func matchBack(b []byte, w string, e, limit int) (int, bool) {
	i := e
	for k := len(w) - 1; k >= 0; k-- {
		if w[k] == ' ' {
			j := skipBlanksBack(b, i, limit)
			if j == i {
				return 0, false
			}
			i = j
			continue
		}
		if i <= limit || b[i-1] != w[k] {
			return 0, false
		}
		i--
	}
	return i, true
}
