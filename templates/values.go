package templates

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// sanitize makes a value safe for XML text: invalid UTF-8 replaced, the
// control characters XML 1.0 forbids and U+FFFE/U+FFFF dropped, CRLF and CR
// turned into LF (a line break), and the result in Unicode NFC so Vietnamese
// typed with combining marks matches what search and Word expect.
func sanitize(s string) string {
	if clean, nfc := scan(s); clean && nfc {
		return s
	} else if clean {
		return norm.NFC.String(s)
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if dropped(r) {
			return -1
		}
		return r
	}, s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

// scan reports whether s is valid UTF-8 without characters sanitize
// changes (clean) and whether it is certainly NFC. Text made only of
// characters below U+0300 and Vietnamese precomposed letters (U+1E00 to
// U+1EFF), which neither decompose nor combine with a neighbour, is NFC;
// anything else is left to the norm package.
func scan(s string) (clean, nfc bool) {
	nfc = true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false, false
		}
		if r >= 0x300 && (r < 0x1E00 || r > 0x1EFF) {
			nfc = false
		}
		i += n
	}
	if !nfc {
		nfc = norm.NFC.IsNormalString(s)
	}
	return true, nfc
}

// dropped reports the characters removed from values: C0 controls other
// than TAB, LF and CR, and the non-characters U+FFFE and U+FFFF.
func dropped(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return false
}

// lineBreak is what go-docx writes for "\n" in a value: a soft break in the
// same paragraph.
const lineBreak = "</w:t><w:br/><w:t>"

// appendEscaped appends s as go-docx writes a value into a w:t element:
// html.EscapeString, then "\n" as lineBreak. The output is byte-identical
// to go-docx's, which a test checks.
func appendEscaped(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&#34;"
		case '\n':
			rep = lineBreak
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, rep...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// scalarText converts a leaf value to its text. Numbers are written in
// plain digits; callers format them (94,54%) before filling.
func scalarText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return string(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int32:
		return strconv.FormatInt(int64(x), 10), nil
	case int16:
		return strconv.FormatInt(int64(x), 10), nil
	case int8:
		return strconv.FormatInt(int64(x), 10), nil
	case uint:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint64:
		return strconv.FormatUint(x, 10), nil
	case uint32:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint16:
		return strconv.FormatUint(uint64(x), 10), nil
	case uint8:
		return strconv.FormatUint(uint64(x), 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", fmt.Errorf("has a value of type %T, which is not text or a number", v)
}

// child returns field name of an object value.
func child(v any, name string) (any, bool) {
	switch o := v.(type) {
	case map[string]any:
		x, ok := o[name]
		return x, ok && x != nil
	case map[string]string:
		x, ok := o[name]
		return x, ok
	}
	return nil, false
}

// isObject reports whether v is an object value.
func isObject(v any) bool {
	switch v.(type) {
	case map[string]any, map[string]string:
		return true
	}
	return false
}

// asList returns the items of a collection value: []Values, or []any of
// objects as JSON decoding produces.
func asList(v any) ([]Values, bool, error) {
	switch l := v.(type) {
	case []Values:
		return l, true, nil
	case []map[string]string:
		out := make([]Values, len(l))
		for i, m := range l {
			o := make(Values, len(m))
			for k, s := range m {
				o[k] = s
			}
			out[i] = o
		}
		return out, true, nil
	case []any:
		out := make([]Values, len(l))
		for i, x := range l {
			o, ok := x.(map[string]any)
			if !ok {
				return nil, true, fmt.Errorf("item %d is %s, not an object", i, describe(x))
			}
			out[i] = o
		}
		return out, true, nil
	}
	return nil, false, nil
}

// describe names the kind of a value for messages.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case bool:
		return "true/false"
	case json.Number, float64, float32, int, int64, int32, uint, uint64:
		return "a number"
	case map[string]any, map[string]string:
		return "an object"
	case []any, []Values, []map[string]string, []string:
		return "a list"
	default:
		return fmt.Sprintf("a %T", x)
	}
}
