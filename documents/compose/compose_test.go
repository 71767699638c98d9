package compose

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"vanthu/documents/kind"
	"vanthu/documents/secrecy"
	"vanthu/templates"
)

// TestParseRenderOnce: a request is parsed once into its kind's typed
// value, then rendered with the number given as an argument: issued under
// that number, or as a draft with the blank and the "Dự thảo" mark; the
// record keeps the number it was issued under. Refusals name the field.
func TestParseRenderOnce(t *testing.T) {
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	c := &Composer{Templates: reg}
	raw, err := os.ReadFile("../../templates/examples/thong-bao-ket-luan.json")
	if err != nil {
		t.Fatal(err)
	}
	var req struct {
		Template string          `json:"template"`
		Data     json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	r, err := c.Parse(req.Template, req.Data, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := r.Doc.(*kind.Notice)
	if !ok || n.Issuer.Code != "TU" || len(n.Sections) == 0 {
		t.Fatalf("parsed %T %+v", r.Doc, r.Doc)
	}
	rec, _, err := c.Render(r, 42, false)
	if err != nil {
		t.Fatal(err)
	}
	var stored map[string]any
	if err := json.Unmarshal(rec.Data, &stored); err != nil {
		t.Fatal(err)
	}
	if rec.Number != "42-TB/TU" || rec.Ordinal != 42 || !strings.Contains(rec.Text, "Số 42-TB/TU") || stored["number"] != float64(42) {
		t.Errorf("issued as %q (ordinal %d, data number %v)", rec.Number, rec.Ordinal, stored["number"])
	}
	draft, _, err := c.Render(r, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Number != "" || !strings.Contains(draft.Text, kind.DraftMark) || !strings.Contains(draft.Text, "Số       -TB/TU") {
		t.Errorf("draft: number %q, text:\n%s", draft.Number, draft.Text)
	}

	for _, tc := range []struct {
		name, tpl, data, path string
		sees                  func(secrecy.Mark) bool
	}{
		{"no template", "", `{}`, "template", nil},
		{"unknown template", "bien-ban-khong-co", `{}`, "template", nil},
		{"not an object", req.Template, `[1]`, "data", nil},
		{"above clearance", req.Template, string(withSecrecy(t, req.Data, "MẬT")), "data.secrecy", func(secrecy.Mark) bool { return false }},
		{"unknown mark", req.Template, string(withSecrecy(t, req.Data, "BÍ MẬT")), "data.secrecy", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Parse(tc.tpl, json.RawMessage(tc.data), tc.sees)
			var ve *kind.ValidationError
			if !errors.As(err, &ve) || ve.Fields[0].Path != tc.path {
				t.Fatalf("got %v, want a refusal naming %s", err, tc.path)
			}
		})
	}
}

func withSecrecy(t *testing.T, data json.RawMessage, mark string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["secrecy"] = mark
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckCopies(t *testing.T) {
	for _, tc := range []struct {
		n  int
		ok bool
	}{
		{0, true}, {1, true}, {MaxCopies, true},
		{-1, false}, {MaxCopies + 1, false},
	} {
		err := CheckCopies(tc.n)
		if tc.ok {
			if err != nil {
				t.Errorf("CheckCopies(%d) = %v", tc.n, err)
			}
			continue
		}
		var ve *kind.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "copies" || ve.Fields[0].Message != "must be between 0 and 100000" {
			t.Errorf("CheckCopies(%d) = %v, want the copies field error", tc.n, err)
		}
	}
}
