// Package archivecheck reads the whole archive back and reports what does
// not hold (vanthu check): manifests, checksums, signatures, the register
// and the audit log, and changes made outside vanthu. [Probe] is its
// quick counterpart, the readiness probe of the archive and the index.
package archivecheck

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/indexsync"
	"vanthu/documents/internal/parallel"
	"vanthu/documents/record"
	"vanthu/documents/register"
	"vanthu/documents/signing"
)

// Problem is one finding of [Checker.Check].
type Problem struct {
	ID     string `json:"id,omitempty"`     // document id, when the problem is a document's
	Number string `json:"number,omitempty"` // its number, when it is issued
	Key    string `json:"key,omitempty"`    // the archive object concerned
	What   string `json:"what"`
}

// Report is the outcome of [Checker.Check].
type Report struct {
	Documents  int `json:"documents"`  // documents with a readable manifest
	Issued     int `json:"issued"`     // of which issued
	Signatures int `json:"signatures"` // signatures verified valid
	Register   int `json:"register"`   // intact register entries
	Audit      int `json:"audit"`      // intact audit events
	// Pending counts documents archived but not yet in the index (the
	// index was unavailable); the service applies them when it can.
	Pending  int       `json:"pending"`
	Problems []Problem `json:"problems"` // empty when the archive is sound
}

// Checker checks one archive.
type Checker struct {
	archive archive.Archive
	trusted []*x509.Certificate
	log     *slog.Logger
	// VerifyPDF checks the signatures of an issued document's archived
	// PDF; nil leaves PDFs to their checksum.
	VerifyPDF PDFVerifier
}

// PDFVerifier checks every signature of a PDF; why says what does not
// hold.
type PDFVerifier func(pdf []byte, trusted []*x509.Certificate) (intact bool, why string)

// New returns a checker of a; signatures verify against trusted.
func New(a archive.Archive, trusted []*x509.Certificate, log *slog.Logger) *Checker {
	if log == nil {
		log = slog.Default()
	}
	return &Checker{archive: a, trusted: trusted, log: log}
}

// checkReaders bounds the documents checked at once.
const checkReaders = 8

// checker collects the findings of one Check.
type checker struct {
	s *Checker

	register map[string]registerEntry // by key; read before the documents, then only read

	mu       sync.Mutex
	rep      Report
	fatalErr error           // the storage became unavailable
	issued   map[string]bool // documents found issued, by id
}

// registerEntry is a register entry as the check read it.
type registerEntry struct {
	res     register.Reservation
	invalid bool  // not valid JSON
	err     error // could not be read
}

// Check reads the whole archive back and reports what does not hold:
//   - every document's newest manifest is readable and intact;
//   - its DOCX matches both the archive's checksum and the manifest's;
//   - an issued document has a signature that verifies against the trusted
//     certificates over exactly that DOCX, and the register entry of its
//     number names it;
//   - every register entry and every audit event is intact;
//   - every issued document has its issue event in the audit log (or
//     waiting in its pending marker), and every issue event its document;
//   - no archived key carries a delete marker or a version vanthu did not
//     write (S3).
//
// It sees every document whatever its secrecy (it is an operator's tool,
// like reindex) and changes nothing. It fails when the archive cannot be
// listed or becomes unavailable; everything else is a Problem.
func (s *Checker) Check(ctx context.Context) (*Report, error) {
	c := &checker{s: s, rep: Report{Problems: []Problem{}}, register: map[string]registerEntry{}, issued: map[string]bool{}}
	// The register first: each issued document is then checked against the
	// entries read here, without reading its entry a second time.
	if err := s.archive.Keys(ctx, archivekey.Register, func(key string) error {
		b, _, err := archive.ReadAll(ctx, s.archive, key)
		var e registerEntry
		switch {
		case err != nil:
			e.err = err
			c.problem(Problem{Key: key}, "", err)
		case json.Unmarshal(b, &e.res) != nil:
			e.invalid = true
			c.rep.Register++
		default:
			c.rep.Register++
		}
		c.register[key] = e
		return nil
	}); err != nil {
		return nil, fmt.Errorf("check: list %s: %w", archivekey.Register, err)
	}
	ids, err := indexsync.DocumentIDs(ctx, s.archive)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	parallel.ForEach(len(ids), checkReaders, func(i int) { c.document(ctx, ids[i]) })
	issueEvents := map[string]bool{} // documents with an "issue ok" event
	if err := s.archive.Keys(ctx, archivekey.Audit, func(key string) error {
		b, _, err := archive.ReadAll(ctx, s.archive, key)
		if err != nil {
			c.problem(Problem{Key: key}, "", err)
			return nil
		}
		c.rep.Audit++
		var ev audit.Event
		if json.Unmarshal(b, &ev) != nil {
			c.problem(Problem{Key: key}, "the audit event is not valid JSON", nil)
			return nil
		}
		if ev.Action == audit.ActionIssue && ev.Result == audit.ResultOK && ev.Document != "" {
			if issueEvents[ev.Document] {
				c.problem(Problem{ID: ev.Document, Key: key}, "a second audit event of the same issuing", nil)
			}
			issueEvents[ev.Document] = true
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("check: list %s: %w", archivekey.Audit, err)
	}
	pendingEvents := map[string]bool{} // documents whose issue event waits in a marker
	if err := s.archive.Keys(ctx, archivekey.Pending, func(key string) error {
		c.rep.Pending++
		if p, err := indexsync.ReadMarker(ctx, s.archive, key); err == nil && p.Event != nil && !p.Deleting {
			pendingEvents[p.ID] = true
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("check: list %s: %w", archivekey.Pending, err)
	}
	for id := range c.issued {
		if !issueEvents[id] && !pendingEvents[id] {
			c.problem(Problem{ID: id}, "issued without its issue event in the audit log", nil)
		}
	}
	for id := range issueEvents {
		if !c.issued[id] {
			c.problem(Problem{ID: id}, "the audit log records an issuing whose document is not in the archive", nil)
		}
	}
	if ar, ok := s.archive.(archive.AnomalyReporter); ok {
		if err := ar.Anomalies(ctx, "", func(an archive.Anomaly) error {
			c.problem(Problem{Key: an.Key}, fmt.Sprintf(
				"changed outside vanthu: %d delete marker(s) and %d later version(s) over the archived version %s (vanthu still reads it)",
				len(an.DeleteMarkers), len(an.ExtraVersions), an.VersionID), nil)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("check: list versions: %w", err)
		}
	}
	if c.fatalErr != nil {
		return nil, fmt.Errorf("check: %w", c.fatalErr)
	}
	sort.Slice(c.rep.Problems, func(i, j int) bool {
		a, b := c.rep.Problems[i], c.rep.Problems[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.What < b.What
	})
	return &c.rep, nil
}

// problem records a finding: what, followed by why err failed when err is
// set. An unavailable storage is not a finding but the end of the check.
func (c *checker) problem(p Problem, what string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if errors.Is(err, archive.ErrUnavailable) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			if c.fatalErr == nil {
				c.fatalErr = err
			}
			return
		}
		switch {
		case errors.Is(err, archive.ErrCorrupt):
			what += "altered after it was stored (" + err.Error() + ")"
		case errors.Is(err, archive.ErrNotFound):
			what += "missing"
		default:
			what += "cannot be read: " + err.Error()
		}
	}
	p.What = what
	c.rep.Problems = append(c.rep.Problems, p)
}

// document checks one document.
func (c *checker) document(ctx context.Context, id string) {
	s := c.s
	rec, err := record.Load(ctx, s.archive, id)
	if errors.Is(err, record.ErrNotFound) {
		return // a draft being written or deleted
	}
	if err != nil {
		c.problem(Problem{ID: id}, "manifest: ", err)
		return
	}
	issued, signed := rec.Status == record.StatusIssued, false
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.rep.Documents++
		if issued {
			c.rep.Issued++
			c.issued[id] = true
		}
		if signed {
			c.rep.Signatures++
		}
	}()
	at := func(key string) Problem { return Problem{ID: id, Number: rec.Number, Key: key} }
	docx, err := s.readVerified(ctx, rec.DOCX)
	if err != nil {
		c.problem(at(rec.DOCX.Key), "DOCX: ", err)
	}
	if !issued {
		return
	}
	switch {
	case rec.Signature == nil:
		c.problem(at(""), "issued without a signature", nil)
	case docx == nil:
		// The DOCX is already reported; there is nothing to verify against.
	default:
		p7s, err := s.readVerified(ctx, *rec.Signature)
		if err != nil {
			c.problem(at(rec.Signature.Key), "signature: ", err)
			break
		}
		v := signing.Verify(docx, p7s, s.trusted)
		switch {
		case !v.Valid:
			c.problem(at(rec.Signature.Key), "signature does not verify: "+v.Error, nil)
		case v.SHA256 != rec.DOCX.SHA256:
			c.problem(at(rec.Signature.Key), "the signature covers another file than the manifest's DOCX", nil)
		default:
			signed = true
		}
	}
	c.checkPDF(ctx, rec, at)
	entry := archivekey.Entry(archivekey.Series(rec.Issuer, rec.Type, rec.Term), rec.Ordinal)
	e, listed := c.register[entry]
	switch {
	case !listed || errors.Is(e.err, archive.ErrNotFound):
		c.problem(at(entry), "its number is missing from the register", nil)
	case e.err != nil:
		c.problem(at(entry), "register entry: ", e.err)
	case e.invalid:
		c.problem(at(entry), "the register entry is not valid JSON", nil)
	case e.res.ID != id:
		c.problem(at(entry), fmt.Sprintf("its number is registered to another document (%s)", e.res.ID), nil)
	}
}

// readVerified is record.ReadVerified; a file that does not match its
// record is also logged for the operator.
func (s *Checker) readVerified(ctx context.Context, f record.FileInfo) ([]byte, error) {
	b, err := record.ReadVerified(ctx, s.archive, f)
	var ce *record.ChecksumError
	if errors.As(err, &ce) {
		s.log.Error("archived file does not match its manifest", "key", ce.Key, "sha256", ce.Got, "want", ce.Want)
	}
	return b, err
}

// checkPDF checks an issued document's archived PDF: read back intact, and
// with every signature valid.
func (c *checker) checkPDF(ctx context.Context, rec *record.Record, at func(string) Problem) {
	if rec.PDF == nil {
		return
	}
	b, err := c.s.readVerified(ctx, *rec.PDF)
	if err != nil {
		c.problem(at(rec.PDF.Key), "PDF: ", err)
		return
	}
	if c.s.VerifyPDF == nil {
		return
	}
	if ok, why := c.s.VerifyPDF(b, c.s.trusted); !ok {
		c.problem(at(rec.PDF.Key), "PDF signatures do not verify: "+why, nil)
	}
}
