package documents

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/citation"
	"vanthu/search"
	"vanthu/templates"

	"golang.org/x/text/unicode/norm"
)

// Signer signs the bytes of an issued document (detached CMS).
type Signer interface {
	Sign(content []byte, at time.Time) ([]byte, error)
}

// Options configures a Service. Archive, Index and Templates are required.
type Options struct {
	Archive   archive.Archive
	Index     search.Index
	Templates *templates.Registry
	Signer    Signer // nil: issued documents are not signed
	// LegalHold also places a legal hold on issued documents (S3).
	LegalHold bool
	// Trusted are the certificates signatures verify against.
	Trusted []*x509.Certificate
	Logger  *slog.Logger
	// QuotaBase and QuotaPercent configure the "hoàn thành xuất sắc" quota
	// check of review reports: "good_or_above" (default) or "good_only", 20%.
	QuotaBase    string
	QuotaPercent int
	// Terms are the start dates (YYYY-MM-DD) of the committee terms that the
	// register numbers within.
	Terms []string
	// RetryInterval is how often pending index entries are retried.
	RetryInterval time.Duration
	// ReclaimAfter is how old a register reservation without its issued
	// document must be before the reclaim pass settles it (default 2
	// minutes); ReclaimInterval is how often the pass runs (default 1
	// minute).
	ReclaimAfter, ReclaimInterval time.Duration
	// Now returns the current time (tests may fix it).
	Now func() time.Time
	// PDF enables the PDF features (documents/pdf.go); nil disables them.
	PDF *PDF
}

// Service creates, reads, issues and finds documents.
type Service struct {
	opts      Options
	archive   archive.Archive
	index     search.Index
	templates *templates.Registry
	log       *slog.Logger

	registerMu sync.Mutex
	lastNumber map[string]int // hint per register series; the archive decides
	wake       chan struct{}

	rows rowCache // register rows of issued documents, which never change

	retryWait time.Duration // first wait before a write is retried; 0: 100 ms
}

// New returns a service over the given backends.
func New(opts Options) (*Service, error) {
	if opts.Archive == nil || opts.Index == nil || opts.Templates == nil {
		return nil, errors.New("documents: archive, index and templates are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.QuotaBase == "" {
		opts.QuotaBase = "good_or_above"
	}
	if opts.QuotaPercent == 0 {
		opts.QuotaPercent = 20
	}
	if opts.RetryInterval == 0 {
		opts.RetryInterval = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(opts.Terms) == 0 {
		opts.Terms = []string{"2020-10-15", "2025-10-20"}
	}
	sort.Strings(opts.Terms)
	return &Service{
		opts: opts, archive: opts.Archive, index: opts.Index, templates: opts.Templates,
		log: opts.Logger, lastNumber: map[string]int{}, wake: make(chan struct{}, 1),
	}, nil
}

// Templates returns the template registry.
func (s *Service) Templates() *templates.Registry { return s.templates }

// CreateRequest is the body of POST /api/v1/documents.
type CreateRequest struct {
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	// Issue numbers, signs and archives the document immutably at once;
	// otherwise it is kept as an editable draft.
	Issue bool `json:"issue"`
	// Replaces names the issued document this one corrects.
	Replaces string `json:"replaces,omitempty"`
	Copies   int    `json:"copies,omitempty"`
	Notes    string `json:"notes,omitempty"`
}

// decodeData parses the data object keeping numbers exact.
func decodeData(raw json.RawMessage) (map[string]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, invalid("data", "is required and must be an object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalid("data", "is not valid JSON: %v", err)
	}
	m, ok := canonicalNumbers(nfc(v)).(map[string]any)
	if !ok {
		return nil, invalid("data", "must be an object")
	}
	return m, nil
}

// canonicalNumbers rewrites every whole number written with an exponent or
// a fraction (1e2, 200.0) in plain digits (100, 200), so that validation,
// use and the stored data all read the same value.
func canonicalNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			if n, ok := templates.Integer(x); ok {
				return json.Number(strconv.FormatInt(n, 10))
			}
		}
	case map[string]any:
		for k, e := range x {
			x[k] = canonicalNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canonicalNumbers(e)
		}
	}
	return v
}

// nfc normalises every string (and object key) of decoded JSON to NFC, so
// that what is stored, indexed and shown never depends on how the text was
// typed.
func nfc(v any) any {
	switch x := v.(type) {
	case string:
		return norm.NFC.String(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[norm.NFC.String(k)] = nfc(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = nfc(e)
		}
		return x
	}
	return v
}

// build validates a request and renders its DOCX. Nothing is stored.
func (s *Service) build(ctx context.Context, tplName string, raw json.RawMessage, draft bool, ordinal int) (*Record, []byte, error) {
	if strings.TrimSpace(tplName) == "" {
		return nil, nil, invalid("template", "is required; GET /api/v1/templates lists the templates")
	}
	data, err := decodeData(raw)
	if err != nil {
		return nil, nil, err
	}
	return s.buildData(ctx, tplName, data, draft, ordinal)
}

// buildData is build over decoded data; it may add data["number"].
func (s *Service) buildData(ctx context.Context, tplName string, data map[string]any, draft bool, ordinal int) (*Record, []byte, error) {
	if strings.TrimSpace(tplName) == "" {
		return nil, nil, invalid("template", "is required; GET /api/v1/templates lists the templates")
	}
	tpl, err := s.templates.Get(tplName)
	if errors.Is(err, templates.ErrNotFound) {
		return nil, nil, invalid("template", "unknown template %q; GET /api/v1/templates lists the templates", tplName)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load template %q: %w", tplName, err)
	}
	m := tpl.Manifest()
	if fes := m.Validate(data); len(fes) > 0 {
		return nil, nil, &ValidationError{Fields: fes}
	}
	if ordinal > 0 {
		data["number"] = json.Number(strconv.Itoa(ordinal))
	}
	p, err := s.prepare(m, data, draft)
	if err != nil {
		return nil, nil, err
	}
	if mark := strings.TrimSpace(p.header.Secrecy); mark != "" && SecrecyLevel(mark) == 0 {
		// A mark that would print as secret but is not understood must not
		// make the document public.
		return nil, nil, invalid("data.secrecy", "must be empty or one of MẬT, TỐI MẬT, TUYỆT MẬT, got %q", mark)
	}
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && !a.Sees(p.header.Secrecy) {
		return nil, nil, invalid("data.secrecy", "%q is above your clearance", p.header.Secrecy)
	}
	if !draft && p.header.Ordinal <= 0 {
		return nil, nil, invalid("data.number", "an issued document needs a number")
	}
	if p.header.Date.IsZero() {
		return nil, nil, invalid("data.date", "is required")
	}
	docx, err := tpl.Render(p.values)
	if errors.Is(err, templates.ErrTooLarge) {
		return nil, nil, invalid("data", "%v", err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("render %q: %w", tplName, err)
	}
	text, err := VisibleText(docx)
	if err != nil {
		return nil, nil, fmt.Errorf("read rendered document: %w", err)
	}
	canonical, err := json.Marshal(data)
	if err != nil {
		return nil, nil, fmt.Errorf("encode data: %w", err)
	}
	sum := sha256.Sum256(docx)
	rec := &Record{
		SchemaVersion: SchemaVersion,
		Template:      tplName,
		Type:          m.TypeCode,
		TypeName:      m.TypeName,
		Issuer:        p.header.IssuerCode,
		IssuerName:    p.header.IssuerName,
		Ordinal:       p.header.Ordinal,
		Date:          p.header.Date.Format(time.DateOnly),
		Title:         p.header.Title,
		Secrecy:       p.header.Secrecy,
		Urgency:       p.header.Urgency,
		Signer:        p.header.Signature.Name,
		SignerTitle:   p.header.Signature.Position,
		Recipients:    p.header.Recipients,
		Text:          text,
		Warnings:      p.warnings,
		Data:          canonical,
		DOCX:          FileInfo{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(docx))},
		Status:        StatusDraft,
	}
	if rec.Warnings == nil {
		rec.Warnings = []Warning{}
	}
	if !draft {
		rec.Status = StatusIssued
		rec.Number = citation.FormatParty(p.header.Ordinal, m.TypeCode, p.header.IssuerCode)
	} else if p.header.Ordinal > 0 {
		rec.Warnings = append(rec.Warnings, Warning{Code: "number_ignored",
			Message: "data.number is not used for a draft: the number is taken from the register when the document is issued"})
	}
	rec.Citations = citationsOf(text, rec.Number)
	return rec, docx, nil
}

// citationsOf extracts the regulations cited in text, leaving out the
// document's own number.
func citationsOf(text, own string) []Citation {
	ownKey := ""
	if own != "" {
		ownKey = numberKey(own)
	}
	seen := map[string]bool{}
	out := []Citation{}
	for _, r := range citation.Extract(text) {
		if r.Key == ownKey || seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		out = append(out, Citation{Display: r.Display, Key: r.Key, Kind: string(r.Kind), TypeWord: r.TypeWord, Date: r.Date})
	}
	return out
}

// Create validates, renders and stores a new document: a draft, or when
// req.Issue is set an issued one (numbered, signed, immutable).
func (s *Service) Create(ctx context.Context, req CreateRequest) (*Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleClerk) {
		return nil, fmt.Errorf("create documents: %w", ErrForbidden)
	}
	if err := s.checkReplaces(ctx, req.Replaces); err != nil {
		return nil, err
	}
	if req.Copies < 0 || req.Copies > 100000 {
		return nil, invalid("copies", "must be between 0 and 100000")
	}
	if req.Issue {
		return s.issueNew(ctx, req, "")
	}
	rec, docx, err := s.build(ctx, req.Template, req.Data, true, 0)
	if err != nil {
		return nil, err
	}
	now := s.opts.Now().UTC()
	rec.ID, rec.Revision = newID(now), 1
	if id := fixedID(ctx); id != "" {
		// An idempotent retry: the document of the first attempt, past
		// whatever that attempt left behind.
		rev, err := s.freeRevision(ctx, id)
		if err != nil {
			return nil, err
		}
		rec.ID, rec.Revision = id, rev
	}
	rec.CreatedAt = now
	rec.CreatedBy = actor.Name
	rec.Copies, rec.Notes = req.Copies, req.Notes
	if err := s.store(ctx, rec, docx, nil, s.recEvent(ctx, "create", rec, "ok", "")); err != nil {
		s.abandon(ctx, rec)
		return nil, err
	}
	return rec, nil
}

// store writes a revision to the archive (pending marker, DOCX, signature,
// manifest) and then its audit event and index entry. The manifest is
// written last: a revision without one does not exist for readers. The
// event travels in the pending marker, written before anything else, so
// once the manifest is stored the event lands even if writing it now fails
// (the indexer writes it from the marker).
func (s *Service) store(ctx context.Context, rec *Record, docx, p7s []byte, ev pendingEvent) error {
	// Once started, the writes run to the end even if the client goes away.
	ctx = context.WithoutCancel(ctx)
	protect := rec.Status == StatusIssued
	opts := archive.CreateOptions{Protect: protect, LegalHold: protect && s.opts.LegalHold}
	marker := pendingKey(rec.ID, rec.Revision)
	mb, _ := json.Marshal(pendingRecord{ID: rec.ID, Revision: rec.Revision, Event: &ev})
	if _, err := s.createOnce(ctx, marker, mb, archive.CreateOptions{ContentType: "application/json"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			// Another writer is storing this very revision: it wins.
			return &ConflictError{Message: fmt.Sprintf("document %s is being changed by someone else; reload it and try again", rec.ID)}
		}
		return fmt.Errorf("store %s: pending marker: %w", rec.ID, err)
	}
	info, err := s.createOnce(ctx, docxKey(rec.ID, rec.Revision), docx, withType(opts, DOCXContentType))
	if err != nil {
		return fmt.Errorf("store %s: docx: %w", rec.ID, err)
	}
	if info.SHA256 != rec.DOCX.SHA256 {
		return fmt.Errorf("store %s: docx checksum %s, want %s: %w", rec.ID, info.SHA256, rec.DOCX.SHA256, archive.ErrCorrupt)
	}
	rec.DOCX.Key, rec.DOCX.VersionID = info.Key, info.VersionID
	if p7s != nil {
		sinfo, err := s.createOnce(ctx, signatureKey(rec.ID, rec.Revision), p7s, withType(opts, "application/pkcs7-signature"))
		if err != nil {
			return fmt.Errorf("store %s: signature: %w", rec.ID, err)
		}
		rec.Signature = &FileInfo{Key: sinfo.Key, SHA256: sinfo.SHA256, Size: sinfo.Size, VersionID: sinfo.VersionID}
	}
	mj, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("store %s: encode manifest: %w", rec.ID, err)
	}
	if _, err := s.createOnce(ctx, manifestKey(rec.ID, rec.Revision), mj, withType(opts, "application/json")); err != nil {
		return fmt.Errorf("store %s: manifest: %w", rec.ID, err)
	}
	// The document is archived: from here on nothing may fail the request.
	s.finish(ctx, rec, marker, &ev)
	return nil
}

// abandon cleans up after a store that failed with nothing of the
// revision readable: the marker goes, and so do unprotected files of a
// draft. It reports whether no file of the revision is left.
func (s *Service) abandon(ctx context.Context, rec *Record) (clean bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	var keys []string
	if err := s.archive.Keys(ctx, revPrefix(rec.ID, rec.Revision), func(k string) error {
		keys = append(keys, k)
		return nil
	}); err != nil {
		return false
	}
	clean = true
	for _, k := range keys {
		if err := s.archive.Delete(ctx, k); err != nil && !errors.Is(err, archive.ErrNotFound) {
			clean = false
		}
	}
	if clean {
		s.dropMarker(pendingKey(rec.ID, rec.Revision))
	}
	return clean
}

// createOnce is archive.Create that resolves an unknown outcome by
// retrying: a write that fails in transit (the archive unavailable) is
// sent again for a few seconds, and finding exactly the same bytes already
// there counts as written (an earlier attempt succeeded without its answer
// arriving). Different bytes there give ErrExists.
func (s *Service) createOnce(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])
	var err error
	wait := s.retryWait
	if wait == 0 {
		wait = 100 * time.Millisecond
	}
	for attempt := 0; ; attempt++ {
		var info archive.ObjectInfo
		info, err = s.archive.Create(ctx, key, data, opts)
		if errors.Is(err, archive.ErrExists) {
			existing, serr := s.archive.Stat(ctx, key)
			if serr == nil && existing.SHA256 == want {
				return existing, nil
			}
			if serr != nil && !errors.Is(serr, archive.ErrNotFound) {
				err = serr // unknown: retry below
			} else {
				return info, err
			}
		}
		if err == nil || !errors.Is(err, archive.ErrUnavailable) || attempt >= writeAttempts {
			return info, err
		}
		select {
		case <-ctx.Done():
			return info, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// writeAttempts bounds the retries of one archive write (about 15 seconds
// with the backoff), long enough to ride over an S3 server restart.
const writeAttempts = 10

func withType(o archive.CreateOptions, ct string) archive.CreateOptions {
	o.ContentType = ct
	return o
}

// DOCXContentType is the media type of a Word document.
const DOCXContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Get returns the latest revision of a document. Unknown ids, malformed ids
// and documents the actor may not see all give ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (*Record, error) {
	rec, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	a := ActorFrom(ctx)
	if !s.visible(a, rec) {
		return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	// A correction and the document it replaces may differ in secrecy: a
	// link to a document the actor may not see is not shown.
	if rec.ReplacedBy != "" && !s.linkVisible(ctx, a, rec.ReplacedBy) {
		rec.ReplacedBy = ""
	}
	if rec.Replaces != "" && !s.linkVisible(ctx, a, rec.Replaces) {
		rec.Replaces = ""
	}
	return rec, nil
}

func (s *Service) linkVisible(ctx context.Context, a Actor, id string) bool {
	other, err := s.load(ctx, id)
	return err == nil && s.visible(a, other)
}

// checkReplaces accepts a "replaces" link only to an issued document the
// actor can see.
func (s *Service) checkReplaces(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	old, err := s.Get(ctx, id)
	if err != nil || old.Status != StatusIssued {
		return invalid("replaces", "%q is not an issued document", id)
	}
	return nil
}

// visible applies clearance and draft rules: viewers see issued documents
// only; nobody sees documents above their clearance.
func (s *Service) visible(a Actor, rec *Record) bool {
	if !a.Sees(rec.Secrecy) {
		return false
	}
	return rec.Status == StatusIssued || a.Can(RoleClerk)
}

// load reads the latest revision's manifest, without access checks.
func (s *Service) load(ctx context.Context, id string) (*Record, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	attempt, replacedBy := 0, ""
	var manifests []int
	err := s.archive.Keys(ctx, docPrefix(id), func(key string) error {
		rest := strings.TrimPrefix(key, docPrefix(id))
		var rev int
		if n, _ := fmt.Sscanf(rest, "r%04d/", &rev); n == 1 && rev > attempt {
			attempt = rev
		}
		if n, _ := fmt.Sscanf(rest, "r%04d/manifest.json", &rev); n == 1 && strings.HasSuffix(rest, "/manifest.json") {
			manifests = append(manifests, rev)
		}
		if strings.HasPrefix(rest, "replaced-by/") {
			replacedBy = strings.TrimPrefix(rest, "replaced-by/")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	// The newest manifest that is not a fence.
	sort.Sort(sort.Reverse(sort.IntSlice(manifests)))
	for _, rev := range manifests {
		b, _, err := archive.ReadAll(ctx, s.archive, manifestKey(id, rev))
		if err != nil {
			return nil, fmt.Errorf("document %s: manifest: %w", id, err)
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("document %s: decode manifest: %w", id, err)
		}
		if rec.Void != "" {
			continue
		}
		rec.ReplacedBy = replacedBy
		rec.lastAttempt = attempt
		return &rec, nil
	}
	return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
}

// freeRevision is the first revision of a document id that no key of the
// archive uses yet.
func (s *Service) freeRevision(ctx context.Context, id string) (int, error) {
	last := 0
	err := s.archive.Keys(ctx, docPrefix(id), func(key string) error {
		var rev int
		if _, err := fmt.Sscanf(strings.TrimPrefix(key, docPrefix(id)), "r%04d/", &rev); err == nil {
			last = max(last, rev)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("document %s: %w", id, err)
	}
	return last + 1, nil
}

// nextRevision is the revision number a new write of the document uses:
// past every revision prefix in the archive, including the leftovers of a
// failed write, so a retry never collides with them.
func (r *Record) nextRevision() int {
	return max(r.Revision, r.lastAttempt) + 1
}

// DOCX returns the archived DOCX of a document after checking it against
// the checksum in the archive and in the manifest: a tampered file is
// reported as ErrCorrupt, never served.
func (s *Service) DOCX(ctx context.Context, id string) ([]byte, *Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.readVerified(ctx, rec.DOCX)
	if err != nil {
		s.auditRec(ctx, "download", rec, "failed", err.Error())
		return nil, nil, fmt.Errorf("docx of %s: %w", id, err)
	}
	s.auditRec(ctx, "download", rec, "ok", "")
	return b, rec, nil
}

// readVerified reads an archived file whole, in the version the manifest
// recorded (so nothing written later under its key is served), and checks
// its SHA-256 against the value recorded in the manifest.
func (s *Service) readVerified(ctx context.Context, f FileInfo) ([]byte, error) {
	rc, _, err := archive.OpenVersion(ctx, s.archive, f.Key, f.VersionID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		s.log.Error("archived file does not match its manifest", "key", f.Key, "sha256", got, "want", f.SHA256)
		return nil, fmt.Errorf("%s: sha256 %s, manifest says %s: %w", f.Key, got, f.SHA256, archive.ErrCorrupt)
	}
	return b, nil
}

// NewRenderer returns a service that can only render (Render), for offline
// use without an archive or index.
func NewRenderer(reg *templates.Registry, quotaBase string, quotaPercent int) *Service {
	if quotaBase == "" {
		quotaBase = "good_or_above"
	}
	if quotaPercent == 0 {
		quotaPercent = 20
	}
	return &Service{templates: reg, log: slog.Default(), opts: Options{QuotaBase: quotaBase, QuotaPercent: quotaPercent, Now: time.Now}}
}

// Render validates a request and renders its DOCX without storing anything.
// With data.number set the document is rendered as issued under that
// number, otherwise as a draft.
func (s *Service) Render(ctx context.Context, req CreateRequest) (*Record, []byte, error) {
	data, err := decodeData(req.Data)
	if err != nil {
		return nil, nil, err
	}
	n := int(integer(data, "number"))
	return s.buildData(ctx, req.Template, data, n <= 0, 0)
}
