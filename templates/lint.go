package templates

import (
	"bytes"
	"strings"
)

// lint checks the braces of every paragraph the way go-docx will read them
// (the text of all runs joined) and returns the placeholder names found, in
// document order, markers included. It runs before go-docx sees the file:
// "{{" is skipped by go-docx with a log line and stray braces make it panic.
func (s *partScan) lint() []string {
	var order []int
	joined := map[int][]byte{}
	for i, t := range s.texts {
		key := t.p
		if key < 0 {
			key = -1 - i // text outside a paragraph: a group of its own
		}
		if _, ok := joined[key]; !ok {
			order = append(order, key)
		}
		joined[key] = append(joined[key], s.src[t.start:t.end]...)
	}
	var names []string
	for _, key := range order {
		names = append(names, s.lintParagraph(joined[key])...)
	}
	return names
}

func (s *partScan) lintParagraph(raw []byte) []string {
	where := func() string { return s.name + `: paragraph "` + paragraphText(raw) + `"` }
	if bytes.Contains(raw, []byte("{{")) || bytes.Contains(raw, []byte("}}")) {
		s.probs.add(`%s: double braces "{{" or "}}" are not allowed; write a placeholder as {name}`, where())
		return nil
	}
	var names []string
	open := -1
	for i, c := range raw {
		switch c {
		case '{':
			if open >= 0 {
				s.probs.add(`%s: "{" inside the placeholder starting with %q`, where(), string(raw[open:i]))
				return nil
			}
			open = i
		case '}':
			if open < 0 {
				s.probs.add(`%s: "}" without a matching "{"`, where())
				return nil
			}
			name := string(raw[open+1 : i])
			if msg := checkPlaceholderName(name); msg != "" {
				s.probs.add("%s: placeholder {%s} %s", where(), name, msg)
			}
			names = append(names, name)
			open = -1
		}
	}
	if open >= 0 {
		s.probs.add(`%s: "{" is never closed`, where())
		return nil
	}
	return names
}

// checkPlaceholderName returns why name cannot be a placeholder ("" if it
// can): a dotted path, optionally prefixed by # or / for block markers.
func checkPlaceholderName(name string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(name, "#"), "/")
	if p == "" {
		return "is empty"
	}
	if !validPath(p) {
		return "is not a valid name: use letters, digits, '_' and '-', each part starting with a letter or '_', parts separated by '.' (e.g. {signature.name}); spaces are not allowed"
	}
	return ""
}

// validPath reports whether p is a dotted placeholder path such as
// "sections.items.text".
func validPath(p string) bool {
	if p == "" {
		return false
	}
	for _, seg := range strings.Split(p, ".") {
		if !validSegment(seg) {
			return false
		}
	}
	return true
}

func validSegment(seg string) bool {
	if seg == "" || len(seg) > 64 {
		return false
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9') || c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// splitRuns rewrites runs holding several w:t elements of which one
// contains a brace into one run per w:t, each with a copy of the run
// properties: go-docx only reads the last w:t of a run, the shape
// LibreOffice and Google Docs write around soft line breaks. It returns nil
// when nothing needs splitting.
func (s *partScan) splitRuns() []byte {
	braces := make([]bool, len(s.runs))
	for _, t := range s.texts {
		if t.run >= 0 && bytes.ContainsAny(s.src[t.start:t.end], "{}") {
			braces[t.run] = true
		}
	}
	var out []byte
	pos := 0
	for ri, r := range s.runs {
		if !braces[ri] || (len(r.texts) < 2 && !r.nested) {
			continue
		}
		if r.nested {
			s.probs.add("%s: a placeholder sits in text nested inside other elements of a run; retype it as plain text", s.name)
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s.src)+256)
		}
		out = append(out, s.src[pos:r.start]...)
		open := s.src[r.start:r.openEnd]
		content := r.openEnd
		var rPr []byte
		if r.rPrStart >= 0 && r.rPrEnd <= s.texts[r.texts[0]].tagStart {
			rPr = s.src[r.rPrStart:r.rPrEnd]
			content = r.rPrEnd
		}
		for i := range r.texts {
			from := content
			if i > 0 {
				from = s.texts[r.texts[i]].tagStart
			}
			to := r.endTag
			if i+1 < len(r.texts) {
				to = s.texts[r.texts[i+1]].tagStart
			}
			out = append(out, open...)
			out = append(out, rPr...)
			out = append(out, s.src[from:to]...)
			out = append(out, s.src[r.endTag:r.end]...)
		}
		pos = r.end
	}
	if out == nil {
		return nil
	}
	return append(out, s.src[pos:]...)
}

// expandEmptyTexts rewrites every <w:t/> as <w:t></w:t>: go-docx's tag
// check fails on the short form, wherever it is. It returns nil when there
// is none.
func (s *partScan) expandEmptyTexts() []byte {
	var out []byte
	pos := 0
	for _, t := range s.texts {
		if !t.empty {
			continue
		}
		tag := s.src[t.tagStart:t.start]
		out = append(out, s.src[pos:t.tagStart]...)
		out = append(out, bytes.TrimRight(tag[:len(tag)-2], " \t\r\n")...)
		out = append(out, "></w:t>"...)
		pos = t.start
	}
	if out == nil {
		return nil
	}
	return append(out, s.src[pos:]...)
}

// checkNormalised verifies that after go-docx normalised the part every
// placeholder sits whole inside one w:t.
func (s *partScan) checkNormalised() {
	for _, t := range s.texts {
		raw := s.src[t.start:t.end]
		depth := 0
		for _, c := range raw {
			switch c {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth < 0 || depth > 1 {
				break
			}
		}
		if depth != 0 {
			s.probs.add("%s: a placeholder in %q could not be joined into one run; retype it", s.name, excerpt(string(raw)))
		}
	}
}
