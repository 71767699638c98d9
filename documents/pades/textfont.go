package pades

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// pageFont is a simple (single-byte) font of a page, with the codes its
// ToUnicode map gives each character: filled values are written with it
// as real text, so that they are extracted, searched and read aloud like
// the rest of the page.
type pageFont struct {
	ref    any
	base   string
	codes  map[rune]byte
	widths map[byte]float64 // in thousandths of the font size
}

// covers reports whether every character of s has a code.
func (pf *pageFont) covers(s string) bool {
	for _, r := range s {
		if _, ok := pf.codes[r]; !ok {
			return false
		}
	}
	return true
}

// encode returns the codes of s and its width at size.
func (pf *pageFont) encode(s string, size float64) ([]byte, float64) {
	var out []byte
	w := 0.0
	for _, r := range s {
		c := pf.codes[r]
		out = append(out, c)
		w += pf.widths[c] * size / 1000
	}
	return out, w
}

// italic reports whether the font's name says it is italic (and not bold).
func (pf *pageFont) italic() bool {
	return strings.Contains(pf.base, "Italic") && !strings.Contains(pf.base, "Bold")
}

// plain reports whether the font is the regular face.
func (pf *pageFont) plain() bool {
	return !strings.Contains(pf.base, "Italic") && !strings.Contains(pf.base, "Bold")
}

// pageFonts reads the simple fonts of a page that have a ToUnicode map,
// by their resource names.
func (f *File) pageFonts(page any) map[Name]*pageFont {
	d := f.ResolveDict(page)
	var fonts Dict
	for range 32 {
		if d == nil {
			break
		}
		if res := f.ResolveDict(d["Resources"]); res != nil {
			if fonts = f.ResolveDict(res["Font"]); fonts != nil {
				break
			}
		}
		d = f.ResolveDict(d["Parent"])
	}
	out := map[Name]*pageFont{}
	for name, ref := range fonts {
		if pf := f.loadFont(ref); pf != nil {
			out[name] = pf
		}
	}
	return out
}

// loadFont reads a simple font with a ToUnicode map; nil otherwise.
func (f *File) loadFont(ref any) *pageFont {
	fd := f.ResolveDict(ref)
	if fd == nil || fd["Subtype"] == Name("Type0") {
		return nil
	}
	tu, err := f.Resolve(fd["ToUnicode"])
	st, ok := tu.(*Stream)
	if err != nil || !ok {
		return nil
	}
	data, err := decode(st)
	if err != nil {
		return nil
	}
	base, _ := fd["BaseFont"].(Name)
	pf := &pageFont{ref: ref, base: string(base), codes: parseToUnicode(data), widths: map[byte]float64{}}
	first, _ := fd["FirstChar"].(int64)
	if ws, err := f.Resolve(fd["Widths"]); err == nil {
		if arr, ok := ws.(Array); ok {
			for i, w := range arr {
				if c := int(first) + i; c >= 0 && c < 256 {
					pf.widths[byte(c)] = toFloat(w)
				}
			}
		}
	}
	if len(pf.codes) == 0 {
		return nil
	}
	return pf
}

// parseToUnicode reads the single-byte bfchar and bfrange entries of a
// ToUnicode CMap, keeping the first code of each character.
func parseToUnicode(data []byte) map[rune]byte {
	l := &lexer{buf: data}
	var toks []any // String or string (words)
	for {
		l.skip()
		if l.pos >= len(l.buf) {
			break
		}
		switch l.buf[l.pos] {
		case '<':
			if l.pos+1 < len(l.buf) && l.buf[l.pos+1] == '<' {
				l.pos += 2
				continue
			}
			h, err := l.hex()
			if err != nil {
				return nil
			}
			toks = append(toks, h)
		case '[', ']', '>', '(', ')', '{', '}', '/':
			l.pos++
		default:
			w := l.word()
			if len(w) == 0 {
				l.pos++
				continue
			}
			toks = append(toks, string(w))
		}
	}
	out := map[rune]byte{}
	put := func(code int, dst String) {
		if code < 0 || code > 255 || len(dst) != 2 {
			return
		}
		r := rune(dst[0])<<8 | rune(dst[1])
		if _, ok := out[r]; !ok {
			out[r] = byte(code)
		}
	}
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "beginbfchar":
			for i++; i+1 < len(toks) && toks[i] != "endbfchar"; i += 2 {
				src, ok1 := toks[i].(String)
				dst, ok2 := toks[i+1].(String)
				if ok1 && ok2 && len(src) == 1 {
					put(int(src[0]), dst)
				}
			}
		case "beginbfrange":
			for i++; i+2 < len(toks) && toks[i] != "endbfrange"; i += 3 {
				lo, ok1 := toks[i].(String)
				hi, ok2 := toks[i+1].(String)
				dst, ok3 := toks[i+2].(String)
				if !ok1 || !ok2 || !ok3 || len(lo) != 1 || len(hi) != 1 || len(dst) != 2 {
					continue
				}
				base := int(dst[0])<<8 | int(dst[1])
				for c := int(lo[0]); c <= int(hi[0]); c++ {
					put(c, String{byte((base + c - int(lo[0])) >> 8), byte(base + c - int(lo[0]))})
				}
			}
		}
	}
	return out
}

// textContent writes codes in the font named font at (x, y) as real text.
func textContent(b *bytes.Buffer, font Name, codes []byte, size, x, y float64) {
	var name bytes.Buffer
	writeObject(&name, font)
	fmt.Fprintf(b, "BT %s %s Tf %s %s Td <", name.String(), strconv.FormatFloat(size, 'f', -1, 64), num(x), num(y))
	for _, c := range codes {
		fmt.Fprintf(b, "%02X", c)
	}
	b.WriteString("> Tj ET\n")
}
