package secrecy

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text  string
		level Level
		ok    bool
	}{
		{"", None, true},
		{"   ", None, true},
		{"MẬT", Mat, true},
		{"TỐI MẬT", ToiMat, true},
		{"TUYỆT MẬT", TuyetMat, true},
		{"mật", Mat, true},
		{" Tối mật ", ToiMat, true},
		{"MA\u0302\u0323T", Mat, true}, // NFD
		{"BÍ MẬT", None, false},
		{"MAT", None, false},
		{"TUYỆTMẬT", None, false},
	} {
		m, err := Parse(tc.text)
		if tc.ok != (err == nil) {
			t.Errorf("Parse(%q): error %v, want ok %v", tc.text, err, tc.ok)
			continue
		}
		if !tc.ok {
			var bad *InvalidMarkError
			if !errors.As(err, &bad) || bad.Text != tc.text {
				t.Errorf("Parse(%q): %v, want an *InvalidMarkError naming the text", tc.text, err)
			}
			if Mark(tc.text).Valid() || Mark(tc.text).Level() != None {
				t.Errorf("Mark(%q) is valid or has a level", tc.text)
			}
			continue
		}
		if string(m) != tc.text {
			t.Errorf("Parse(%q) = %q, want the text kept as given", tc.text, m)
		}
		if m.Level() != tc.level {
			t.Errorf("Parse(%q).Level() = %d, want %d", tc.text, m.Level(), tc.level)
		}
	}
}

func TestLevelOrderAndMarks(t *testing.T) {
	levels := []Level{None, Mat, ToiMat, TuyetMat}
	for i, l := range levels {
		if int(l) != i {
			t.Errorf("level %d has the value %d", i, l)
		}
		if got := l.Mark().Level(); got != l {
			t.Errorf("%d.Mark().Level() = %d", l, got)
		}
	}
	if Level(4).Valid() || Level(-1).Valid() || Level(4).Mark() != MarkNone {
		t.Error("levels outside 0..3 are valid or have a mark")
	}
}

func TestMarkJSON(t *testing.T) {
	type doc struct {
		Secrecy Mark `json:"secrecy,omitempty"`
	}
	for _, tc := range []struct {
		in, out string
		ok      bool
	}{
		{`{"secrecy":"TỐI MẬT"}`, `{"secrecy":"TỐI MẬT"}`, true},
		{`{"secrecy":" mật "}`, `{"secrecy":" mật "}`, true},
		{`{"secrecy":""}`, `{}`, true},
		{`{}`, `{}`, true},
		{`{"secrecy":null}`, `{}`, true},
		{`{"secrecy":"BÍ MẬT"}`, "", false},
	} {
		var d doc
		err := json.Unmarshal([]byte(tc.in), &d)
		if tc.ok != (err == nil) {
			t.Errorf("%s: error %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if !tc.ok {
			if !errors.As(err, new(*InvalidMarkError)) {
				t.Errorf("%s: %v, want an *InvalidMarkError", tc.in, err)
			}
			continue
		}
		b, err := json.Marshal(d)
		if err != nil || string(b) != tc.out {
			t.Errorf("%s: re-encoded as %s (%v), want %s", tc.in, b, err, tc.out)
		}
	}
	if _, err := json.Marshal(doc{Secrecy: "BÍ MẬT"}); !errors.As(err, new(*InvalidMarkError)) {
		t.Errorf("a mark that is not valid was encoded: %v", err)
	}
}

func TestLevelJSON(t *testing.T) {
	type doc struct {
		Secrecy Level `json:"secrecy,omitempty"`
	}
	for _, tc := range []struct {
		in, out string
		ok      bool
	}{
		{`{"secrecy":2}`, `{"secrecy":2}`, true},
		{`{"secrecy":3}`, `{"secrecy":3}`, true},
		{`{"secrecy":0}`, `{}`, true},
		{`{}`, `{}`, true},
		{`{"secrecy":4}`, "", false},
		{`{"secrecy":-1}`, "", false},
		{`{"secrecy":1.5}`, "", false},
		{`{"secrecy":"MẬT"}`, "", false},
	} {
		var d doc
		err := json.Unmarshal([]byte(tc.in), &d)
		if tc.ok != (err == nil) {
			t.Errorf("%s: error %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if !tc.ok {
			if !errors.As(err, new(*InvalidLevelError)) {
				t.Errorf("%s: %v, want an *InvalidLevelError", tc.in, err)
			}
			continue
		}
		b, err := json.Marshal(d)
		if err != nil || string(b) != tc.out {
			t.Errorf("%s: re-encoded as %s (%v), want %s", tc.in, b, err, tc.out)
		}
	}
}
