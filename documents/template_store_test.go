package documents

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/role"
)

// TestTemplateChangesAudited: adding and deleting a template are audited
// with how they ended: a deletion the archive did not complete as failed,
// never as done, and an upload the archive could not place is answered as
// the archive being unavailable.
func TestTemplateChangesAudited(t *testing.T) {
	arc, ix, reg := openBackends(t, t.TempDir())
	f := &archivetest.Failing{Archive: arc}
	s, err := New(Options{Archive: f, Index: ix, Templates: reg})
	if err != nil {
		t.Fatal(err)
	}
	admin := WithActor(context.Background(), Actor{Name: "quản trị", Role: role.Admin, Clearance: 3})
	docx, err := os.ReadFile("../templates/builtin/thong-bao-ket-luan.docx")
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile("../templates/builtin/thong-bao-ket-luan.json")
	if err != nil {
		t.Fatal(err)
	}
	const name = "thong-bao-van-phong"
	manifest = []byte(strings.Replace(string(manifest), `"thong-bao-ket-luan"`, `"`+name+`"`, 1))

	f.ListErr = func(prefix string) error {
		if prefix == archivekey.Template(name) {
			return archivetest.ErrInjected
		}
		return nil
	}
	if _, err := s.AddTemplate(admin, docx, manifest); !errors.Is(err, archive.ErrUnavailable) || errors.Is(err, ErrConflict) {
		t.Fatalf("upload while the archive cannot list: %v, want it unavailable", err)
	}
	f.ListErr = nil
	if _, err := s.AddTemplate(admin, docx, manifest); err != nil {
		t.Fatal(err)
	}
	f.DeleteErr = func(key string) error {
		if strings.HasSuffix(key, archivekey.TemplateDOCX) {
			return archivetest.ErrInjected
		}
		return nil
	}
	if err := s.RemoveTemplate(admin, name); !errors.Is(err, archive.ErrUnavailable) {
		t.Fatalf("delete while the archive fails: %v", err)
	}
	f.DeleteErr = nil
	if err := s.RemoveTemplate(admin, name); err != nil {
		t.Fatal(err)
	}
	events, _, err := s.AuditLog(admin, AuditParams{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		if ev.Action == audit.ActionTemplateAdd || ev.Action == audit.ActionTemplateDelete {
			got = append(got, string(ev.Action)+" "+string(ev.Result))
		}
	}
	want := []string{
		string(audit.ActionTemplateAdd) + " ok",
		string(audit.ActionTemplateDelete) + " failed",
		string(audit.ActionTemplateDelete) + " ok",
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("audited %q, want %q", got, want)
	}
}
