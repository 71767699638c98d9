package statcheck

import (
	"sort"
)

// Claim kinds.
const (
	KindRatioShare = "ratio_share" // "a/b …, chiếm x%"
	KindChildShare = "child_share" // "(trong đó có c …, chiếm y%)", over the parent's count
	KindCountShare = "count_share" // "a …, chiếm x%", over the total stated before
	KindTotal      = "total"       // a statement that sets the base of later figures
	KindSum        = "sum"         // level counts against their total
	KindChange     = "change"      // "giảm 2 đồng chí, tỷ lệ 3,92%", or a change against last year's figure
	KindTableShare = "table_share" // a share in a row of a table, over the table's base
	KindTableSum   = "table_sum"   // the rows of a table against its total row
)

// Verdicts.
const (
	VerdictOK           = "ok"
	VerdictWrong        = "wrong"
	VerdictUnverifiable = "unverifiable"
)

// Claim is one figure found in the text and its verdict.
//
// For shares, Part and Whole are the counts the share was recomputed from,
// Stated is the share as written (normalised to "94,54%") and Computed the
// exact share rounded half-up to as many decimals as Stated has. For totals,
// Stated is the statement's figure ("118/120" or "36.449") and Computed the
// check made, if any. For sums, Part is the addition ("19 + 88 + 9 + 1"),
// Whole and Stated the total, Computed the sum. Message explains the
// verdict in Vietnamese.
type Claim struct {
	Text     string `json:"text"`  // the excerpt, Text == text[Start:End]
	Start    int    `json:"start"` // byte offsets into the checked text
	End      int    `json:"end"`
	Kind     string `json:"kind"`
	Level    string `json:"level,omitempty"` // excellent, good, completed, not_completed, good_or_above, completed_or_above
	Part     string `json:"part,omitempty"`
	Whole    string `json:"whole,omitempty"`
	Stated   string `json:"stated,omitempty"`
	Computed string `json:"computed,omitempty"`
	Verdict  string `json:"verdict"`
	Message  string `json:"message"`
}

// Summary counts the claims by verdict.
type Summary struct {
	OK           int `json:"ok"`
	Wrong        int `json:"wrong"`
	Unverifiable int `json:"unverifiable"`
}

// Report is the result of [Check]: the claims in text order and their
// counts by verdict.
type Report struct {
	Claims  []Claim `json:"claims"`
	Summary Summary `json:"summary"`
	// Text is the text the offsets point into when it is not the text
	// given: the text [CheckDOCX] read from the document.
	Text string `json:"text,omitempty"`
}

// Check finds the figures of text and checks them. It never fails: what it
// cannot read it leaves out or reports as unverifiable.
func Check(text string) Report {
	doc := newDocument(text)
	r := newResolver(doc)
	r.run()
	claims := r.claims
	for i := range claims {
		claims[i].Start, claims[i].End = doc.original(claims[i].Start, claims[i].End)
		claims[i].Text = text[claims[i].Start:claims[i].End]
	}
	sort.SliceStable(claims, func(i, j int) bool {
		if claims[i].Start != claims[j].Start {
			return claims[i].Start < claims[j].Start
		}
		return claims[i].End < claims[j].End
	})
	rep := Report{Claims: claims}
	if rep.Claims == nil {
		rep.Claims = []Claim{}
	}
	for _, c := range claims {
		switch c.Verdict {
		case VerdictOK:
			rep.Summary.OK++
		case VerdictWrong:
			rep.Summary.Wrong++
		default:
			rep.Summary.Unverifiable++
		}
	}
	return rep
}
