package citation

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
)

// A direct transcription of the grammar: unanchored patterns searched over
// the whole masked copy. Extract must give the same references; it only
// restricts where patterns are tried.
var (
	refLegal   = regexp.MustCompile(srcLegal)
	refLaw     = regexp.MustCompile(srcLaw)
	refParty   = regexp.MustCompile(srcParty)
	refParty0  = regexp.MustCompile(srcParty0)
	refAdmin   = regexp.MustCompile(srcAdmin)
	refPlenum  = regexp.MustCompile(srcPlenum)
	refPartial = regexp.MustCompile(srcPartialPrefix + reNum)
)

func extractReference(text string) []Ref {
	cr := cleanRunes(text)
	if len(cr) == 0 {
		return nil
	}
	fb := foldCopy(cr)
	x := &extractor{cr: cr, fb: fb, mb: slices.Clone(fb)}
	x.scanAll(refLegal, x.takeLegal)
	x.scanAll(refLaw, x.takeLaw)
	x.scanAll(refParty, x.takeParty)
	x.scanAll(refParty0, x.takeParty0)
	x.scanAll(refAdmin, x.takeAdmin)
	x.scanAll(refPlenum, x.takePlenum)
	x.scanAll(refPartial, x.takePartial)
	slices.SortFunc(x.refs, func(a, b Ref) int { return a.Start - b.Start })
	return x.refs
}

// scanAll searches re leftmost over the masked copy, resuming after each
// accepted match and one rune further after each rejected one.
func (x *extractor) scanAll(re *regexp.Regexp, take func(m []int) (Ref, bool)) {
	for pos := 0; pos < len(x.mb); {
		m := re.FindSubmatchIndex(x.mb[pos:])
		if m == nil {
			return
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += pos
			}
		}
		ref, ok := take(m)
		if !ok {
			pos = m[0] + 1
			continue
		}
		x.accept(ref)
		pos = ref.End
	}
}

func TestExtractMatchesReference(t *testing.T) {
	inputs := exampleInputs()
	for _, in := range inputs {
		if got, want := Extract(in), extractReference(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Extract(%q) = %v, reference gives %v", in, describe(got), describe(want))
		}
	}
}

// FuzzExtractReference checks Extract against the direct transcription of
// the grammar on inputs where references are of ordinary length.
func FuzzExtractReference(f *testing.F) {
	for _, tc := range specCases {
		f.Add(tc.input)
	}
	for _, tc := range moreCases {
		f.Add(tc.input)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := Extract(text), extractReference(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Extract(%q) = %v, reference gives %v", text, describe(got), describe(want))
		}
	})
}
