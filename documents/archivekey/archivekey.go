// Package archivekey defines, builds and parses every key vanthu writes in
// the archive. The archive is the record: everything else (the index, the
// caches) is derived from it, so its tree is documented here, in one place.
//
//	docs/<id>/r<NNNN>/document.docx       the rendered document of a revision
//	docs/<id>/r<NNNN>/document.docx.p7s   its detached CMS signature (issued)
//	docs/<id>/r<NNNN>/document.pdf        the PAdES-signed PDF/A (issued)
//	docs/<id>/r<NNNN>/draft.pdf           a draft's PDF to sign for approval
//	docs/<id>/r<NNNN>/approval.pdf        that PDF signed by the leader
//	docs/<id>/r<NNNN>/manifest.json       the revision's record, written last;
//	                                      a revision without one does not exist.
//	                                      A fence (a record with "void") in its
//	                                      place means the revision never will.
//	docs/<id>/replaced-by/<new id>        the correction that replaces <id>
//	register/<issuer>/<type>/<term>/<NNNNNN>       a number of the outgoing
//	                                      register, taken by a conditional create
//	register/<issuer>/<type>/<term>/<NNNNNN>-void  the number recorded as void
//	                                      ("số bỏ trống") with its reason
//	pending/<id>-r<NNNN>                  a revision not yet in the index (and
//	                                      the audit event still due)
//	audit/YYYY/MM/DD/<unix nanoseconds>-<random>.json   one audit event
//	idempotency/<sha256 of actor, scope and key>        an Idempotency-Key
//	templates/<name>/r<NNNN>/template.docx              a staff-supplied template
//	templates/<name>/r<NNNN>/manifest.json              and its manifest
//	returns/<id>/definition.json                        a return (báo cáo số liệu)
//	returns/<id>/units/<code>/r<NNNN>/…                 one unit's revision
//	returns/<id>/reports/<document id>.json             a report made from it
//
// Document ids are 24 lower-case hexadecimal digits; issuer and type parts
// of register keys are folded to a-z, 0-9, '-' and '_' ([Part]).
package archivekey

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"vanthu/search/fold"
)

// Top-level prefixes of the archive tree.
const (
	Docs        = "docs/"
	Register    = "register/"
	Pending     = "pending/"
	Audit       = "audit/"
	Idempotency = "idempotency/"
	Templates   = "templates/"
	Returns     = "returns/"
)

// Files of a document revision.
const (
	DOCXFile      = "document.docx"
	SignatureFile = "document.docx.p7s"
	ManifestFile  = "manifest.json"
	PDFFile       = "document.pdf"
	DraftPDFFile  = "draft.pdf"
	ApprovalFile  = "approval.pdf"
	replacedBy    = "replaced-by/"
)

// Doc is the prefix of every key of a document.
func Doc(id string) string { return Docs + id + "/" }

// Rev is the prefix of every file of one revision of a document.
func Rev(id string, rev int) string { return fmt.Sprintf("%s%s/r%04d/", Docs, id, rev) }

// DOCX is the key of a revision's document.
func DOCX(id string, rev int) string { return Rev(id, rev) + DOCXFile }

// Manifest is the key of a revision's manifest.
func Manifest(id string, rev int) string { return Rev(id, rev) + ManifestFile }

// Signature is the key of a revision's signature.
func Signature(id string, rev int) string { return Rev(id, rev) + SignatureFile }

// PDF is the key of a revision's signed PDF/A.
func PDF(id string, rev int) string { return Rev(id, rev) + PDFFile }

// DraftPDF is the key of a draft revision's PDF to sign for approval.
func DraftPDF(id string, rev int) string { return Rev(id, rev) + DraftPDFFile }

// Approval is the key of a draft revision's PDF as signed by the leader.
func Approval(id string, rev int) string { return Rev(id, rev) + ApprovalFile }

// ReplacedBy is the key recording that newID replaces oldID.
func ReplacedBy(oldID, newID string) string { return Doc(oldID) + replacedBy + newID }

// DocKey is a parsed key under docs/.
type DocKey struct {
	ID string
	// Rev and File are set for a revision's file ("document.docx", …).
	Rev  int
	File string
	// ReplacedBy is set for a replaced-by marker.
	ReplacedBy string
}

// IsManifest reports whether the key is a revision's manifest.
func (k DocKey) IsManifest() bool { return k.Rev > 0 && k.File == ManifestFile }

// ParseDoc parses a key under docs/; ok is false for anything else.
func ParseDoc(key string) (k DocKey, ok bool) {
	rest, found := strings.CutPrefix(key, Docs)
	if !found {
		return DocKey{}, false
	}
	id, rest, found := strings.Cut(rest, "/")
	if !found || id == "" {
		return DocKey{}, false
	}
	k.ID = id
	if by, isRepl := strings.CutPrefix(rest, replacedBy); isRepl {
		k.ReplacedBy = by
		return k, by != ""
	}
	dir, file, found := strings.Cut(rest, "/")
	rev, err := revNumber(dir)
	if !found || err != nil {
		return k, true // a key of the document that is no revision's file
	}
	k.Rev, k.File = rev, file
	return k, true
}

// DocID is the document id of a key under docs/, or "".
func DocID(key string) string {
	k, _ := ParseDoc(key)
	return k.ID
}

// revNumber reads "r0001".
func revNumber(dir string) (int, error) {
	digits, ok := strings.CutPrefix(dir, "r")
	if !ok || len(digits) < 4 {
		return 0, fmt.Errorf("%q is not a revision directory", dir)
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q is not a revision directory", dir)
	}
	return n, nil
}

// Part folds an issuer or type code into a key part: a-z, 0-9, '-' and
// '_', anything else '_'.
func Part(s string) string {
	var b strings.Builder
	for _, r := range fold.String(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "_"
	}
	return b.String()
}

// Series is the prefix of one register series: numbers of one issuer, type
// and committee term (its start date, YYYY-MM-DD).
func Series(issuer, typ, term string) string {
	return Register + Part(issuer) + "/" + Part(typ) + "/" + term + "/"
}

// RegisterFilter is the narrowest register prefix for the given filters,
// each of which may be empty; a filter is used only under the ones before
// it.
func RegisterFilter(issuer, typ, term string) string {
	p := Register
	if issuer != "" {
		p += Part(issuer) + "/"
		if typ != "" {
			p += Part(typ) + "/"
			if term != "" {
				p += term + "/"
			}
		}
	}
	return p
}

// Entry is the key of number n in a series.
func Entry(series string, n int) string { return fmt.Sprintf("%s%06d", series, n) }

// VoidSuffix ends the record that turns an existing reservation into a
// void number.
const VoidSuffix = "-void"

// Void is the key of the void record of an entry.
func Void(entry string) string { return entry + VoidSuffix }

// EntryKey is a parsed key under register/.
type EntryKey struct {
	Issuer, Type, Term string // as folded in the key
	Number             int
	// Void marks the void record of the entry; Entry is the entry's key.
	Void  bool
	Entry string
}

// Series is the prefix of the entry's series.
func (e EntryKey) Series() string {
	return Register + e.Issuer + "/" + e.Type + "/" + e.Term + "/"
}

// ParseEntry parses a register key; ok is false for anything that is not
// an entry or a void record.
func ParseEntry(key string) (e EntryKey, ok bool) {
	rest, found := strings.CutPrefix(key, Register)
	if !found {
		return EntryKey{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 {
		return EntryKey{}, false
	}
	e.Issuer, e.Type, e.Term = parts[0], parts[1], parts[2]
	num, isVoid := strings.CutSuffix(parts[3], VoidSuffix)
	n, err := strconv.Atoi(num)
	if err != nil {
		return EntryKey{}, false
	}
	e.Number, e.Void = n, isVoid
	e.Entry = strings.TrimSuffix(key, VoidSuffix)
	return e, true
}

// PendingMarker is the key of the pending marker of a revision.
func PendingMarker(id string, rev int) string { return fmt.Sprintf("%s%s-r%04d", Pending, id, rev) }

// ParsePending reads the document id and revision of a pending marker
// (markers of older versions may lack the revision: rev 0).
func ParsePending(key string) (id string, rev int, ok bool) {
	name, found := strings.CutPrefix(key, Pending)
	if !found || name == "" {
		return "", 0, false
	}
	id, revText, hasRev := strings.Cut(name, "-r")
	if !hasRev {
		return id, 0, true
	}
	rev, err := strconv.Atoi(revText)
	if err != nil {
		return id, 0, true
	}
	return id, rev, true
}

// AuditEvent is the key of an audit event at t; random makes it unique.
func AuditEvent(t time.Time, random string) string {
	t = t.UTC()
	return fmt.Sprintf("%s%s/%020d-%s.json", Audit, t.Format("2006/01/02"), t.UnixNano(), random)
}

// AuditRange is the narrowest prefix holding every event between from and
// to (either may be zero).
func AuditRange(from, to time.Time) string {
	if from.IsZero() || to.IsZero() {
		return Audit
	}
	f, t := from.UTC(), to.UTC()
	switch {
	case f.Year() == t.Year() && f.Month() == t.Month():
		return Audit + f.Format("2006/01/")
	case f.Year() == t.Year():
		return Audit + f.Format("2006/")
	}
	return Audit
}

// AuditDay is the day (UTC) an audit event key is filed under.
func AuditDay(key string) (time.Time, bool) {
	rest, found := strings.CutPrefix(key, Audit)
	if !found || len(rest) < 10 {
		return time.Time{}, false
	}
	day, err := time.Parse("2006/01/02", rest[:10])
	return day, err == nil
}

// IdempotencyRecord is the key of an Idempotency-Key's record, by the
// hexadecimal SHA-256 of its actor, scope and key.
func IdempotencyRecord(hash string) string { return Idempotency + hash }

// Template is the prefix of every revision of a staff-supplied template.
func Template(name string) string { return Templates + name + "/" }

// TemplateRev is the prefix of one revision of a template.
func TemplateRev(name string, rev int) string {
	return fmt.Sprintf("%s%s/r%04d/", Templates, name, rev)
}

// Files of a template revision.
const (
	TemplateDOCX     = "template.docx"
	TemplateManifest = "manifest.json"
)

// TemplateKey is a parsed key under templates/.
type TemplateKey struct {
	Name string
	Rev  int
	File string
}

// ParseTemplate parses a key under templates/.
func ParseTemplate(key string) (TemplateKey, bool) {
	rest, found := strings.CutPrefix(key, Templates)
	if !found {
		return TemplateKey{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return TemplateKey{}, false
	}
	rev, err := revNumber(parts[1])
	if err != nil {
		return TemplateKey{}, false
	}
	return TemplateKey{Name: parts[0], Rev: rev, File: parts[2]}, true
}

// ReturnDefinition is the key of a return's definition.
func ReturnDefinition(id string) string { return Returns + id + "/definition.json" }

// ReturnUnits is the prefix of every unit revision of a return.
func ReturnUnits(id string) string { return Returns + id + "/units/" }

// ReturnUnit is the prefix of one unit's revisions.
func ReturnUnit(id, code string) string { return ReturnUnits(id) + code + "/" }

// ReturnUnitRev is the prefix of one revision of a unit's figures.
func ReturnUnitRev(id, code string, rev int) string {
	return fmt.Sprintf("%sr%04d/", ReturnUnit(id, code), rev)
}

// ReturnReports is the prefix of the report links of a return.
func ReturnReports(id string) string { return Returns + id + "/reports/" }

// ReturnReport is the key linking a return to a report document made
// from it.
func ReturnReport(id, doc string) string { return ReturnReports(id) + doc + ".json" }

// ParseReturn reads the return id and what follows it of a key under
// returns/.
func ParseReturn(key string) (id, rest string, ok bool) {
	r, found := strings.CutPrefix(key, Returns)
	if !found {
		return "", "", false
	}
	id, rest, ok = strings.Cut(r, "/")
	return id, rest, ok
}

// ParseReturnUnit reads the unit code, revision and file of a key under
// ReturnUnits(id).
func ParseReturnUnit(id, key string) (code string, rev int, file string, ok bool) {
	rest, found := strings.CutPrefix(key, ReturnUnits(id))
	if !found {
		return "", 0, "", false
	}
	code, rest, _ = strings.Cut(rest, "/")
	dir, file, found := strings.Cut(rest, "/")
	n, err := revNumber(dir)
	if !found || err != nil {
		return "", 0, "", false
	}
	return code, n, file, true
}
