package archive

import (
	"regexp"
	"strings"
	"testing"
)

// keySpec is the key syntax as a regular expression, the reference that
// ValidKey's hand-written scanner is checked against.
var keySpec = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}(/[a-z0-9][a-z0-9._-]{0,127}){0,7}$`)

func TestValidKey(t *testing.T) {
	seg := func(n int) string { return "a" + strings.Repeat("b", n-1) }
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"docs/0123abcd/r0001/document.docx", true},
		{"register/tu/tb/2025-10-20/000167", true},
		{"a", true},
		{"a/b/c/d/e/f/g/h", true},
		{"a/b/c/d/e/f/g/h/i", false}, // nine segments
		{seg(128), true},
		{seg(129), false},
		{seg(128) + "/" + seg(128), true},
		{"", false},
		{"/a", false},
		{"a/", false},
		{"a//b", false},
		{".a", false},
		{"a/.b", false},
		{"a/-b", false},
		{"a/_b", false},
		{"a/b.", true},
		{"../a", false},
		{"a/../b", false},
		{"A", false},
		{"a b", false},
		{"a\\b", false},
		{"a\x00", false},
		{"đ", false},
	} {
		if got := ValidKey(tc.key); got != tc.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tc.key, got, tc.want)
		}
		if spec := keySpec.MatchString(tc.key); spec != tc.want {
			t.Errorf("table row %q disagrees with the key syntax", tc.key)
		}
	}
}

// FuzzValidKey checks the scanner against the regular expression.
func FuzzValidKey(f *testing.F) {
	for _, s := range []string{"docs/x/r0001/manifest.json", "a/b", "a//b", ".x", "a/b/c/d/e/f/g/h/i", strings.Repeat("z", 130)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if got, want := ValidKey(key), keySpec.MatchString(key); got != want {
			t.Fatalf("ValidKey(%q) = %v, the key syntax says %v", key, got, want)
		}
	})
}

func BenchmarkValidKey(b *testing.B) {
	const key = "docs/01a2026a8a6ead1014fcdf76/r0001/manifest.json"
	b.Run("scanner", func(b *testing.B) {
		for b.Loop() {
			ValidKey(key)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			keySpec.MatchString(key)
		}
	})
}

func TestValidPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		want   bool
	}{
		{"", true},
		{"docs/", true},
		{"docs/0a", true},
		{"audit/2026-", true},
		{"w/a.", true},
		{"w//", false},
		{"../w/", false},
		{"W/", false},
		{"w/.", false},
		{"a/b/c/d/e/f/g/h/", false},
	} {
		if got := ValidPrefix(tc.prefix); got != tc.want {
			t.Errorf("ValidPrefix(%q) = %v, want %v", tc.prefix, got, tc.want)
		}
	}
}
