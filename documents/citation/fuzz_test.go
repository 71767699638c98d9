package citation

import (
	"testing"
	"unicode/utf8"
)

func FuzzExtract(f *testing.F) {
	for _, tc := range specCases {
		f.Add(tc.input)
	}
	for _, tc := range moreCases {
		f.Add(tc.input)
	}
	f.Add(benchText)
	f.Fuzz(func(t *testing.T, text string) {
		refs := Extract(text)
		cleaned := []rune(Clean(text))
		last := 0
		for _, ref := range refs {
			if ref.Start < last || ref.End <= ref.Start || ref.End > len(cleaned) {
				t.Fatalf("Extract(%q): offsets %d..%d out of order or range", text, ref.Start, ref.End)
			}
			last = ref.End
			if string(cleaned[ref.Start:ref.End]) != ref.Raw {
				t.Fatalf("Extract(%q): Raw %q does not match offsets", text, ref.Raw)
			}
			if !utf8.ValidString(ref.Display) || ref.Key == "" {
				t.Fatalf("Extract(%q): bad display %q or key %q", text, ref.Display, ref.Key)
			}
			if msg := roundTrips(ref); msg != "" {
				t.Fatalf("Extract(%q): %s", text, msg)
			}
		}
	})
}
