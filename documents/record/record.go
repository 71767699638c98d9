// Package record is the record of a document revision as the archive keeps
// it (manifest.json beside the DOCX) and its reading back: the latest
// readable revision of a document, and archived files checked against the
// checksums the record holds.
package record

import (
	"encoding/json"
	"time"

	"vanthu/documents/citation"
	"vanthu/documents/kind"
	"vanthu/documents/secrecy"
	"vanthu/search"
	"vanthu/search/fold"
)

// SchemaVersion is the version of the manifest layout written by this build.
const SchemaVersion = 1

// Status is the state of a document revision.
type Status string

// Document statuses.
const (
	StatusDraft  Status = "draft"
	StatusIssued Status = "issued"
)

// Record is the manifest of one document revision, stored as manifest.json
// beside the DOCX in the archive. Everything the index holds is derived from
// it, so `vanthu reindex` needs nothing else.
type Record struct {
	SchemaVersion int          `json:"schema_version"`
	ID            string       `json:"id"`
	Revision      int          `json:"revision"`
	Status        Status       `json:"status"`
	Template      string       `json:"template"`
	Type          string       `json:"type"`      // type code, "TB"
	TypeName      string       `json:"type_name"` // "THÔNG BÁO"
	Issuer        string       `json:"issuer"`    // issuer code, "TU"
	IssuerName    string       `json:"issuer_name"`
	Number        string       `json:"number,omitempty"`  // "167-TB/TU"; empty for drafts
	Ordinal       int          `json:"ordinal,omitempty"` // 167
	Term          string       `json:"term,omitempty"`    // register term, "2020-10-15"
	Date          string       `json:"date"`              // YYYY-MM-DD
	Title         string       `json:"title"`             // trích yếu
	Secrecy       secrecy.Mark `json:"secrecy,omitempty"`
	Urgency       string       `json:"urgency,omitempty"`
	Signer        string       `json:"signer,omitempty"`
	SignerTitle   string       `json:"signer_position,omitempty"`
	Recipients    []string     `json:"recipients,omitempty"`
	Citations     []Citation   `json:"citations"`
	Text          string       `json:"text"` // visible text of the DOCX
	DOCX          FileInfo     `json:"docx"`
	Signature     *FileInfo    `json:"signature,omitempty"`
	PDF           *FileInfo    `json:"pdf,omitempty"` // signed PDF/A of an issued document (package pdfdoc)
	Warnings      []Warning    `json:"warnings"`
	Replaces      string       `json:"replaces,omitempty"`
	// ReplacedBy is not stored in the manifest (which is immutable): it is
	// read from the replaced-by marker written when a correction is issued.
	ReplacedBy string `json:"replaced_by,omitempty"`
	// LastAttempt is the highest revision prefix present in the archive,
	// with or without a manifest (a failed write can leave files behind);
	// set by [Load], never stored.
	LastAttempt int             `json:"-"`
	Copies      int             `json:"copies,omitempty"`
	Notes       string          `json:"notes,omitempty"`
	Data        json.RawMessage `json:"data"`
	CreatedAt   time.Time       `json:"created_at"`
	CreatedBy   string          `json:"created_by,omitempty"`
	IssuedAt    *time.Time      `json:"issued_at,omitempty"`
	IssuedBy    string          `json:"issued_by,omitempty"`
	// Void, set only in a fence, says why the revision can never be
	// written: the reclaim pass stores a fence under the manifest key of an
	// issuing it settles, so that the issuing, if it is still running
	// somewhere, can no longer complete. Readers skip fences.
	Void string `json:"void,omitempty"`
}

// FileInfo locates one archived file of a document.
type FileInfo struct {
	Key       string `json:"key"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	VersionID string `json:"version_id,omitempty"`
}

// Citation is one regulation the document refers to.
type Citation struct {
	Display  string `json:"display"` // "35-CT/TW"
	Key      string `json:"key"`     // "35-ct/tw"
	Kind     string `json:"kind"`
	TypeWord string `json:"type_word,omitempty"`
	Date     string `json:"date,omitempty"`
}

// Warning is a non-blocking remark on the data, e.g. the 20% quota.
type Warning = kind.Warning

// CitationDisplays lists the display forms of the record's citations.
func (r *Record) CitationDisplays() []string {
	out := make([]string, 0, len(r.Citations))
	for _, c := range r.Citations {
		out = append(out, c.Display)
	}
	return out
}

// Entry derives the index entry of a record.
func (r *Record) Entry() search.Entry {
	keys := make([]string, 0, len(r.Citations))
	for _, c := range r.Citations {
		keys = append(keys, c.Key)
	}
	year := 0
	if t, err := time.Parse(time.DateOnly, r.Date); err == nil {
		year = t.Year()
	}
	e := search.Entry{
		ID:       r.ID,
		Number:   r.Number,
		Type:     r.Type,
		Issuer:   r.Issuer,
		Year:     year,
		Date:     r.Date,
		Title:    r.Title,
		Body:     r.Text,
		Cites:    keys,
		Secrecy:  r.Secrecy.Level(),
		Status:   string(r.Status),
		Template: r.Template,
		Signer:   r.Signer,
	}
	if r.Number != "" {
		e.NumberKey = citation.KeyOf(r.Number)
		e.NumberCompact = fold.Compact(r.Number)
	}
	return e
}

// NextRevision is the revision number a new write of the document uses:
// past every revision prefix in the archive, including the leftovers of a
// failed write, so a retry never collides with them.
func (r *Record) NextRevision() int {
	return max(r.Revision, r.LastAttempt) + 1
}
