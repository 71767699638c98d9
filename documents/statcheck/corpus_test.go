package statcheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/vnformat"
)

// corpusFile is one published report of testdata/corpus and its figures,
// labelled by hand in labels.json.
type corpusFile struct {
	File   string        `json:"file"`
	URL    string        `json:"url"`
	Level  string        `json:"level"`
	Claims []corpusLabel `json:"claims"`
}

// corpusLabel is one numeric claim of a corpus text. Anchor is a unique
// excerpt: for shares and changes it ends with the stated "%", for sums
// and totals it starts at the first figure.
type corpusLabel struct {
	Kind    string  `json:"kind"` // share, change, sum, total
	Anchor  string  `json:"anchor"`
	Part    int64   `json:"part"`
	Parts   []int64 `json:"parts"`
	Base    int64   `json:"base"`
	Stated  string  `json:"stated"`
	Verdict string  `json:"verdict"`
	Correct string  `json:"correct"` // the correct value of a wrong claim
	Cause   string  `json:"cause"`
	Why     string  `json:"why"`
}

// Minimum figures on the corpus; raise them when the checker improves.
const (
	corpusMinFound   = 74
	corpusMinCorrect = 74
)

// corpusScore is what the README reports for the corpus.
type corpusScore struct {
	texts, labelled, slips int
	found, correct         int
	falseAlarms, caught    int
}

func loadCorpus(t *testing.T) []corpusFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var files []corpusFile
	if err := json.Unmarshal(b, &files); err != nil {
		t.Fatalf("labels.json: %v", err)
	}
	return files
}

// matchClaim finds the checker's claim for a label: a share or change
// whose excerpt covers the stated "%", or a sum or total whose excerpt
// covers the first figure.
func matchClaim(rep Report, l corpusLabel, at int) (Claim, bool) {
	pos := at
	if l.Kind == "share" || l.Kind == "change" {
		pos = at + len(l.Anchor) - 1
	}
	for _, c := range rep.Claims {
		var kindOK bool
		switch l.Kind {
		case "share", "change":
			kindOK = c.Kind == KindRatioShare || c.Kind == KindChildShare || c.Kind == KindCountShare || c.Kind == KindChange || c.Kind == KindTableShare
		case "sum":
			kindOK = c.Kind == KindSum || c.Kind == KindTableSum
		case "total":
			kindOK = c.Kind == KindTotal
		}
		if !kindOK || pos < c.Start || pos >= c.End {
			continue
		}
		switch {
		case l.Parts != nil && !sameTerms(c.Part, l.Parts) && c.Part != vnformat.Int(l.Parts[0]):
			continue // another sum or total covering the same words
		case l.Stated != "" && c.Stated != "" && c.Stated != l.Stated:
			continue
		case l.Part != 0 && c.Part != vnformat.Int(l.Part):
			continue
		}
		return c, true
	}
	return Claim{}, false
}

// sameTerms reports whether the addition "a + b + c" has the terms vs,
// in any order.
func sameTerms(expr string, vs []int64) bool {
	got := strings.Split(expr, " + ")
	want := make([]string, len(vs))
	for i, v := range vs {
		want[i] = vnformat.Int(v)
	}
	sort.Strings(got)
	sort.Strings(want)
	return strings.Join(got, "+") == strings.Join(want, "+")
}

// TestCorpus runs the checker over published reports and compares every
// claim with its hand label: no correct figure may be called wrong, and
// every labelled slip must be caught with its correct value.
func TestCorpus(t *testing.T) {
	var s corpusScore
	for _, f := range loadCorpus(t) {
		b, err := os.ReadFile(filepath.Join("testdata", "corpus", f.File))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if !norm.NFC.IsNormalString(text) || !strings.HasPrefix(text, "Nguồn: "+f.URL+"\n") {
			t.Errorf("%s: not NFC or does not start with its source address", f.File)
		}
		s.texts++
		rep := checked(t, text)
		type claimKey struct {
			start, end int
			kind       string
		}
		labelledWrong := map[claimKey]bool{} // every wrong claim already counted
		for _, l := range f.Claims {
			s.labelled++
			if strings.Count(text, l.Anchor) != 1 {
				t.Errorf("%s: anchor %q is not unique", f.File, l.Anchor)
				continue
			}
			at := strings.Index(text, l.Anchor)
			c, found := matchClaim(rep, l, at)
			if l.Verdict == VerdictWrong {
				s.slips++
			}
			if !found {
				t.Logf("%s: not found: %s %q (%s)", f.File, l.Kind, l.Anchor, l.Verdict)
				if l.Verdict == VerdictWrong {
					t.Errorf("%s: slip not found: %q (correct %s)", f.File, l.Anchor, l.Correct)
				}
				continue
			}
			s.found++
			if c.Verdict == l.Verdict {
				s.correct++
			} else {
				t.Logf("%s: %q labelled %s, checker %s: %s", f.File, l.Anchor, l.Verdict, c.Verdict, c.Message)
			}
			switch {
			case l.Verdict == VerdictWrong && c.Verdict == VerdictWrong:
				labelledWrong[claimKey{c.Start, c.End, c.Kind}] = true
				if c.Computed != l.Correct {
					t.Errorf("%s: slip %q computed %s, labelled %s", f.File, l.Anchor, c.Computed, l.Correct)
				} else {
					s.caught++
				}
			case l.Verdict == VerdictWrong:
				t.Errorf("%s: slip missed: %q is %s: %s", f.File, l.Anchor, c.Verdict, c.Message)
			case c.Verdict == VerdictWrong:
				labelledWrong[claimKey{c.Start, c.End, c.Kind}] = true // counted here, not again below
				s.falseAlarms++
				t.Errorf("%s: false alarm on %q (labelled %s): %s", f.File, l.Anchor, l.Verdict, c.Message)
			}
		}
		for _, c := range rep.Claims {
			if c.Verdict == VerdictWrong && !labelledWrong[claimKey{c.Start, c.End, c.Kind}] {
				s.falseAlarms++
				t.Errorf("%s: false alarm on an unlabelled claim %q: %s", f.File, c.Text, c.Message)
			}
		}
	}
	t.Logf("corpus: %d texts, %d labelled claims (%d slips); checker found %d, correct verdicts %d, false alarms %d, slips caught %d/%d",
		s.texts, s.labelled, s.slips, s.found, s.correct, s.falseAlarms, s.caught, s.slips)
	if s.texts < 20 {
		t.Errorf("corpus has %d texts, want at least 20", s.texts)
	}
	if s.found < corpusMinFound || s.correct < corpusMinCorrect {
		t.Errorf("found %d, correct %d; want at least %d and %d", s.found, s.correct, corpusMinFound, corpusMinCorrect)
	}
}
