package returns

import (
	"errors"
	"time"

	"vanthu/documents/review"
	"vanthu/documents/statcheck"
)

// Unit is a lower unit expected to return its figures. Code names it in
// URLs and archive keys; Name is printed ("Huyện ủy Mai Châu").
type Unit struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// CategoryDef is a category of the review report every unit returns.
type CategoryDef struct {
	Label string `json:"label"`
	Group string `json:"group"`
}

// Definition is a return: the year, a title, the units expected and the
// categories of the report.
type Definition struct {
	ID         string        `json:"id"`
	Year       int           `json:"year"`
	Title      string        `json:"title"`
	Units      []Unit        `json:"units"`
	Categories []CategoryDef `json:"categories"`
	CreatedAt  time.Time     `json:"created_at"`
	CreatedBy  string        `json:"created_by"`
}

// Unit returns the unit with the given code.
func (d *Definition) Unit(code string) (Unit, bool) {
	for _, u := range d.Units {
		if u.Code == code {
			return u, true
		}
	}
	return Unit{}, false
}

// Sources of a revision.
const (
	SourceJSON = "json"
	SourceXLSX = "xlsx"
	SourceDOCX = "docx"
	SourceText = "text"
)

// States of a unit.
const (
	StateMissing  = "missing"  // nothing received yet
	StateReceived = "received" // figures validated
	StateBlocked  = "blocked"  // figures received but not usable until corrected
)

// Issue names a problem by its field path; an alias of review.Issue.
type Issue = review.Issue

// Figure says where a figure taken from a text came from: Path is its
// field ("categories[1].excellent"), Start and End byte offsets into the
// revision's Text and Excerpt the text there. A derived figure (good =
// good or above − excellent) has Derived set and the span of its sources.
type Figure struct {
	Path    string `json:"path"`
	Value   int64  `json:"value"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Excerpt string `json:"excerpt"`
	Derived string `json:"derived,omitempty"`
}

// FileRef describes the file a revision was read from, kept in the archive.
type FileRef struct {
	Key    string `json:"key"`
	Name   string `json:"name,omitempty"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Revision is one submission of a unit's figures. Categories are in the
// order of the definition; when Blocked is not empty they may be
// incomplete and the unit does not count in the consolidation. Text is the
// text the figures were taken from (docx and text sources), Figures where
// each came from, Findings the checker's claims on it.
type Revision struct {
	Return     string             `json:"return"`
	Unit       string             `json:"unit"`
	Revision   int                `json:"revision"`
	Source     string             `json:"source"`
	File       *FileRef           `json:"file,omitempty"`
	Categories []review.Category  `json:"categories"`
	Blocked    []Issue            `json:"blocked,omitempty"`
	Figures    []Figure           `json:"figures,omitempty"`
	Findings   []statcheck.Claim  `json:"findings,omitempty"`
	Summary    *statcheck.Summary `json:"findings_summary,omitempty"`
	Text       string             `json:"text,omitempty"`
	CreatedAt  time.Time          `json:"created_at"`
	CreatedBy  string             `json:"created_by"`
}

// State is received or blocked.
func (r *Revision) State() string {
	if len(r.Blocked) > 0 {
		return StateBlocked
	}
	return StateReceived
}

// ErrNotFound is returned for an unknown return or unit.
var ErrNotFound = errors.New("returns: not found")
