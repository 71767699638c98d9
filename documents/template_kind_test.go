package documents

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"vanthu/documents/kind"
	"vanthu/documents/role"
)

// TestUploadedNoticeLayout: an administrator may give the notice kind
// another layout with a Word file of its own: documents made from it are
// derived like the built-in notice and number in the same register
// series. A manifest whose fields, type code or placeholders do not fit
// the kind is refused naming what does not fit.
func TestUploadedNoticeLayout(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	admin := WithActor(context.Background(), Actor{Name: "quản trị", Role: role.Admin, Clearance: 3})
	docx, err := os.ReadFile("../templates/builtin/thong-bao-ket-luan.docx")
	if err != nil {
		t.Fatal(err)
	}
	// manifest reports to the test it is given: subtests pass their own.
	manifest := func(t testing.TB, edit func(m map[string]any)) []byte {
		t.Helper()
		b, err := os.ReadFile("../templates/builtin/thong-bao-ket-luan.json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		m["name"], m["title"] = "thong-bao-van-phong", "Thông báo (mẫu của Văn phòng)"
		edit(m)
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tc := range []struct {
		name, path string
		edit       func(m map[string]any)
	}{
		{"another type code", "manifest.type_code", func(m map[string]any) { m["type_code"] = "KL" }},
		{"a field the kind does not have", "manifest.fields", func(m map[string]any) {
			m["fields"] = append(m["fields"].([]any), map[string]any{"name": "colour", "type": "string"})
		}},
		{"an unknown kind", "manifest.kind", func(m map[string]any) { m["kind"] = "minutes" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddTemplate(admin, docx, manifest(t, tc.edit))
			var ve *kind.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) == 0 || ve.Fields[0].Path != tc.path {
				t.Fatalf("got %v, want a refusal naming %s", err, tc.path)
			}
		})
	}
	clerk := WithActor(context.Background(), Actor{Name: "văn thư", Role: role.Clerk})
	if _, err := s.AddTemplate(clerk, docx, manifest(t, func(map[string]any) {})); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a clerk added a template: %v", err)
	}
	m, err := s.AddTemplate(admin, docx, manifest(t, func(map[string]any) {}))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != "notice" {
		t.Errorf("stored kind %q", m.Kind)
	}
	builtin, err := s.Create(admin, noticeRequest(t, func(map[string]any) {}))
	if err != nil {
		t.Fatal(err)
	}
	req := noticeRequest(t, func(d map[string]any) { delete(d, "number") })
	req.Template = "thong-bao-van-phong"
	own, err := s.Create(WithActor(context.Background(), Actor{Name: "lãnh đạo", Role: role.Signer, Clearance: 3}), req)
	if err != nil {
		t.Fatal(err)
	}
	if own.Template != "thong-bao-van-phong" || own.Type != builtin.Type || !strings.HasSuffix(own.Number, "-TB/TU") || own.Ordinal == builtin.Ordinal {
		t.Errorf("issued from the uploaded layout as %s (%s, template %s); the built-in gave %s", own.Number, own.Type, own.Template, builtin.Number)
	}
	if !strings.Contains(own.Text, "Số "+own.Number) || !strings.Contains(own.Text, "I-") {
		t.Errorf("the uploaded layout was not derived like a notice:\n%s", own.Text)
	}
}
