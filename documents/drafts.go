package documents

import (
	"context"
	"errors"
	"fmt"

	"vanthu/documents/archive"
	"vanthu/documents/audit"
	"vanthu/documents/compose"
	"vanthu/documents/record"
	"vanthu/documents/revision"
	"vanthu/documents/role"
)

// UpdateRequest is the body of PUT /api/v1/documents/{id}.
type UpdateRequest = CreateRequest

// Update replaces the content of a draft with a new revision. Issued
// documents cannot be changed: a correction is a new document that replaces
// the old one.
func (s *Service) Update(ctx context.Context, id string, req UpdateRequest) (*record.Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(role.Clerk) {
		return nil, fmt.Errorf("edit documents: %w", ErrForbidden)
	}
	old, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.Status == record.StatusIssued {
		s.auditRec(ctx, audit.ActionUpdate, old, audit.ResultRefused, "issued documents are immutable")
		return nil, &ConflictError{Message: fmt.Sprintf("document %s was issued as %s and cannot be changed; issue a correction with \"replaces\": %q", id, old.Number, id)}
	}
	if req.Template == "" {
		req.Template = old.Template
	}
	if err := s.checkReplaces(ctx, req.Replaces); err != nil {
		return nil, err
	}
	if err := compose.CheckCopies(req.Copies); err != nil {
		return nil, err
	}
	rec, docx, err := s.buildDraft(ctx, req.Template, req.Data)
	if err != nil {
		return nil, err
	}
	rec.ID, rec.Revision = id, old.NextRevision()
	rec.CreatedAt, rec.CreatedBy = s.opts.Now().UTC(), old.CreatedBy
	rec.Copies, rec.Notes, rec.Replaces = req.Copies, req.Notes, req.Replaces
	if err := s.store(ctx, rec, docx, nil, s.recEvent(ctx, audit.ActionUpdate, rec, audit.ResultOK, "")); err != nil {
		if !errors.Is(err, ErrConflict) {
			s.rev.Abandon(ctx, rec)
		}
		if errors.Is(err, archive.ErrExists) {
			return nil, &ConflictError{Message: fmt.Sprintf("draft %s was changed by someone else at the same time; reload it and try again", id)}
		}
		return nil, err
	}
	return rec, nil
}

// Delete removes a draft, by its author or an administrator. Issued
// documents cannot be deleted.
func (s *Service) Delete(ctx context.Context, id string) error {
	actor := ActorFrom(ctx)
	rec, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if rec.Status == record.StatusIssued {
		s.auditRec(ctx, audit.ActionDelete, rec, audit.ResultRefused, "issued documents are immutable")
		return &ConflictError{Message: fmt.Sprintf("document %s was issued as %s and cannot be deleted", id, rec.Number)}
	}
	if rec.CreatedBy != actor.Name && !actor.Can(role.Admin) {
		s.auditRec(ctx, audit.ActionDelete, rec, audit.ResultRefused, "not the author")
		return fmt.Errorf("delete draft %s: only its author or an administrator may: %w", id, ErrForbidden)
	}
	// The archive side (revision.Writer.DeleteDraft) claims the next
	// revision first, so an edit or an issuing racing this delete fails
	// with a conflict; its marker also carries the event.
	ev := s.recEvent(ctx, audit.ActionDelete, rec, audit.ResultOK, "")
	if err := s.rev.DeleteDraft(ctx, rec, ev); err != nil {
		if errors.Is(err, revision.ErrBusy) {
			return &ConflictError{Message: fmt.Sprintf("draft %s is being changed by someone else; reload it and try again", id)}
		}
		return err
	}
	if err := s.index.Delete(ctx, id); err != nil {
		// The archive no longer has it; the marker makes the indexer remove
		// the entry when the index is back.
		s.log.Warn("index unavailable, deleted draft stays listed until the indexer runs", "id", id, "err", err)
	}
	// The event is also in the marker: the indexer writes it if this fails.
	if err := s.events.Write(ctx, ev); err != nil {
		s.log.Warn("audit event of a delete kept pending", "id", id, "err", err)
	}
	return nil
}
