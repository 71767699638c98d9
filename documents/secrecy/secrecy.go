// Package secrecy is the secrecy of a document ("độ mật") and the clearance
// of a reader, as typed values: a [Mark] is the text printed on a document
// and stored in its record ("", "MẬT", "TỐI MẬT", "TUYỆT MẬT"); a [Level]
// orders the marks, so that a reader with clearance c sees the documents
// whose level is at most c. The index and the audit log store levels (as
// the integers 0 to 3), records, tokens and accounts store marks.
package secrecy

import (
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Level is the rank of a secrecy mark; levels compare with < and <=. Its
// JSON form is the integer (0 to 3).
type Level int

// The four levels, in increasing order.
const (
	None     Level = 0 // not secret
	Mat      Level = 1 // MẬT
	ToiMat   Level = 2 // TỐI MẬT
	TuyetMat Level = 3 // TUYỆT MẬT
)

// Mark is the secrecy mark of a document or the clearance of a reader, as
// written (the text is kept as it was given, so that stored bytes stay
// the same): empty for none, or MẬT, TỐI MẬT, TUYỆT MẬT, read in Unicode
// NFC, ignoring case and surrounding spaces. Its JSON form is the string.
type Mark string

// The marks of the four levels, in their canonical spelling.
const (
	MarkNone     Mark = ""
	MarkMat      Mark = "MẬT"
	MarkToiMat   Mark = "TỐI MẬT"
	MarkTuyetMat Mark = "TUYỆT MẬT"
)

// InvalidMarkError is returned for a text that is not a secrecy mark.
type InvalidMarkError struct {
	Text string // as given
}

func (e *InvalidMarkError) Error() string {
	return fmt.Sprintf("secrecy mark %q is not MẬT, TỐI MẬT or TUYỆT MẬT", e.Text)
}

// InvalidLevelError is returned for a number that is not a secrecy level.
type InvalidLevelError struct {
	Value string // the JSON value as given
}

func (e *InvalidLevelError) Error() string {
	return fmt.Sprintf("secrecy level %s is not an integer between %d and %d", e.Value, None, TuyetMat)
}

// level is the level of a mark, and whether the mark is one of the four.
func level(s string) (Level, bool) {
	switch strings.ToUpper(strings.TrimSpace(norm.NFC.String(s))) {
	case "":
		return None, true
	case string(MarkMat):
		return Mat, true
	case string(MarkToiMat):
		return ToiMat, true
	case string(MarkTuyetMat):
		return TuyetMat, true
	}
	return None, false
}

// Parse reads a mark; anything but the four marks (see [Mark]) is an
// *InvalidMarkError. The text is kept as given.
func Parse(s string) (Mark, error) {
	if _, ok := level(s); !ok {
		return "", &InvalidMarkError{Text: s}
	}
	return Mark(s), nil
}

// Valid reports whether m is one of the four marks.
func (m Mark) Valid() bool {
	_, ok := level(string(m))
	return ok
}

// Level is the level of m; a mark that is not valid has level None (every
// value read by [Parse] or UnmarshalText is valid).
func (m Mark) Level() Level {
	l, _ := level(string(m))
	return l
}

// String returns the mark as written.
func (m Mark) String() string { return string(m) }

// MarshalText returns the mark as written; a mark that is not valid is an
// error, so that it is never stored.
func (m Mark) MarshalText() ([]byte, error) {
	if !m.Valid() {
		return nil, &InvalidMarkError{Text: string(m)}
	}
	return []byte(m), nil
}

// UnmarshalText reads a mark as [Parse] does.
func (m *Mark) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Valid reports whether l is one of the four levels.
func (l Level) Valid() bool { return l >= None && l <= TuyetMat }

// Mark is the canonical mark of l ("" for None or a level that is not
// valid).
func (l Level) Mark() Mark {
	switch l {
	case Mat:
		return MarkMat
	case ToiMat:
		return MarkToiMat
	case TuyetMat:
		return MarkTuyetMat
	}
	return MarkNone
}

// UnmarshalJSON reads the integer form of a level; any other value is an
// *InvalidLevelError.
func (l *Level) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil || !Level(n).Valid() {
		return &InvalidLevelError{Value: string(b)}
	}
	*l = Level(n)
	return nil
}
