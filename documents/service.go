package documents

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/audit"
	"vanthu/documents/compose"
	"vanthu/documents/docxtext"
	"vanthu/documents/idempotency"
	"vanthu/documents/indexsync"
	"vanthu/documents/kind"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/record"
	"vanthu/documents/register"
	"vanthu/documents/review"
	"vanthu/documents/revision"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
	"vanthu/documents/templatestore"
	"vanthu/search"
	"vanthu/templates"
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
	// register numbers within (none: register.DefaultTerms).
	Terms []string
	// RetryInterval is how often pending index entries are retried (0:
	// every 2 seconds).
	RetryInterval time.Duration
	// ReclaimAfter is how old a register reservation without its issued
	// document must be before the reclaim pass settles it (default 2
	// minutes); ReclaimInterval is how often the pass runs (default 1
	// minute).
	ReclaimAfter, ReclaimInterval time.Duration
	// Now returns the current time (tests may fix it).
	Now func() time.Time
	// PDF enables the PDF features (package pdfdoc); nil disables them.
	PDF *pdfdoc.Config
}

// Service creates, reads, issues and finds documents.
type Service struct {
	opts      Options
	archive   archive.Archive
	index     search.Index
	templates *templates.Registry
	log       *slog.Logger

	book   *register.Book    // the outgoing register
	events *audit.Log        // the audit log
	sync   *indexsync.Syncer // pending markers and the index
	pdf    *pdfdoc.Service   // the PDF features (documents/pdf.go)
	rev    *revision.Writer  // writes and settles revisions

	tstore *templatestore.Store // staff-supplied templates (documents/template_store.go)
	keys   *idempotency.Store   // Idempotency-Keys (documents/idempotency.go)
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
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{
		opts: opts, archive: opts.Archive, index: opts.Index, templates: opts.Templates, log: opts.Logger,
	}
	s.events = &audit.Log{Archive: opts.Archive}
	s.tstore = templatestore.New(opts.Archive, opts.Templates, opts.Logger)
	s.keys = idempotency.New(opts.Archive, idempotency.Options{Now: func() time.Time { return s.opts.Now() },
		InFlight: func() time.Duration { return s.book.ReclaimAfter() }, RetryWait: func() time.Duration { return s.rev.RetryWait }, Log: opts.Logger})
	s.pdf = pdfdoc.New(opts.PDF, pdfdoc.Options{Archive: opts.Archive, Trusted: opts.Trusted, LegalHold: opts.LegalHold, Logger: opts.Logger})
	// The register reads the service's clock at each use (tests move it).
	s.book = register.New(opts.Archive, register.Options{Now: func() time.Time { return s.opts.Now() }, Log: opts.Logger, Terms: opts.Terms, ReclaimAfter: opts.ReclaimAfter})
	s.sync = indexsync.New(opts.Archive, opts.Index, indexsync.Options{Events: s.events, Now: func() time.Time { return s.opts.Now() },
		Log: opts.Logger, StaleAfter: s.book.ReclaimAfter})
	s.rev = revision.New(opts.Archive, s.sync, opts.Logger)
	s.rev.LegalHold = opts.LegalHold
	return s, nil
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

// parse validates a request (compose.Composer.Parse) for the actor of
// ctx: a document above their clearance is refused.
func (s *Service) parse(ctx context.Context, tplName string, raw json.RawMessage) (*compose.Request, error) {
	var sees func(secrecy.Mark) bool
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		sees = a.Sees
	}
	return s.composer().Parse(tplName, raw, sees)
}

// render renders a parsed request once (compose.Composer.Render).
func (s *Service) render(r *compose.Request, number int, draft bool) (*record.Record, []byte, error) {
	return s.composer().Render(r, number, draft)
}

func (s *Service) composer() *compose.Composer {
	return &compose.Composer{Templates: s.templates, Rules: kind.Rules{QuotaBase: review.QuotaBase(s.opts.QuotaBase), QuotaPercent: s.opts.QuotaPercent}}
}

// buildDraft parses a request and renders it as a draft.
func (s *Service) buildDraft(ctx context.Context, tplName string, raw json.RawMessage) (*record.Record, []byte, error) {
	r, err := s.parse(ctx, tplName, raw)
	if err != nil {
		return nil, nil, err
	}
	return s.render(r, r.Doc.Head().Number, true)
}

// Create validates, renders and stores a new document: a draft, or when
// req.Issue is set an issued one (numbered, signed, immutable).
func (s *Service) Create(ctx context.Context, req CreateRequest) (*record.Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(role.Clerk) {
		return nil, fmt.Errorf("create documents: %w", ErrForbidden)
	}
	if err := s.checkReplaces(ctx, req.Replaces); err != nil {
		return nil, err
	}
	if err := compose.CheckCopies(req.Copies); err != nil {
		return nil, err
	}
	if req.Issue {
		return s.issueNew(ctx, req, "")
	}
	rec, docx, err := s.buildDraft(ctx, req.Template, req.Data)
	if err != nil {
		return nil, err
	}
	now := s.opts.Now().UTC()
	if rec.ID, rec.Revision, err = s.newDocument(ctx, now); err != nil {
		return nil, err
	}
	rec.CreatedAt = now
	rec.CreatedBy = actor.Name
	rec.Copies, rec.Notes = req.Copies, req.Notes
	if err := s.store(ctx, rec, docx, nil, s.recEvent(ctx, audit.ActionCreate, rec, audit.ResultOK, "")); err != nil {
		s.rev.Abandon(ctx, rec)
		return nil, err
	}
	return rec, nil
}

// newDocument is the id and first revision of a new document: a new id,
// or for an idempotent retry the id of the first attempt, past whatever
// that attempt left behind.
func (s *Service) newDocument(ctx context.Context, now time.Time) (string, int, error) {
	id := fixedID(ctx)
	if id == "" {
		return record.NewID(now), 1, nil
	}
	rev, err := record.FreeRevision(ctx, s.archive, id)
	return id, rev, err
}

// store writes a revision (revision.Writer.Store); a revision another
// writer holds is a conflict.
func (s *Service) store(ctx context.Context, rec *record.Record, docx, p7s []byte, ev audit.Pending) error {
	err := s.rev.Store(ctx, rec, docx, p7s, ev)
	if errors.Is(err, revision.ErrBusy) {
		return &ConflictError{Message: fmt.Sprintf("document %s is being changed by someone else; reload it and try again", rec.ID)}
	}
	return err
}

// DOCXContentType is the media type of a Word document.
const DOCXContentType = templates.DOCXContentType

// Get returns the latest revision of a document. Unknown ids, malformed ids
// and documents the actor may not see all give ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (*record.Record, error) {
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
	if err != nil || old.Status != record.StatusIssued {
		return invalid("replaces", "%q is not an issued document", id)
	}
	return nil
}

// visible applies clearance and draft rules: viewers see issued documents
// only; nobody sees documents above their clearance.
func (s *Service) visible(a Actor, rec *record.Record) bool {
	if !a.Sees(rec.Secrecy) {
		return false
	}
	return rec.Status == record.StatusIssued || a.Can(role.Clerk)
}

// load reads the latest revision's manifest, without access checks.
func (s *Service) load(ctx context.Context, id string) (*record.Record, error) {
	return record.Load(ctx, s.archive, id)
}

// DOCX returns the archived DOCX of a document after checking it against
// the checksum in the archive and in the manifest: a tampered file is
// reported as ErrCorrupt, never served.
func (s *Service) DOCX(ctx context.Context, id string) ([]byte, *record.Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := record.ReadVerifiedLogged(ctx, s.archive, rec.DOCX, s.log)
	if err != nil {
		s.auditRec(ctx, audit.ActionDownload, rec, audit.ResultFailed, err.Error())
		return nil, nil, fmt.Errorf("docx of %s: %w", id, err)
	}
	s.auditRec(ctx, audit.ActionDownload, rec, audit.ResultOK, "")
	return b, rec, nil
}

// VisibleText returns the text a reader sees in the body of a DOCX (see
// package docxtext).
func VisibleText(docx []byte) (string, error) { return docxtext.VisibleText(docx) }
