package documents

import (
	"context"
	"errors"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/pades"
	"vanthu/documents/signing"
)

// DraftApproval is the state of a draft's approval, for the web pages.
type DraftApproval struct {
	// Revision is the draft's current revision; an approval holds only for
	// the revision whose PDF the leader signed.
	Revision int
	// Approved is set when the current revision carries an accepted
	// approval; Signer and SignedAt are then those of its signature.
	Approved bool
	Signer   string
	SignedAt time.Time
	// Required is set when the template allows issuing only approved drafts.
	Required bool
}

// DraftApproval reports whether the current revision of draft id carries
// the leader's accepted approval. It answers ErrPDFUnavailable when the
// PDF features are off.
func (s *Service) DraftApproval(ctx context.Context, id string) (*DraftApproval, error) {
	if _, err := s.pdf(); err != nil {
		return nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	a := &DraftApproval{Revision: rec.Revision}
	if tpl, err := s.templates.Get(rec.Template); err == nil {
		a.Required = tpl.Manifest().Approval == "required"
	}
	if rec.Status != StatusDraft {
		return a, nil
	}
	b, _, err := archive.ReadAll(ctx, s.archive, approvalKey(id, rec.Revision))
	if errors.Is(err, archive.ErrNotFound) {
		return a, nil
	}
	if err != nil {
		return nil, err
	}
	a.Approved = true
	if sigs, err := pades.Verify(b, signing.VerifyOptions{Trusted: s.opts.Trusted}); err == nil && len(sigs) > 0 {
		a.Signer, a.SignedAt = sigs[len(sigs)-1].Signer, sigs[len(sigs)-1].SignedAt
	}
	return a, nil
}
