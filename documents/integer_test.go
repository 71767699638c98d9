package documents

import (
	"context"
	"testing"
	"vanthu/documents/kind"
	"vanthu/documents/role"
)

// TestManualNumberSpellings: a manual number written as 1e2, 200.0 or 3E2
// is that whole number, in validation and in use alike; a fraction is a 422
// naming the field. Never a silent automatic number.
func TestManualNumberSpellings(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	ctx := WithActor(context.Background(), Actor{Name: "quản trị", Role: role.Admin})
	for _, tc := range []struct {
		raw, want string
	}{
		{"1e2", "100-TB/TU"},
		{"200.0", "200-TB/TU"},
		{"3E2", "300-TB/TU"},
		{"2.5E2", "250-TB/TU"},
		{"12.5", ""},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			req := noticeRequest(t, func(d map[string]any) { d["number"] = "NUMBER" })
			req.Data = []byte(replaceOnce(string(req.Data), `"NUMBER"`, tc.raw))
			rec, err := s.Create(ctx, req)
			if tc.want == "" {
				ve, ok := err.(*kind.ValidationError)
				if !ok || len(ve.Fields) == 0 || ve.Fields[0].Path != "data.number" {
					t.Fatalf("number %s: got %v (%+v), want a 422 naming data.number", tc.raw, err, rec)
				}
				return
			}
			if err != nil {
				t.Fatalf("number %s: %v", tc.raw, err)
			}
			if rec.Number != tc.want || len(rec.Warnings) != 0 {
				t.Errorf("number %s: issued as %s (warnings %v), want %s", tc.raw, rec.Number, rec.Warnings, tc.want)
			}
		})
	}
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}
