package citation

import (
	"fmt"
	"slices"
	"testing"
)

// roundTrips reports why ref breaks the round-trip properties of
// the grammar, or "" if it keeps them: for party, legal, admin and letter
// references, the display form extracts to exactly one reference with the
// same display form and key, and the key extracts to the same key; partial
// display forms extract to themselves. Plenum codes are internal and not
// checked.
func roundTrips(ref Ref) string {
	switch ref.Kind {
	case KindParty, KindLegal, KindAdmin, KindLetter:
		got := Extract(ref.Display)
		if len(got) != 1 || got[0].Display != ref.Display || got[0].Key != ref.Key || got[0].Kind != ref.Kind {
			return fmt.Sprintf("Extract(Display %q) = %v, want one %s ref with key %q", ref.Display, describe(got), ref.Kind, ref.Key)
		}
		got = Extract(ref.Key)
		if len(got) != 1 || got[0].Key != ref.Key {
			return fmt.Sprintf("Extract(Key %q) = %v, want the same key", ref.Key, describe(got))
		}
	case KindPartial:
		got := Extract(ref.Display)
		if len(got) != 1 || got[0].Display != ref.Display || got[0].Key != ref.Key {
			return fmt.Sprintf("Extract(Display %q) = %v, want one partial ref with key %q", ref.Display, describe(got), ref.Key)
		}
	}
	return ""
}

func describe(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = string(r.Kind) + " " + r.Display + " " + r.Key
	}
	return out
}

// exampleInputs is the input of every spec and extra case, then benchText.
func exampleInputs() []string {
	var inputs []string
	for _, tc := range specCases {
		inputs = append(inputs, tc.input)
	}
	for _, tc := range moreCases {
		inputs = append(inputs, tc.input)
	}
	return append(inputs, benchText)
}

func TestRoundTripExamples(t *testing.T) {
	inputs := exampleInputs()
	for _, in := range inputs {
		for _, ref := range Extract(in) {
			if msg := roundTrips(ref); msg != "" {
				t.Errorf("from %q: %s", in, msg)
			}
		}
	}
}

// TestRoundTripTables builds numbers of every kind from the code tables and
// checks that each extracts as built and round-trips.
func TestRoundTripTables(t *testing.T) {
	issuers := []string{"TW", "TU", "HU", "ĐU", "ĐUK", "CB", "VPTW", "BTCTW", "BTCTU-BDVTU", "UBKTTU", "BCĐTW"}
	for _, issuer := range issuers {
		for _, typ := range typeCodes {
			for _, n := range []int{1, 9, 10, 99, 167, 15671} {
				display := FormatParty(n, typ, issuer)
				refs := Extract("Số " + display + " ngày 15/5/2016")
				if len(refs) != 1 || refs[0].Kind != KindParty || refs[0].Display != display || refs[0].Date != "2016-05-15" {
					t.Fatalf("Extract(%q) = %v, want party %s", display, describe(refs), display)
				}
				if msg := roundTrips(refs[0]); msg != "" {
					t.Error(msg)
				}
				if got := KeyOf(display); got != refs[0].Key {
					t.Errorf("KeyOf(%q) = %q, want %q", display, got, refs[0].Key)
				}
			}
		}
	}
	codes := slices.Sorted(func(yield func(string) bool) {
		for _, d := range typeCodes {
			if !yield(d) {
				return
			}
		}
	})
	for _, typ := range codes {
		for _, s := range []struct {
			text string
			kind Kind
		}{
			{"05/2023/" + typ + "-BNV", KindLegal},
			{"439/" + typ + "-TTg", KindAdmin},
			{"12/" + typ + "-UBND", KindAdmin},
		} {
			refs := Extract(s.text)
			if len(refs) != 1 || refs[0].Kind != s.kind || refs[0].Display != s.text {
				t.Errorf("Extract(%q) = %v, want %s %s", s.text, describe(refs), s.kind, s.text)
				continue
			}
			if msg := roundTrips(refs[0]); msg != "" {
				t.Error(msg)
			}
		}
	}
	for _, w := range typeWords {
		display := w.display + " 5155"
		refs := Extract(display)
		if len(refs) != 1 || refs[0].Kind != KindPartial || refs[0].Display != display {
			t.Errorf("Extract(%q) = %v, want partial %s", display, describe(refs), display)
			continue
		}
		if msg := roundTrips(refs[0]); msg != "" {
			t.Error(msg)
		}
	}
}
