package kind

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"vanthu/templates"
)

// TestBuiltinManifestsMatchTypes: every built-in manifest declares exactly
// the fields of the Go type of its kind, so no field is read under a
// misspelt name and none is dropped; a manifest with a field renamed or
// added is refused naming it.
func TestBuiltinManifestsMatchTypes(t *testing.T) {
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
		if _, ok := typeOf[Of(m)]; !ok {
			t.Errorf("%s: kind %q has no Go type", file, m.Kind)
			continue
		}
		seen[Of(m)] = true
		if err := CheckFields(m); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		renamed := m
		renamed.Fields = append([]templates.Field{}, m.Fields...)
		renamed.Fields[0].Name = "issuer_"
		renamed.Fields = append(renamed.Fields, templates.Field{Name: "colour", Type: templates.TypeString})
		if err := CheckFields(renamed); err == nil {
			t.Errorf("%s: a renamed and an added field were accepted", file)
		}
	}
	for k := range typeOf {
		if !seen[k] {
			t.Errorf("no built-in manifest of kind %s", k)
		}
	}
}
