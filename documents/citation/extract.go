package citation

import (
	"bytes"
	"regexp"
	"slices"
)

// Extract returns every reference in text, in order of appearance.
func Extract(text string) []Ref {
	cr := cleanRunes(text)
	if len(cr) == 0 {
		return nil
	}
	fb := foldCopy(cr)
	x := &extractor{cr: cr, fb: fb, mb: slices.Clone(fb)}
	x.run()
	return x.refs
}

// run applies the patterns in their fixed order, each masking what earlier
// ones took, and sorts the references by offset.
func (x *extractor) run() {
	var legal, admin, party, party0, runs []int
	for i := 0; i < len(x.fb); i++ {
		if !isASCIIDigit(x.fb[i]) {
			continue
		}
		start := i
		for i < len(x.fb) && isASCIIDigit(x.fb[i]) {
			i++
		}
		if i-start > 5 {
			continue
		}
		runs = append(runs, start)
		if !x.leftOK(start) {
			continue
		}
		// Cheap look-ahead: which patterns can match here at all.
		c, j, blank, nl := x.nextSignificant(i)
		switch {
		case c == '/':
			c2, k, _, _ := x.nextSignificant(j + 1)
			if isASCIIDigit(c2) && k+4 < len(x.fb) && isASCIIDigit(x.fb[k+3]) && !isASCIIDigit(x.fb[k+4]) {
				legal = append(legal, start) // num/yyyy/
			} else if isASCIILower(c2) {
				admin = append(admin, start)
			}
		case c == '-':
			if c2, _, _, _ := x.nextSignificant(j + 1); isASCIILower(c2) {
				party = append(party, start)
			}
		case isASCIILower(c) && blank && !nl:
			party0 = append(party0, start)
		}
	}
	x.scanAt(reLegal, legal, x.takeLegal)
	x.scanAt(reLaw, legal, x.takeLaw)
	x.scanAt(reParty, party, x.takeParty)
	x.scanAt(reParty0, party0, x.takeParty0)
	x.scanAt(reAdmin, admin, x.takeAdmin)
	if bytes.Contains(x.fb, []byte("khoa")) {
		x.scanAt(rePlenum, x.plenumStarts(), x.takePlenum)
	}
	x.scanPartial(runs)
	x.sortRefs()
}

// sortRefs puts the references in order of appearance. Each pattern finds
// them in order, so this merges a few sorted runs; sorting offsets first
// avoids moving whole Ref values around.
func (x *extractor) sortRefs() {
	if slices.IsSortedFunc(x.refs, func(a, b Ref) int { return a.Start - b.Start }) {
		return
	}
	idx := make([]int, len(x.refs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return x.refs[a].Start - x.refs[b].Start })
	sorted := make([]Ref, len(x.refs))
	for i, k := range idx {
		sorted[i] = x.refs[k]
	}
	x.refs = sorted
}

// extractor holds the state of one Extract call.
type extractor struct {
	cr   []rune // cleaned text
	fb   []byte // folded matching copy, one byte per rune
	mb   []byte // fb with the references found so far masked out
	refs []Ref
}

// maxMatch bounds the length of one match. Real references are far
// shorter; the bound keeps each attempt cheap.
const maxMatch = 256

// nextSignificant returns the first byte at or after i that is not white
// space and its offset (0 and len at the end of the text), and whether
// blanks (space, tab) and line breaks were skipped.
func (x *extractor) nextSignificant(i int) (c byte, at int, blank, nl bool) {
	for ; i < len(x.fb); i++ {
		switch x.fb[i] {
		case ' ', '\t':
			blank = true
		case '\n', '\r', '\f', '\v':
			nl = true
		default:
			return x.fb[i], i, blank, nl
		}
	}
	return 0, i, blank, nl
}

// plenumStarts returns the offsets where a plenum name may start.
func (x *extractor) plenumStarts() []int {
	var out []int
	for _, w := range []string{"nghi", "hoi"} {
		for i := 0; ; i++ {
			k := bytes.Index(x.fb[i:], []byte(w))
			if k < 0 {
				break
			}
			i += k
			if x.leftOK(i) {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}

// scanAt tries the anchored pattern re at each candidate offset, in order,
// on the masked copy. take validates a match and builds the reference;
// accepted references are masked and the scan resumes after them.
//
// This is equivalent to a leftmost search of the unanchored pattern that
// resumes after each accepted match and one rune further after each
// rejected one, provided the candidates include every offset where take can
// accept a match.
func (x *extractor) scanAt(re *regexp.Regexp, cands []int, take func(m []int) (Ref, bool)) {
	pos := 0
	for _, i := range cands {
		if i < pos || x.mb[i] == maskByte {
			continue
		}
		m := re.FindSubmatchIndex(x.mb[i:min(len(x.mb), i+maxMatch)])
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		if ref, ok := take(m); ok {
			x.accept(ref)
			pos = ref.End
		}
	}
}

// scanPartial finds partial references ("Đề án 5155") by looking back from
// each run of digits for a type word.
func (x *extractor) scanPartial(runs []int) {
	for _, d := range runs {
		if x.mb[d] == maskByte {
			continue
		}
		end := d
		for end < len(x.fb) && isASCIIDigit(x.fb[end]) {
			end++
		}
		var ref Ref
		found := prefixBefore(x.mb, d, 0, func(s, e int, _ *typeWord) bool {
			var ok bool
			ref, ok = x.takePartial([]int{s, end, s, e, d, end})
			return ok
		})
		if found {
			x.accept(ref)
		}
	}
}

// accept records ref and masks its text.
func (x *extractor) accept(ref Ref) {
	ref.Raw = string(x.cr[ref.Start:ref.End])
	for i := ref.Start; i < ref.End; i++ {
		x.mb[i] = maskByte
	}
	x.refs = append(x.refs, ref)
}

// leftOK reports whether a match may start at i: it must not be glued to a
// letter, digit, "/", "." or "-".
func (x *extractor) leftOK(i int) bool {
	if i == 0 {
		return true
	}
	r := x.cr[i-1]
	return r != '/' && r != '.' && r != '-' && !isAlnum(r)
}

// rightOK reports whether a match may end at i: it must not be followed by
// a letter or digit.
func (x *extractor) rightOK(i int) bool {
	return i >= len(x.cr) || !isAlnum(x.cr[i])
}

// number parses the digits at fb[i:j] (at most five); 0 means none, as
// there is no document number 0.
func (x *extractor) number(i, j int) int {
	n := 0
	for _, c := range x.fb[i:j] {
		if !isASCIIDigit(c) {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
