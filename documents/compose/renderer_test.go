package compose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"vanthu/documents/kind"
	"vanthu/documents/review"
	"vanthu/templates"
)

// TestRenderer: the offline renderer issues under data.number when it is
// set, renders a draft otherwise, and takes the service's quota defaults.
func TestRenderer(t *testing.T) {
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	r := NewRenderer(reg, kind.Rules{})
	if r.c.Rules != (kind.Rules{QuotaBase: review.QuotaGoodOrAbove, QuotaPercent: review.DefaultCapPercent}) {
		t.Errorf("default rules %+v", r.c.Rules)
	}
	raw, err := os.ReadFile("../../templates/examples/thong-bao-ket-luan.json")
	if err != nil {
		t.Fatal(err)
	}
	var req struct {
		Template string         `json:"template"`
		Data     map[string]any `json:"data"`
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		number any // nil: none
		want   string
		draft  bool
	}{
		{"issued", 167, "167-TB/TU", false},
		{"draft", nil, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			delete(req.Data, "number")
			if tc.number != nil {
				req.Data["number"] = tc.number
			}
			data, err := json.Marshal(req.Data)
			if err != nil {
				t.Fatal(err)
			}
			rec, docx, err := r.Render(req.Template, data)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Number != tc.want || strings.Contains(rec.Text, kind.DraftMark) != tc.draft || len(docx) == 0 {
				t.Errorf("number %q, draft mark %v, %d bytes; want %q, %v", rec.Number, strings.Contains(rec.Text, kind.DraftMark), len(docx), tc.want, tc.draft)
			}
		})
	}
}
