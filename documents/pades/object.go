package pades

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// The PDF object model (ISO 32000-1 §7.3), as far as reading a file's
// structure and writing an incremental update need it.

// Name is a PDF name, without its slash.
type Name string

// Ref is an indirect reference "Num Gen R".
type Ref struct{ Num, Gen int }

// Dict is a PDF dictionary.
type Dict map[Name]any

// Array is a PDF array.
type Array []any

// String is a PDF string (literal or hexadecimal), as raw bytes.
type String []byte

// Real is a PDF real number; integers are int64.
type Real float64

// Stream is a stream object: its dictionary and its raw (still encoded)
// data.
type Stream struct {
	Dict Dict
	Data []byte
}

// Raw is bytes written as they are, for placeholders patched after layout.
type Raw []byte

// errSyntax reports malformed PDF syntax.
var errSyntax = errors.New("pades: malformed PDF")

// lexer reads PDF tokens from buf starting at pos.
type lexer struct {
	buf []byte
	pos int
}

func isSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

// skip passes white space and comments.
func (l *lexer) skip() {
	for l.pos < len(l.buf) {
		c := l.buf[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.buf) && l.buf[l.pos] != '\n' && l.buf[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// word returns the regular characters at pos.
func (l *lexer) word() []byte {
	start := l.pos
	for l.pos < len(l.buf) && !isSpace(l.buf[l.pos]) && !isDelim(l.buf[l.pos]) {
		l.pos++
	}
	return l.buf[start:l.pos]
}

// keyword reads the next token if it is the regular word kw.
func (l *lexer) keyword(kw string) bool {
	l.skip()
	save := l.pos
	if string(l.word()) == kw {
		return true
	}
	l.pos = save
	return false
}

// object parses one direct object (a reference counts as one).
func (l *lexer) object(depth int) (any, error) {
	if depth > 64 {
		return nil, fmt.Errorf("%w: nesting too deep at %d", errSyntax, l.pos)
	}
	l.skip()
	if l.pos >= len(l.buf) {
		return nil, fmt.Errorf("%w: unexpected end of data", errSyntax)
	}
	switch c := l.buf[l.pos]; c {
	case '/':
		l.pos++
		return Name(decodeName(l.word())), nil
	case '(':
		return l.literal()
	case '<':
		if l.pos+1 < len(l.buf) && l.buf[l.pos+1] == '<' {
			return l.dict(depth)
		}
		return l.hex()
	case '[':
		l.pos++
		arr := Array{}
		for {
			l.skip()
			if l.pos < len(l.buf) && l.buf[l.pos] == ']' {
				l.pos++
				return arr, nil
			}
			o, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, o)
		}
	}
	w := l.word()
	if len(w) == 0 {
		return nil, fmt.Errorf("%w: unexpected %q at %d", errSyntax, l.buf[l.pos], l.pos)
	}
	switch string(w) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if n, err := strconv.ParseInt(string(w), 10, 64); err == nil {
		// "n g R" is a reference.
		save := l.pos
		l.skip()
		g := l.word()
		if gen, err := strconv.Atoi(string(g)); err == nil && len(g) > 0 {
			l.skip()
			if l.pos < len(l.buf) && l.buf[l.pos] == 'R' && (l.pos+1 == len(l.buf) || isSpace(l.buf[l.pos+1]) || isDelim(l.buf[l.pos+1])) {
				l.pos++
				return Ref{int(n), gen}, nil
			}
		}
		l.pos = save
		return n, nil
	}
	if f, err := strconv.ParseFloat(string(w), 64); err == nil {
		return Real(f), nil
	}
	return nil, fmt.Errorf("%w: unknown token %q at %d", errSyntax, w, l.pos-len(w))
}

func (l *lexer) dict(depth int) (Dict, error) {
	l.pos += 2
	d := Dict{}
	for {
		l.skip()
		if l.pos+1 < len(l.buf) && l.buf[l.pos] == '>' && l.buf[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		k, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		name, ok := k.(Name)
		if !ok {
			return nil, fmt.Errorf("%w: dictionary key %v is not a name at %d", errSyntax, k, l.pos)
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		d[name] = v
	}
}

func (l *lexer) literal() (String, error) {
	l.pos++
	var out []byte
	level := 1
	for l.pos < len(l.buf) {
		c := l.buf[l.pos]
		l.pos++
		switch c {
		case '(':
			level++
		case ')':
			if level--; level == 0 {
				return String(out), nil
			}
		case '\\':
			if l.pos >= len(l.buf) {
				break
			}
			e := l.buf[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.buf) && l.buf[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && l.pos < len(l.buf) && l.buf[l.pos] >= '0' && l.buf[l.pos] <= '7'; i++ {
						v = v*8 + int(l.buf[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, fmt.Errorf("%w: unterminated string", errSyntax)
}

func (l *lexer) hex() (String, error) {
	l.pos++
	end := bytes.IndexByte(l.buf[l.pos:], '>')
	if end < 0 {
		return nil, fmt.Errorf("%w: unterminated hex string", errSyntax)
	}
	var digits []byte
	for _, c := range l.buf[l.pos : l.pos+end] {
		if !isSpace(c) {
			digits = append(digits, c)
		}
	}
	l.pos += end + 1
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		v, err := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		if err != nil {
			return nil, fmt.Errorf("%w: bad hex string", errSyntax)
		}
		out[i] = byte(v)
	}
	return String(out), nil
}

func decodeName(w []byte) string {
	if !bytes.ContainsRune(w, '#') {
		return string(w)
	}
	var out []byte
	for i := 0; i < len(w); i++ {
		if w[i] == '#' && i+2 < len(w) {
			if v, err := strconv.ParseUint(string(w[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, w[i])
	}
	return string(out)
}

// writeObject serialises o. Dictionaries are written with sorted keys so
// that output is reproducible; strings are written in hexadecimal, which
// needs no escaping.
func writeObject(b *bytes.Buffer, o any) {
	switch v := o.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case Real:
		b.WriteString(formatReal(float64(v)))
	case float64:
		b.WriteString(formatReal(v))
	case Name:
		b.WriteByte('/')
		for _, c := range []byte(v) {
			if c < '!' || c > '~' || isDelim(c) || c == '#' {
				fmt.Fprintf(b, "#%02X", c)
			} else {
				b.WriteByte(c)
			}
		}
	case String:
		fmt.Fprintf(b, "<%X>", []byte(v))
	case Ref:
		fmt.Fprintf(b, "%d %d R", v.Num, v.Gen)
	case Array:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeObject(b, e)
		}
		b.WriteByte(']')
	case Dict:
		keys := make([]Name, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteString("<<")
		for _, k := range keys {
			writeObject(b, k)
			b.WriteByte(' ')
			writeObject(b, v[k])
		}
		b.WriteString(">>")
	case Raw:
		b.Write(v)
	case *Stream:
		d := Dict{}
		for k, e := range v.Dict {
			d[k] = e
		}
		d["Length"] = len(v.Data)
		writeObject(b, d)
		b.WriteString("\nstream\n")
		b.Write(v.Data)
		b.WriteString("\nendstream")
	default:
		panic(fmt.Sprintf("pades: cannot write %T", o))
	}
}

func formatReal(f float64) string {
	s := strconv.FormatFloat(f, 'f', 4, 64)
	s = trimZeros(s)
	if s == "-0" {
		return "0"
	}
	return s
}

func trimZeros(s string) string {
	if !bytes.ContainsRune([]byte(s), '.') {
		return s
	}
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
