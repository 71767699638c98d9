package statcheck

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// document is the NFC form of the checked text, with what is needed to map
// offsets back and to tell sentences and paragraphs apart.
type document struct {
	src string
	// lower is src lower-cased rune by rune where that keeps the byte
	// length, so that offsets into lower are offsets into src.
	lower string
	// NFC segment boundaries: normOff[i] in src corresponds to origOff[i]
	// in the original text. Nil when the text was already NFC.
	normOff, origOff []int
	// sentenceStarts and paragraphStarts are sorted offsets in src.
	sentenceStarts, paragraphStarts []int
}

func newDocument(text string) *document {
	d := &document{src: text}
	if !norm.NFC.IsNormalString(text) {
		var it norm.Iter
		it.InitString(norm.NFC, text)
		var b strings.Builder
		for !it.Done() {
			d.normOff = append(d.normOff, b.Len())
			d.origOff = append(d.origOff, it.Pos())
			b.Write(it.Next())
		}
		d.normOff = append(d.normOff, b.Len())
		d.origOff = append(d.origOff, len(text))
		d.src = b.String()
	}
	// "đ/c" (đồng chí) is a word: its slash must not read as a ratio or
	// end a clause.
	d.lower = strings.ReplaceAll(lowerSameLength(d.src), "đ/c", "đ c")
	d.segment()
	return d
}

// lowerSameLength lower-cases s, leaving alone the rare runes whose lower
// case has another UTF-8 length (such as the Kelvin sign) and bytes that
// are not UTF-8, so that offsets into the result are offsets into s.
func lowerSameLength(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); (r != utf8.RuneError || size > 1) && utf8.RuneLen(l) == size {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// original maps a span of src back to the original text.
func (d *document) original(start, end int) (int, int) {
	if d.normOff == nil {
		return start, end
	}
	i := sort.SearchInts(d.normOff, start+1) - 1 // last boundary <= start
	j := sort.SearchInts(d.normOff, end)         // first boundary >= end
	return d.origOff[max(i, 0)], d.origOff[min(j, len(d.origOff)-1)]
}

// segment finds sentence and paragraph starts. A sentence ends at ".", "!"
// or "?" followed by a space or the end of the text (so "36.449" does not
// end one), and at a blank line. A paragraph ends at a line break that
// follows the end of a sentence; a line break inside a sentence (a wrapped
// line, a page break, a list item ending in ";") does not end it.
func (d *document) segment() {
	s := d.src
	d.sentenceStarts = []int{0}
	d.paragraphStarts = []int{0}
	sentenceEnded := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := i + size
		switch {
		case r == '.' || r == '!' || r == '?':
			if next >= len(s) || isSpace(rune(s[next])) {
				d.sentenceStarts = append(d.sentenceStarts, next)
				sentenceEnded = true
			}
		case r == '\n':
			if sentenceEnded {
				d.paragraphStarts = append(d.paragraphStarts, next)
			} else if blankLineFollows(s, next) {
				d.sentenceStarts = append(d.sentenceStarts, next)
			}
		case !isSpace(r):
			sentenceEnded = false
		}
		i = next
	}
}

// blankLineFollows reports whether only spaces separate offset i from the
// next line break.
func blankLineFollows(s string, i int) bool {
	for ; i < len(s); i++ {
		switch s[i] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return false
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }

func indexOf(starts []int, off int) int {
	return sort.SearchInts(starts, off+1) - 1
}

func (d *document) sentence(off int) int  { return indexOf(d.sentenceStarts, off) }
func (d *document) paragraph(off int) int { return indexOf(d.paragraphStarts, off) }

// squash collapses runs of spaces into one and trims them; callers pass
// slices of document.lower.
func squash(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// clauseEnd returns the end of the clause that starts at from in the
// lower-cased text s: the first ";", ":", "(", ")", "%", "!", "?",
// sentence-ending ".", digit, blank line, "trong đó" or "so với", or limit
// bytes later.
func clauseEnd(s string, from, limit int) int {
	end := min(len(s), from+limit)
	for _, stop := range []string{"trong đó", "so với"} {
		if k := strings.Index(s[from:end], stop); k >= 0 {
			end = min(end, from+k)
		}
	}
	for i := from; i < end; i++ {
		switch c := s[i]; {
		case c == '(' && abbreviationAt(s, i) > 0:
			i += abbreviationAt(s, i) - 1 // "(TCCSĐ)" does not end the clause
		case c == ';' || c == ':' || c == '(' || c == ')' || c == '%' || c == '!' || c == '?':
			return i
		case c >= '0' && c <= '9':
			return i
		case c == '.' && (i+1 >= len(s) || isSpace(rune(s[i+1]))):
			return i
		case c == '\n' && blankLineFollows(s, i+1):
			return i
		}
	}
	// Do not cut a UTF-8 sequence at the limit.
	for end > from && end < len(s) && !utf8.RuneStart(s[end]) {
		end--
	}
	return end
}

// abbreviationAt returns the length of a short parenthesis of letters at
// i, such as "(TCCSĐ)", or 0.
func abbreviationAt(s string, i int) int {
	j := strings.IndexByte(s[i:min(len(s), i+24)], ')')
	if j < 2 {
		return 0
	}
	for _, r := range s[i+1 : i+j] {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	return j + 1
}

// leadStart returns where the lead-in of a figure at off begins: after the
// previous ";", ",", "(", ")", line break or sentence end, at most limit
// bytes back.
func leadStart(s string, off, limit int) int {
	begin := max(0, off-limit)
	for i := off - 1; i >= begin; i-- {
		switch c := s[i]; {
		case c == ';' || c == ',' || c == '(' || c == ')' || c == '\n' || c == '!' || c == '?':
			return i + 1
		case c == '.' && i+1 < len(s) && isSpace(rune(s[i+1])):
			return i + 1
		}
	}
	for begin < off && !utf8.RuneStart(s[begin]) {
		begin++
	}
	return begin
}
