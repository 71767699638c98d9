package templates

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestNewRegistryLoadsBuiltins(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	list := r.List()
	if len(list) == 0 {
		t.Skip("no built-in templates yet")
	}
	if !slices.IsSortedFunc(list, func(a, b Manifest) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("List is not sorted by name")
	}
	for _, m := range list {
		if !m.Builtin {
			t.Errorf("%s: Builtin not set", m.Name)
		}
		tpl, err := r.Get(m.Name)
		if err != nil || tpl.Name() != m.Name {
			t.Errorf("Get(%s): %v", m.Name, err)
		}
	}
}

func TestRegistryFromFS(t *testing.T) {
	docx := docxOf(t, para("{a}"))
	manifest := func(name string) []byte {
		return []byte(fmt.Sprintf(`{"name": %q, "title": "T", "kind": "generic", "fields": [], "placeholders": ["a"]}`, name))
	}
	cases := []struct {
		name   string
		fs     fstest.MapFS
		substr string
	}{
		{"ok", fstest.MapFS{"b/one-tpl.docx": {Data: docx}, "b/one-tpl.json": {Data: manifest("one-tpl")}, "b/.keep": {}}, ""},
		{"empty directory", fstest.MapFS{"b/.keep": {}}, ""},
		{"manifest missing", fstest.MapFS{"b/one-tpl.docx": {Data: docx}}, "the manifest one-tpl.json is missing"},
		{"docx missing", fstest.MapFS{"b/one-tpl.json": {Data: manifest("one-tpl")}}, "one-tpl.docx is missing"},
		{"name mismatch", fstest.MapFS{"b/one-tpl.docx": {Data: docx}, "b/one-tpl.json": {Data: manifest("other")}}, `names the template "other"`},
		{"unknown manifest field", fstest.MapFS{"b/one-tpl.docx": {Data: docx}, "b/one-tpl.json": {Data: []byte(`{"name": "one-tpl", "colour": 1}`)}}, "unknown field"},
		{"bad template", fstest.MapFS{"b/one-tpl.docx": {Data: docxOf(t, para("{b}"))}, "b/one-tpl.json": {Data: manifest("one-tpl")}}, "does not list: {b}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := newRegistry(tc.fs, "b")
			if tc.substr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidTemplate) || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("want ErrInvalidTemplate with %q, got %v (%v)", tc.substr, err, r)
			}
		})
	}
}

func TestRegistryAddGetRemove(t *testing.T) {
	r, err := newRegistry(fstest.MapFS{
		"b/built-in.docx": {Data: docxOf(t, para("{a}"))},
		"b/built-in.json": {Data: []byte(`{"name": "built-in", "title": "T", "placeholders": ["a"]}`)},
	}, "b")
	if err != nil {
		t.Fatal(err)
	}
	upload := rawZip(t, minimalEntries())
	m := testManifest("a")
	m.Name, m.Builtin = "staff-one", true

	if _, err := r.Get("staff-one"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get before Add: %v", err)
	}
	tpl, err := r.Add(upload, m)
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Manifest().Builtin {
		t.Error("an uploaded template is not built-in")
	}
	if got, err := r.Get("staff-one"); err != nil || got != tpl {
		t.Errorf("Get after Add: %v", err)
	}
	if _, err := r.Add(upload, m); !errors.Is(err, ErrExists) {
		t.Errorf("Add twice: %v", err)
	}
	m2 := m
	m2.Name = "built-in"
	if _, err := r.Add(upload, m2); !errors.Is(err, ErrBuiltin) {
		t.Errorf("Add over a built-in: %v", err)
	}
	m3 := m
	m3.Name = "staff-bad"
	if _, err := r.Add([]byte("not a zip"), m3); !errors.Is(err, ErrInvalidTemplate) {
		t.Errorf("Add of a bad file: %v", err)
	}
	if _, err := r.Add(rawZip(t, minimalEntries()), Manifest{Name: "x"}); !errors.Is(err, ErrInvalidTemplate) {
		t.Errorf("Add with a bad manifest: %v", err)
	}
	names := func() []string {
		var out []string
		for _, m := range r.List() {
			out = append(out, m.Name)
		}
		return out
	}
	if got := names(); !slices.Equal(got, []string{"built-in", "staff-one"}) {
		t.Errorf("List: %v", got)
	}
	if err := r.Remove("built-in"); !errors.Is(err, ErrBuiltin) {
		t.Errorf("Remove a built-in: %v", err)
	}
	if err := r.Remove("nothing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove an unknown name: %v", err)
	}
	if err := r.Remove("staff-one"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get("staff-one"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Remove: %v", err)
	}
	if _, err := r.Add(upload, m); err != nil {
		t.Errorf("Add after Remove: %v", err)
	}
}

func TestRegistryConcurrentUse(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	upload := rawZip(t, minimalEntries())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := testManifest("a")
			m.Name = fmt.Sprintf("staff-%d", g)
			for range 3 {
				tpl, err := r.Add(upload, m)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := tpl.Render(Values{"a": m.Name}); err != nil {
					t.Error(err)
				}
				_ = r.List()
				if err := r.Remove(m.Name); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
