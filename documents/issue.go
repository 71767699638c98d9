package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/compose"
	"vanthu/documents/find"
	"vanthu/documents/record"
	"vanthu/documents/register"
	"vanthu/documents/secrecy"
)

// Issue numbers, signs and archives an existing draft immutably.
func (s *Service) Issue(ctx context.Context, id string) (*Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status == StatusIssued {
		return nil, &ConflictError{Message: fmt.Sprintf("document %s is already issued as %s", id, rec.Number)}
	}
	return s.issueNew(ctx, CreateRequest{Template: rec.Template, Data: rec.Data, Issue: true, Copies: rec.Copies, Notes: rec.Notes, Replaces: rec.Replaces}, rec.ID)
}

// issueNew issues a document in one step: parse, take the number from the
// register (by the header's issuer and date), render once with it, sign,
// archive. Any failure releases the number and stores nothing readable.
// draftID is the draft being issued, or "" for a new document (whose
// "replaces" link Create has checked).
func (s *Service) issueNew(ctx context.Context, req CreateRequest, draftID string) (*Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleSigner) {
		// The event carries the secrecy of the draft, or of the document
		// the request would have issued.
		level := s.secrecyOf(ctx, draftID)
		if data, err := compose.DecodeData(req.Data); err == nil {
			if mark, ok := data["secrecy"].(string); ok {
				level = max(level, secrecy.Mark(mark).Level())
			}
		}
		s.auditLevel(ctx, audit.ActionIssue, draftID, level, audit.ResultRefused, "role "+string(actor.Role)+" may not issue")
		return nil, fmt.Errorf("issue documents: %w", ErrForbidden)
	}
	// Validate everything before a number is taken.
	parsed, err := s.parse(ctx, req.Template, req.Data)
	if err != nil {
		return nil, err
	}
	if draftID != "" {
		if err := s.checkReplaces(ctx, req.Replaces); err != nil {
			return nil, err
		}
	}
	h := parsed.Doc.Head()
	manual := h.Number
	if draftID != "" {
		manual = 0 // a draft's number field is only a suggestion
	}
	if manual > 0 && !actor.Can(RoleAdmin) {
		return nil, invalid("data.number", "numbers are taken from the register; only an administrator may set one by hand")
	}
	now := s.opts.Now().UTC()
	id := draftID
	rev := 1
	switch {
	case id == "" && fixedID(ctx) != "":
		// An idempotent retry of a create: the id of the first attempt,
		// past whatever that attempt left behind.
		id = fixedID(ctx)
		if rev, err = record.FreeRevision(ctx, s.archive, id); err != nil {
			return nil, err
		}
	case id == "":
		id = record.NewID(now)
	default:
		if old, err := s.load(ctx, id); err == nil {
			rev = old.NextRevision()
		}
	}
	date := h.Date.Format(time.DateOnly)
	term := s.book.Term(date)
	prefix := archivekey.Series(h.Issuer.Code, parsed.Manifest.TypeCode, term)
	n, err := s.book.Reserve(ctx, prefix, id, rev, date, manual, actor.Name)
	var taken *register.TakenError
	if errors.As(err, &taken) {
		return nil, &ConflictError{Message: taken.Error()}
	}
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Record, error) {
		s.book.Release(prefix, n)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			// Refused input is not an issuing that failed.
			s.auditLevel(ctx, audit.ActionIssue, id, h.Secrecy.Level(), audit.ResultFailed, err.Error())
		}
		return nil, err
	}
	rec, docx, err := s.render(parsed, n, false)
	if err != nil {
		return fail(err)
	}
	rec.ID, rec.Revision, rec.Term = id, rev, term
	rec.CreatedAt, rec.CreatedBy = now, actor.Name
	rec.IssuedAt, rec.IssuedBy = &now, actor.Name
	rec.Replaces, rec.Copies, rec.Notes = req.Replaces, req.Copies, req.Notes
	var p7s []byte
	if s.opts.Signer != nil {
		if p7s, err = s.opts.Signer.Sign(docx, now); err != nil {
			return fail(fmt.Errorf("sign %s: %w", id, err))
		}
	}
	ev := s.recEvent(ctx, audit.ActionIssue, rec, audit.ResultOK, rec.Number)
	// PDF hook (documents/pdf.go): the signed PDF/A, archived beside the
	// DOCX under the same revision, so settle sees it like the other files.
	err = s.issuedPDF(ctx, rec, docx, draftID, now)
	if err == nil {
		err = s.store(ctx, rec, docx, p7s, ev)
	}
	if err != nil {
		done, serr := s.settle(ctx, rec, prefix, n, ev, err)
		if serr != nil {
			return nil, serr
		}
		rec = done
	}
	s.book.Remember(archivekey.Entry(prefix, n), register.RowOf(rec))
	if rec.Replaces != "" {
		if _, err := s.createOnce(ctx, archivekey.ReplacedBy(rec.Replaces, rec.ID), []byte(rec.ID), archive.CreateOptions{Protect: true}); err != nil {
			s.log.Error("could not record replacement", "old", rec.Replaces, "new", rec.ID, "err", err)
		}
		s.reindexOne(ctx, rec.Replaces)
	}
	return rec, nil
}

// ErrPending is returned when the archive did not confirm an issuing and
// reading back could not settle it: the number stays taken, and the
// issuing either turns out complete or its number is recorded as void
// ("số bỏ trống") by the reclaim pass; it is never given to another
// document. Retrying with the same Idempotency-Key returns the document
// once it is known to be issued.
var ErrPending = errors.New("documents: the issuing is not confirmed yet")

// settle decides what a failed store of an issuing left, by reading back
// rather than guessing: when the manifest is stored the issuing is
// complete (its answer was lost) and the stored record is returned; when
// no file of the revision exists the number is given back; otherwise (files
// without a manifest, or the archive still unreachable) the number stays
// taken and ErrPending is returned.
func (s *Service) settle(ctx context.Context, rec *Record, prefix string, n int, ev audit.Pending, cause error) (*Record, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	level := rec.Secrecy.Level()
	stored, err := s.load(ctx, rec.ID)
	if err == nil && stored.Status == StatusIssued && stored.Revision == rec.Revision && stored.Ordinal == n {
		s.log.Warn("issuing completed although a write reported an error", "id", rec.ID, "number", rec.Number, "err", cause)
		s.sync.Finish(ctx, stored, archivekey.PendingMarker(rec.ID, rec.Revision), &ev)
		return stored, nil
	}
	if b, _, ferr := archive.ReadAll(ctx, s.archive, archivekey.Manifest(rec.ID, rec.Revision)); ferr == nil {
		var fence Record
		if json.Unmarshal(b, &fence) == nil && fence.Void != "" {
			// The reclaim pass settled this issuing's number meanwhile.
			s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, "abandoned "+rec.Number+": "+cause.Error())
			return nil, fmt.Errorf("issue %s: the issuing took too long and was abandoned; nothing was issued: %w", rec.ID, archive.ErrUnavailable)
		}
	}
	certain := err == nil || errors.Is(err, ErrNotFound)
	if certain && !errors.Is(cause, ErrConflict) {
		var left []string
		lerr := s.archive.Keys(ctx, archivekey.Rev(rec.ID, rec.Revision), func(k string) error {
			left = append(left, k)
			return nil
		})
		certain = lerr == nil && len(left) == 0
	}
	if certain {
		if !errors.Is(cause, ErrConflict) {
			s.sync.DropMarker(archivekey.PendingMarker(rec.ID, rec.Revision))
		}
		s.book.Release(prefix, n)
		s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, cause.Error())
		return nil, cause
	}
	s.log.Error("issuing not confirmed by the archive; its number stays taken until the reclaim pass settles it",
		"id", rec.ID, "number", rec.Number, "err", cause)
	s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, "pending "+rec.Number+": "+cause.Error())
	return nil, fmt.Errorf("issue %s as %s: %w: %w", rec.ID, rec.Number, ErrPending, cause)
}

func (s *Service) reindexOne(ctx context.Context, id string) {
	if rec, err := s.load(ctx, id); err == nil {
		s.sync.Index(ctx, rec, archivekey.PendingMarker(id, rec.Revision))
	}
}

// RegisterRow is one line of the outgoing register; see package register.
type RegisterRow = register.Row

// ReclaimReservations settles the numbers whose issuing never completed
// (see register.Book.Reclaim). The service runs it at start and then
// periodically. It returns how many numbers it settled.
func (s *Service) ReclaimReservations(ctx context.Context) (int, error) {
	return s.book.Reclaim(ctx)
}

// RegisterParams filter the register; see package find, which parses
// them.
type RegisterParams = find.RegisterParams

// MayReadRegister tells whether the actor of ctx may read the register
// (clerks and above): nil, or an error wrapping ErrForbidden. Handlers
// that find the parameters malformed ask it first, so that a refusal comes
// before a complaint about the parameters.
func (s *Service) MayReadRegister(ctx context.Context) error {
	if !ActorFrom(ctx).Can(RoleClerk) {
		return fmt.Errorf("read the register: %w", ErrForbidden)
	}
	return nil
}

// Register lists the register rows the actor may see.
func (s *Service) Register(ctx context.Context, p RegisterParams) ([]RegisterRow, error) {
	if err := s.MayReadRegister(ctx); err != nil {
		return nil, err
	}
	actor := ActorFrom(ctx)
	all, err := s.book.Rows(ctx, p.Issuer, p.Type, p.TermKey())
	if err != nil {
		return nil, err
	}
	rows := []RegisterRow{}
	for _, row := range all {
		if !actor.Sees(row.Secrecy) {
			continue // hidden from this actor
		}
		if p.Year != 0 && !strings.HasSuffix(row.Date, "/"+strconv.Itoa(p.Year)) {
			continue
		}
		rows = append(rows, row)
	}
	return rows, nil
}
