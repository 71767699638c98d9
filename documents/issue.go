package documents

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/audit"
	"vanthu/documents/compose"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/register"
	"vanthu/documents/revision"
	"vanthu/documents/role"
	"vanthu/templates"
)

// Issue numbers, signs and archives an existing draft immutably.
func (s *Service) Issue(ctx context.Context, id string) (*record.Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status == record.StatusIssued {
		return nil, &ConflictError{Message: fmt.Sprintf("document %s is already issued as %s", id, rec.Number)}
	}
	return s.issueNew(ctx, CreateRequest{Template: rec.Template, Data: rec.Data, Issue: true, Copies: rec.Copies, Notes: rec.Notes, Replaces: rec.Replaces}, rec.ID)
}

// issueNew issues a document in one step: parse, take the number from the
// register (by the header's issuer and date), render once with it, sign,
// archive. Any failure releases the number and stores nothing readable.
// draftID is the draft being issued, or "" for a new document (whose
// "replaces" link Create has checked).
func (s *Service) issueNew(ctx context.Context, req CreateRequest, draftID string) (*record.Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(role.Signer) {
		return nil, s.refuseIssue(ctx, actor, req, draftID)
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
	if manual > 0 && !actor.Can(role.Admin) {
		return nil, &kind.ValidationError{Fields: []templates.FieldError{templates.NumberFromRegister("data.number")}}
	}
	now := s.opts.Now().UTC()
	id, rev := draftID, 1
	if id == "" {
		if id, rev, err = s.newDocument(ctx, now); err != nil {
			return nil, err
		}
	} else {
		old, err := s.load(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("issue %s: read the draft again: %w", id, err)
		}
		rev = old.NextRevision()
	}
	slot, err := s.book.ReserveFor(ctx, register.Request{Issuer: h.Issuer.Code, Type: parsed.Manifest.TypeCode, Date: h.Date.Time,
		ID: id, Revision: rev, Want: manual, By: actor.Name})
	if taken := (*register.TakenError)(nil); errors.As(err, &taken) {
		return nil, &ConflictError{Message: taken.Error(), Err: taken}
	}
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*record.Record, error) {
		s.book.Release(slot.Series, slot.Ordinal)
		if ve := (*kind.ValidationError)(nil); !errors.As(err, &ve) {
			// Refused input is not an issuing that failed.
			s.auditLevel(ctx, audit.ActionIssue, id, h.Secrecy.Level(), audit.ResultFailed, err.Error())
		}
		return nil, err
	}
	rec, docx, err := s.render(parsed, slot.Ordinal, false)
	if err != nil {
		return fail(err)
	}
	rec.ID, rec.Revision, rec.Term = id, rev, slot.Term
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
		if rec, err = s.settle(ctx, rec, slot, ev, err); err != nil {
			return nil, err
		}
	}
	s.book.Remember(slot.Key(), register.RowOf(rec))
	if rec.Replaces != "" {
		s.rev.MarkReplaced(ctx, rec.Replaces, rec.ID)
	}
	return rec, nil
}

// refuseIssue audits and answers an issuing the actor's role does not
// allow. The event carries the secrecy of the draft, or of the document the
// request would have issued.
func (s *Service) refuseIssue(ctx context.Context, actor Actor, req CreateRequest, draftID string) error {
	level := max(record.SecrecyOf(ctx, s.archive, draftID), compose.Secrecy(req.Data).Level())
	s.auditLevel(ctx, audit.ActionIssue, draftID, level, audit.ResultRefused, "role "+string(actor.Role)+" may not issue")
	return fmt.Errorf("issue documents: %w", ErrForbidden)
}

// ErrPending is returned when the archive did not confirm an issuing and
// reading back could not settle it: the number stays taken, and the
// issuing either turns out complete or its number is recorded as void
// ("số bỏ trống") by the reclaim pass; it is never given to another
// document. Retrying with the same Idempotency-Key returns the document
// once it is known to be issued.
var ErrPending = errors.New("documents: the issuing is not confirmed yet")

// settle decides what a failed store of an issuing left
// (revision.Writer.Settle) and answers for it: the stored record when the
// issuing completed; the cause, with the number given back, when no file
// of it exists; otherwise ErrPending, the number staying reserved.
func (s *Service) settle(ctx context.Context, rec *record.Record, slot register.Slot, ev audit.Pending, cause error) (*record.Record, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	level := rec.Secrecy.Level()
	switch outcome, stored := s.rev.Settle(ctx, rec, slot.Ordinal, ev, !errors.Is(cause, ErrConflict)); outcome {
	case revision.Completed:
		s.log.Warn("issuing completed although a write reported an error", "id", rec.ID, "number", rec.Number, "err", cause)
		return stored, nil
	case revision.Voided:
		s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, "abandoned "+rec.Number+": "+cause.Error())
		return nil, fmt.Errorf("issue %s: the issuing took too long and was abandoned; nothing was issued: %w", rec.ID, archive.ErrUnavailable)
	case revision.Absent:
		s.book.Release(slot.Series, slot.Ordinal)
		s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, cause.Error())
		return nil, cause
	}
	s.log.Error("issuing not confirmed by the archive; its number stays taken until the reclaim pass settles it",
		"id", rec.ID, "number", rec.Number, "err", cause)
	s.auditLevel(ctx, audit.ActionIssue, rec.ID, level, audit.ResultFailed, "pending "+rec.Number+": "+cause.Error())
	return nil, fmt.Errorf("issue %s as %s: %w: %w", rec.ID, rec.Number, ErrPending, cause)
}
