package templates

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// checkWellFormed validates a part Render wrote: checkXML first and, only
// if it refuses, encoding/xml (wellFormed) for the final word, so the
// verdict is encoding/xml's while the common case costs a tenth of it.
func checkWellFormed(data []byte) error {
	if checkXML(data) == nil {
		return nil
	}
	return wellFormed(data)
}

// checkXML is a strict, conservative well-formedness check, about ten times
// faster than a pass of encoding/xml, which on a notice costs more than the
// rest of the render together. It accepts only documents encoding/xml
// accepts (FuzzCheckXML holds it to that): one root element, matching tags,
// quoted attributes, known entities and character references to legal
// characters, legal UTF-8 characters, no DOCTYPE, and nothing but
// whitespace, comments and processing instructions around the root. It may
// refuse some unusual but well-formed input; checkWellFormed then asks
// encoding/xml.
func checkXML(data []byte) error {
	c := xmlChecker{data: data, stack: make([][]byte, 0, 32)}
	return c.run()
}

type xmlChecker struct {
	data  []byte
	i     int
	stack [][]byte
}

// Byte classes: plain bytes need no check beyond being skipped.
var plainText, plainAttr, nameByte [256]bool

func init() {
	for b := 0x20; b < 0x7f; b++ {
		plainText[b], plainAttr[b] = true, true
	}
	for _, b := range "\t\n\r" {
		plainText[b], plainAttr[b] = true, true
	}
	for _, b := range "<&]" {
		plainText[b] = false
	}
	for _, b := range "<&\"'" {
		plainAttr[b] = false
	}
	for b := 0; b < 256; b++ {
		c := byte(b)
		nameByte[b] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':'
	}
}

func (c *xmlChecker) fail(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", c.i, fmt.Sprintf(format, args...))
}

func (c *xmlChecker) run() error {
	d := c.data
	roots := 0
	for c.i < len(d) {
		b := d[c.i]
		if b != '<' {
			if len(c.stack) == 0 {
				if !isXMLSpace(b) {
					if roots > 0 {
						return c.fail("data after the root element")
					}
					return c.fail("text before the root element")
				}
				c.i++
				continue
			}
			if err := c.text(); err != nil {
				return err
			}
			continue
		}
		if c.i+1 >= len(d) {
			return c.fail("unexpected end")
		}
		var err error
		switch d[c.i+1] {
		case '/':
			err = c.endTag()
		case '?':
			err = c.procInst()
		case '!':
			err = c.bang()
		default:
			if len(c.stack) == 0 {
				roots++
				if roots > 1 {
					return c.fail("data after the root element")
				}
			}
			err = c.startTag()
		}
		if err != nil {
			return err
		}
	}
	if len(c.stack) > 0 {
		return c.fail("<%s> is never closed", c.stack[len(c.stack)-1])
	}
	if roots == 0 {
		return errors.New("no root element")
	}
	return nil
}

// text checks character data up to the next '<'.
func (c *xmlChecker) text() error {
	d := c.data
	for c.i < len(d) {
		b := d[c.i]
		if plainText[b] {
			c.i++
			continue
		}
		switch {
		case b == '<':
			return nil
		case b == '&':
			if err := c.reference(); err != nil {
				return err
			}
		case b == ']' && bytes.HasPrefix(d[c.i:], []byte("]]>")):
			return c.fail(`"]]>" in text`)
		default:
			if err := c.char(); err != nil {
				return err
			}
		}
	}
	return nil
}

// char checks and skips one character.
func (c *xmlChecker) char() error {
	b := c.data[c.i]
	if b < utf8.RuneSelf {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			return c.fail("illegal character code %U", rune(b))
		}
		c.i++
		return nil
	}
	r, n := utf8.DecodeRune(c.data[c.i:])
	if r == utf8.RuneError && n == 1 {
		return c.fail("invalid UTF-8")
	}
	if !legalChar(r) {
		return c.fail("illegal character code %U", r)
	}
	c.i += n
	return nil
}

func legalChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// reference checks an entity or character reference starting at '&'.
func (c *xmlChecker) reference() error {
	d := c.data
	end := bytes.IndexByte(d[c.i:], ';')
	if end < 0 || end > 12 {
		return c.fail("'&' not starting a reference")
	}
	ref := d[c.i+1 : c.i+end]
	switch string(ref) {
	case "amp", "lt", "gt", "quot", "apos":
		c.i += end + 1
		return nil
	}
	if len(ref) < 2 || ref[0] != '#' {
		return c.fail("unknown entity &%s;", ref)
	}
	var r rune
	digits := ref[1:]
	base := rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return c.fail("invalid character reference &%s;", ref)
	}
	for _, ch := range digits {
		var v rune
		switch {
		case ch >= '0' && ch <= '9':
			v = rune(ch - '0')
		case base == 16 && ch >= 'a' && ch <= 'f':
			v = rune(ch-'a') + 10
		case base == 16 && ch >= 'A' && ch <= 'F':
			v = rune(ch-'A') + 10
		default:
			return c.fail("invalid character reference &%s;", ref)
		}
		r = r*base + v
		if r > unicode.MaxRune {
			return c.fail("invalid character reference &%s;", ref)
		}
	}
	if !legalChar(r) {
		return c.fail("character reference &%s; is not a legal character", ref)
	}
	c.i += end + 1
	return nil
}

// name reads an XML name (prefix included) and returns it. Only ASCII
// names are accepted; the parts Render writes use nothing else, and a
// rejection only costs a second opinion from encoding/xml.
func (c *xmlChecker) name() ([]byte, error) {
	d := c.data
	start := c.i
	for c.i < len(d) && nameByte[d[c.i]] {
		c.i++
	}
	if c.i == start {
		return nil, c.fail("expected a name")
	}
	name := d[start:c.i]
	if f := name[0]; f >= '0' && f <= '9' || f == '-' || f == '.' || f == ':' ||
		name[len(name)-1] == ':' || bytes.Count(name, []byte(":")) > 1 {
		return nil, c.fail("invalid name %q", name)
	}
	return name, nil
}

func (c *xmlChecker) spaces() bool {
	start := c.i
	for c.i < len(c.data) && isXMLSpace(c.data[c.i]) {
		c.i++
	}
	return c.i > start
}

func (c *xmlChecker) startTag() error {
	c.i++ // '<'
	name, err := c.name()
	if err != nil {
		return err
	}
	d := c.data
	for {
		sp := c.spaces()
		if c.i >= len(d) {
			return c.fail("unexpected end in <%s>", name)
		}
		switch d[c.i] {
		case '>':
			c.i++
			c.stack = append(c.stack, name)
			return nil
		case '/':
			if c.i+1 >= len(d) || d[c.i+1] != '>' {
				return c.fail("expected '/>' in <%s>", name)
			}
			c.i += 2
			return nil
		}
		if !sp {
			return c.fail("expected a space before an attribute of <%s>", name)
		}
		if _, err := c.name(); err != nil {
			return err
		}
		c.spaces()
		if c.i >= len(d) || d[c.i] != '=' {
			return c.fail("attribute without a value in <%s>", name)
		}
		c.i++
		c.spaces()
		if c.i >= len(d) || (d[c.i] != '"' && d[c.i] != '\'') {
			return c.fail("unquoted attribute value in <%s>", name)
		}
		q := d[c.i]
		c.i++
		for {
			if c.i >= len(d) {
				return c.fail("unexpected end in an attribute of <%s>", name)
			}
			b := d[c.i]
			if plainAttr[b] {
				c.i++
				continue
			}
			if b == q {
				c.i++
				break
			}
			switch b {
			case '<':
				return c.fail("'<' in an attribute value of <%s>", name)
			case '&':
				if err := c.reference(); err != nil {
					return err
				}
			default:
				if err := c.char(); err != nil {
					return err
				}
			}
		}
	}
}

func (c *xmlChecker) endTag() error {
	c.i += 2 // "</"
	name, err := c.name()
	if err != nil {
		return err
	}
	c.spaces()
	if c.i >= len(c.data) || c.data[c.i] != '>' {
		return c.fail("expected '>' after </%s", name)
	}
	c.i++
	if len(c.stack) == 0 {
		return c.fail("data after the root element: </%s>", name)
	}
	if top := c.stack[len(c.stack)-1]; !bytes.Equal(top, name) {
		return c.fail("<%s> closed by </%s>", top, name)
	}
	c.stack = c.stack[:len(c.stack)-1]
	return nil
}

// procInst checks <?target ...?>. An XML declaration must come first and
// declare version 1.0 and, if any, the UTF-8 encoding.
func (c *xmlChecker) procInst() error {
	start := c.i
	c.i += 2
	target, err := c.name()
	if err != nil {
		return err
	}
	if !c.spaces() && !bytes.HasPrefix(c.data[c.i:], []byte("?>")) {
		return c.fail("expected a space after the target of a processing instruction")
	}
	bodyStart := c.i
	if err := c.until("?>", "processing instruction"); err != nil {
		return err
	}
	if !bytes.EqualFold(target, []byte("xml")) {
		return nil
	}
	if start != 0 {
		return c.fail("XML declaration not at the start")
	}
	for _, f := range bytes.Fields(c.data[bodyStart : c.i-2]) {
		k, v, ok := bytes.Cut(f, []byte("="))
		if !ok || len(v) < 2 || (v[0] != '"' && v[0] != '\'') || v[len(v)-1] != v[0] {
			return c.fail("unusual XML declaration")
		}
		v = v[1 : len(v)-1]
		switch string(k) {
		case "version":
			if string(v) != "1.0" {
				return c.fail("XML version %q", v)
			}
		case "encoding":
			if !bytes.EqualFold(v, []byte("utf-8")) {
				return c.fail("encoding %q", v)
			}
		case "standalone":
			if string(v) != "yes" && string(v) != "no" {
				return c.fail("standalone %q", v)
			}
		default:
			return c.fail("unusual XML declaration")
		}
	}
	return nil
}

// bang checks comments and CDATA sections; DOCTYPE is refused.
func (c *xmlChecker) bang() error {
	d := c.data[c.i:]
	switch {
	case bytes.HasPrefix(d, []byte("<!--")):
		c.i += 4
		end := bytes.Index(c.data[c.i:], []byte("--"))
		if end < 0 {
			return c.fail("unterminated comment")
		}
		for j := c.i; j < c.i+end; {
			c2 := xmlChecker{data: c.data, i: j}
			if err := c2.char(); err != nil {
				return err
			}
			j = c2.i
		}
		c.i += end
		if !bytes.HasPrefix(c.data[c.i:], []byte("-->")) {
			return c.fail(`"--" inside a comment`)
		}
		c.i += 3
		return nil
	case bytes.HasPrefix(d, []byte("<![CDATA[")):
		if len(c.stack) == 0 {
			return c.fail("CDATA outside the root element")
		}
		c.i += 9
		return c.until("]]>", "CDATA section")
	}
	return c.fail("DOCTYPE and other declarations are not allowed")
}

// until skips legal characters up to and including end.
func (c *xmlChecker) until(end, what string) error {
	e := bytes.Index(c.data[c.i:], []byte(end))
	if e < 0 {
		return c.fail("unterminated %s", what)
	}
	stop := c.i + e
	for c.i < stop {
		if err := c.char(); err != nil {
			return err
		}
	}
	c.i += len(end)
	return nil
}
