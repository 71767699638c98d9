package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltinsUpToDate fails when templates/builtin differs from what the
// generator writes: regenerate with "go run ./templates/gen".
func TestBuiltinsUpToDate(t *testing.T) {
	for _, tpl := range builtins() {
		docx, manifestJSON, err := tpl.build()
		if err != nil {
			t.Fatalf("%s: %v", tpl.manifest.Name, err)
		}
		again, _, err := tpl.build()
		if err != nil || !bytes.Equal(docx, again) {
			t.Errorf("%s: output is not deterministic", tpl.manifest.Name)
		}
		for ext, want := range map[string][]byte{".docx": docx, ".json": manifestJSON} {
			got, err := os.ReadFile(filepath.Join("..", "builtin", tpl.manifest.Name+ext))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s%s is stale: run go run ./templates/gen", tpl.manifest.Name, ext)
			}
		}
	}
}

func TestCheckPlaceholders(t *testing.T) {
	doc := func(texts ...string) string {
		var b strings.Builder
		for _, s := range texts {
			b.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + s + `</w:t></w:r></w:p>`)
		}
		return b.String()
	}
	cases := []struct {
		name string
		doc  string
		want []string
		ok   bool
	}{
		{"match", doc("{a}", "{#s}", "{s.b}- {s.c}", "{/s}"), []string{"a", "s.b", "s.c"}, true},
		{"missing from manifest", doc("{a}", "{b}"), []string{"a"}, false},
		{"missing from document", doc("{a}"), []string{"a", "b"}, false},
		{"split placeholder", doc("{a", "}"), []string{"a"}, false},
		{"double brace", doc("{{a}}"), []string{"a"}, false},
		{"marker with text", doc("x {#s}", "{/s}"), nil, false},
		{"unclosed block", doc("{#s}", "{s.a}"), []string{"s.a"}, false},
		{"crossed blocks", doc("{#s}", "{#t}", "{/s}", "{/t}"), nil, false},
		{"bad name", doc("{A b}"), []string{"A b"}, false},
	}
	for _, tc := range cases {
		err := checkPlaceholders(tc.doc, tc.want)
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}
