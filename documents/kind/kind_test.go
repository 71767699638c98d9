package kind

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"vanthu/templates"
)

// fieldPaths lists the JSON paths a Go type declares ("issuer.code",
// "sections[].heading"), following embedded structs, pointers, slices and
// the review types.
func fieldPaths(t reflect.Type, prefix string, out *[]string) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
		t, prefix = t.Elem(), prefix+"[]"
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeOf(Date{}) {
		*out = append(*out, prefix)
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			fieldPaths(f.Type, prefix, out)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		fieldPaths(f.Type, p, out)
	}
}

// manifestPaths lists the JSON paths a manifest declares, in the same
// form.
func manifestPaths(fields []templates.Field, prefix string, out *[]string) {
	for _, f := range fields {
		p := f.Name
		if prefix != "" {
			p = prefix + "." + f.Name
		}
		switch {
		case f.Type == templates.TypeObject:
			manifestPaths(f.Fields, p, out)
		case f.Type == templates.TypeList && f.Item != nil && f.Item.Type == templates.TypeObject:
			manifestPaths(f.Item.Fields, p+"[]", out)
		default:
			*out = append(*out, p)
		}
	}
}

// TestBuiltinManifestsMatchTypes: every built-in manifest declares exactly
// the fields of the Go type of its kind, so no field is read under a
// misspelt name and none is dropped.
func TestBuiltinManifestsMatchTypes(t *testing.T) {
	types := map[Kind]reflect.Type{
		KindNotice:       reflect.TypeOf(Notice{}),
		KindReviewReport: reflect.TypeOf(ReviewReport{}),
	}
	files, err := filepath.Glob("../../templates/builtin/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in manifests: %v", err)
	}
	seen := map[Kind]bool{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var m templates.Manifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		typ, ok := types[Of(m)]
		if !ok {
			t.Errorf("%s: kind %q has no Go type", file, m.Kind)
			continue
		}
		seen[Of(m)] = true
		var want, got []string
		fieldPaths(typ, "", &want)
		manifestPaths(m.Fields, "", &got)
		sort.Strings(want)
		sort.Strings(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s declares\n%v\nits Go type %s has\n%v", file, got, typ, want)
		}
	}
	for k := range types {
		if !seen[k] {
			t.Errorf("no built-in manifest of kind %s", k)
		}
	}
}
