package templatestore

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// uploadName names the uploaded template of the tests: the built-in notice
// under another name, a layout of the notice kind.
const uploadName = "thong-bao-van-phong"

// newStore returns a store over a failing wrapper of a fresh archive; the
// unwrapped archive is returned too, to look at what was stored.
func newStore(t *testing.T) (*Store, *archivetest.Failing, archive.Archive) {
	t.Helper()
	arc, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arc.Close() })
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	f := &archivetest.Failing{Archive: arc}
	return New(f, reg, nil), f, arc
}

// upload returns the Word file and manifest of the uploaded notice layout.
func upload(t *testing.T) (docx, manifest []byte) {
	t.Helper()
	docx, err := os.ReadFile("../../templates/builtin/thong-bao-ket-luan.docx")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../templates/builtin/thong-bao-ket-luan.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["name"], m["title"] = uploadName, "Thông báo (mẫu của Văn phòng)"
	if manifest, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	return docx, manifest
}

// storedKeys lists the keys of the template's files in a.
func storedKeys(t *testing.T, a archive.Archive, name string) []string {
	t.Helper()
	var keys []string
	if err := a.Keys(context.Background(), archivekey.Template(name), func(k string) error {
		keys = append(keys, k)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestAddListingFails: when the archive cannot list a template's
// revisions, the upload is refused as the archive being unavailable (HTTP
// 503), whatever error the driver gave: revision 1 is not guessed, which
// would collide with a stored file and read as a conflict (HTTP 409).
// Nothing is stored or registered; once the listing works the upload takes
// the next free revision.
func TestAddListingFails(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"archive unavailable", archivetest.ErrInjected},
		{"other driver error", errors.New("readdir templates: input/output error")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f, arc := newStore(t)
			ctx := context.Background()
			docx, manifest := upload(t)
			// An earlier upload stopped after its Word file: revision 1 is taken.
			left := archivekey.TemplateRev(uploadName, 1) + archivekey.TemplateDOCX
			if _, err := arc.Create(ctx, left, docx, archive.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			f.ListErr = func(prefix string) error {
				if strings.HasPrefix(prefix, archivekey.Templates) {
					return tc.err
				}
				return nil
			}
			_, err := s.Add(ctx, docx, manifest)
			if !errors.Is(err, archive.ErrUnavailable) || errors.Is(err, archive.ErrExists) || errors.Is(err, templates.ErrExists) {
				t.Fatalf("upload while the listing fails: %v, want an error wrapping archive.ErrUnavailable only", err)
			}
			if tc.err != archivetest.ErrInjected && !errors.Is(err, tc.err) {
				t.Errorf("the driver's error is not kept: %v", err)
			}
			if _, err := s.registry.Get(uploadName); !errors.Is(err, templates.ErrNotFound) {
				t.Errorf("a template that was not stored is registered: %v", err)
			}
			if keys := storedKeys(t, arc, uploadName); len(keys) != 1 || keys[0] != left {
				t.Errorf("stored %v, want only %s", keys, left)
			}

			f.ListErr = nil
			if _, err := s.Add(ctx, docx, manifest); err != nil {
				t.Fatalf("upload once the listing works: %v", err)
			}
			want := archivekey.TemplateRev(uploadName, 2) + archivekey.TemplateManifest
			if keys := storedKeys(t, arc, uploadName); !strings.Contains(strings.Join(keys, " "), want) {
				t.Errorf("stored %v, want revision 2 (%s)", keys, want)
			}
		})
	}
}

// TestRemoveFails: a deletion the archive does not complete is an error
// (the service audits it as failed) and the template stays registered;
// the error reads as the archive being unavailable when its files could
// not be listed. Once the archive works, the deletion completes.
func TestRemoveFails(t *testing.T) {
	injected := func(suffix string) func(string) error {
		return func(key string) error {
			if strings.HasSuffix(key, suffix) {
				return archivetest.ErrInjected
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name            string
		listErr, delErr func(string) error
		unavailable     bool // the error wraps archive.ErrUnavailable
	}{
		{name: "manifest not deleted", delErr: injected(archivekey.TemplateManifest), unavailable: true},
		{name: "Word file not deleted", delErr: injected(archivekey.TemplateDOCX), unavailable: true},
		{name: "Word file refused", delErr: func(key string) error {
			if strings.HasSuffix(key, archivekey.TemplateDOCX) {
				return archive.ErrProtected
			}
			return nil
		}},
		{name: "files not listed", unavailable: true, listErr: func(prefix string) error {
			if prefix == archivekey.Template(uploadName) {
				return errors.New("list: connection reset by peer")
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f, arc := newStore(t)
			ctx := context.Background()
			docx, manifest := upload(t)
			if _, err := s.Add(ctx, docx, manifest); err != nil {
				t.Fatal(err)
			}
			f.ListErr, f.DeleteErr = tc.listErr, tc.delErr
			err := s.Remove(ctx, uploadName)
			if err == nil {
				t.Fatal("a deletion that failed gave no error")
			}
			if got := errors.Is(err, archive.ErrUnavailable); got != tc.unavailable {
				t.Errorf("error %v: wraps archive.ErrUnavailable %v, want %v", err, got, tc.unavailable)
			}
			if _, err := s.registry.Get(uploadName); err != nil {
				t.Errorf("the template left the registry although its files were not deleted: %v", err)
			}
			f.ListErr, f.DeleteErr = nil, nil
			if err := s.Remove(ctx, uploadName); err != nil {
				t.Fatalf("delete once the archive works: %v", err)
			}
			if keys := storedKeys(t, arc, uploadName); len(keys) != 0 {
				t.Errorf("left %v", keys)
			}
			if _, err := s.registry.Get(uploadName); !errors.Is(err, templates.ErrNotFound) {
				t.Errorf("still registered: %v", err)
			}
		})
	}
}

// TestLoad: templates stored by one store are registered by Load of
// another over the same archive (a restart), in their latest revision.
func TestLoad(t *testing.T) {
	s, _, arc := newStore(t)
	ctx := context.Background()
	docx, manifest := upload(t)
	if _, err := s.Add(ctx, docx, manifest); err != nil {
		t.Fatal(err)
	}
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	n, err := New(arc, reg, nil).Load(ctx)
	if err != nil || n != 1 {
		t.Fatalf("load: %d %v, want 1", n, err)
	}
	tpl, err := reg.Get(uploadName)
	if err != nil || tpl.Manifest().Builtin || tpl.Manifest().Kind != "notice" {
		t.Fatalf("loaded %v %v", tpl, err)
	}
}

// TestAddRefusals: what an upload may not be, each refused by its own
// error and nothing stored.
func TestAddRefusals(t *testing.T) {
	docx, manifest := upload(t)
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(manifest, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name     string
		manifest []byte
		want     func(error) bool
	}{
		{"unknown field", edit(func(m map[string]any) { m["colour"] = "red" }), isInvalid("manifest")},
		{"another type code", edit(func(m map[string]any) { m["type_code"] = "KL" }), isInvalid("manifest.type_code")},
		{"an unknown kind", edit(func(m map[string]any) { m["kind"] = "minutes" }), isInvalid("manifest.kind")},
		{"generic without the standard fields", edit(func(m map[string]any) {
			m["kind"], m["fields"] = "generic", []any{map[string]any{"name": "title", "type": "string", "required": true}}
		}), isInvalid("manifest.fields")},
		{"a built-in's name", edit(func(m map[string]any) { m["name"] = "thong-bao-ket-luan" }), func(err error) bool { return errors.Is(err, templates.ErrBuiltin) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, arc := newStore(t)
			if _, err := s.Add(context.Background(), docx, tc.manifest); !tc.want(err) {
				t.Errorf("got %v", err)
			}
			if keys := storedKeys(t, arc, uploadName); len(keys) != 0 {
				t.Errorf("stored %v", keys)
			}
		})
	}
	t.Run("the same name twice", func(t *testing.T) {
		s, _, _ := newStore(t)
		if _, err := s.Add(context.Background(), docx, manifest); err != nil {
			t.Fatal(err)
		}
		_, err := s.Add(context.Background(), docx, manifest)
		var ee *ExistsError
		if !errors.As(err, &ee) || ee.Name != uploadName || !errors.Is(err, templates.ErrExists) {
			t.Errorf("got %v, want an *ExistsError", err)
		}
	})
}

func isInvalid(path string) func(error) bool {
	return func(err error) bool {
		var v *kind.ValidationError
		return errors.As(err, &v) && len(v.Fields) > 0 && v.Fields[0].Path == path
	}
}
