package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/indexsync"
)

// UpdateRequest is the body of PUT /api/v1/documents/{id}.
type UpdateRequest = CreateRequest

// Update replaces the content of a draft with a new revision. Issued
// documents cannot be changed: a correction is a new document that replaces
// the old one.
func (s *Service) Update(ctx context.Context, id string, req UpdateRequest) (*Record, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleClerk) {
		return nil, fmt.Errorf("edit documents: %w", ErrForbidden)
	}
	old, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if old.Status == StatusIssued {
		s.auditRec(ctx, audit.ActionUpdate, old, audit.ResultRefused, "issued documents are immutable")
		return nil, &ConflictError{Message: fmt.Sprintf("document %s was issued as %s and cannot be changed; issue a correction with \"replaces\": %q", id, old.Number, id)}
	}
	if req.Template == "" {
		req.Template = old.Template
	}
	if err := s.checkReplaces(ctx, req.Replaces); err != nil {
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
			s.abandon(ctx, rec)
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
	if rec.Status == StatusIssued {
		s.auditRec(ctx, audit.ActionDelete, rec, audit.ResultRefused, "issued documents are immutable")
		return &ConflictError{Message: fmt.Sprintf("document %s was issued as %s and cannot be deleted", id, rec.Number)}
	}
	if rec.CreatedBy != actor.Name && !actor.Can(RoleAdmin) {
		s.auditRec(ctx, audit.ActionDelete, rec, audit.ResultRefused, "not the author")
		return fmt.Errorf("delete draft %s: only its author or an administrator may: %w", id, ErrForbidden)
	}
	// Claim the next revision with a pending marker first: an edit or an
	// issuing of the same draft racing this delete then fails with a
	// conflict instead of writing a revision nobody can see. The marker
	// stays; the indexer removes it (and any index entry left) once it is
	// stale.
	ev := s.recEvent(ctx, audit.ActionDelete, rec, audit.ResultOK, "")
	mb, err := json.Marshal(indexsync.Marker{ID: id, Revision: rec.NextRevision(), Event: &ev, Deleting: true})
	if err != nil {
		return fmt.Errorf("delete draft %s: encode marker: %w", id, err)
	}
	if _, err := s.createOnce(ctx, archivekey.PendingMarker(id, rec.NextRevision()), mb, archive.CreateOptions{ContentType: "application/json"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			return &ConflictError{Message: fmt.Sprintf("draft %s is being changed by someone else; reload it and try again", id)}
		}
		return fmt.Errorf("delete draft %s: %w", id, err)
	}
	var keys []string
	if err := s.archive.Keys(ctx, archivekey.Doc(id), func(key string) error {
		keys = append(keys, key)
		return nil
	}); err != nil {
		return fmt.Errorf("delete draft %s: %w", id, err)
	}
	// Manifests first, so a half-finished delete leaves no readable revision.
	for pass := 0; pass < 2; pass++ {
		for _, k := range keys {
			dk, _ := archivekey.ParseDoc(k)
			isManifest := dk.IsManifest()
			if (pass == 0) != isManifest {
				continue
			}
			err := s.archive.Delete(ctx, k)
			if errors.Is(err, archive.ErrProtected) {
				// Left by a failed issuing (files, or the fence the
				// reclaim pass stored in place of its manifest): locked,
				// never readable, and kept as the archive keeps everything
				// locked.
				s.log.Warn("protected leftover kept while deleting a draft", "key", k)
				continue
			}
			if err != nil && !errors.Is(err, archive.ErrNotFound) {
				return fmt.Errorf("delete draft %s: %w", id, err)
			}
		}
	}
	if err := s.index.Delete(ctx, id); err != nil {
		// The archive no longer has it; the marker makes the indexer remove
		// the entry when the index is back.
		s.log.Warn("index unavailable, deleted draft stays listed until the indexer runs", "id", id, "err", err)
	}
	// The event is also in the marker: the indexer writes it if this fails.
	if err := s.writeEvent(ctx, ev); err != nil {
		s.log.Warn("audit event of a delete kept pending", "id", id, "err", err)
	}
	return nil
}
