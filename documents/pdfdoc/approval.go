package pdfdoc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/pades"
	"vanthu/documents/record"
	"vanthu/documents/signing"
)

// ErrApproved means the revision already carries an accepted approval.
var ErrApproved = errors.New("pdfdoc: the revision is already approved")

// RefusedError is an uploaded approval that the checks of
// pades.CheckApproval refused; Err is their error (a
// *pades.ApprovalError naming the failed check).
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

// Approve accepts upload as the leader's approval of the draft's PDF of
// rec's revision (see pades.CheckApproval) and keeps it for issuing. The
// draft's PDF must have been made (downloaded) first: otherwise the error
// is a *pades.ApprovalError of the revision check. A refused upload is a
// *RefusedError; a revision approved before answers [ErrApproved].
func (p *Service) Approve(ctx context.Context, rec *record.Record, upload []byte) (*pades.Approval, error) {
	draft, _, err := archive.ReadAll(ctx, p.opts.Archive, archivekey.DraftPDF(rec.ID, rec.Revision))
	if errors.Is(err, archive.ErrNotFound) {
		return nil, &pades.ApprovalError{Check: pades.CheckRevision,
			Message: "chưa có bản PDF dự thảo của lần sửa này; hãy tải bản PDF dự thảo (GET …/pdf), ký và tải lên lại"}
	}
	if err != nil {
		return nil, err
	}
	a, err := pades.CheckApproval(draft, upload, rec.Signer, signing.VerifyOptions{Trusted: p.opts.Trusted})
	if err != nil {
		return nil, &RefusedError{Err: err}
	}
	if _, err := p.createOnce(context.WithoutCancel(ctx), archivekey.Approval(rec.ID, rec.Revision), upload,
		archive.CreateOptions{ContentType: "application/pdf"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			return nil, fmt.Errorf("revision %d of draft %s: %w", rec.Revision, rec.ID, ErrApproved)
		}
		return nil, err
	}
	return a, nil
}

// Approved returns the approved PDF of revision rev of draft id, or an
// error wrapping archive.ErrNotFound when that revision was not approved.
func (p *Service) Approved(ctx context.Context, id string, rev int) ([]byte, error) {
	b, _, err := archive.ReadAll(ctx, p.opts.Archive, archivekey.Approval(id, rev))
	return b, err
}

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

// DraftApproval reports whether the current revision of rec, a draft,
// carries the leader's accepted approval; required is whether its template
// demands one.
func (p *Service) DraftApproval(ctx context.Context, rec *record.Record, required bool) (*DraftApproval, error) {
	a := &DraftApproval{Revision: rec.Revision, Required: required}
	if rec.Status != record.StatusDraft {
		return a, nil
	}
	b, err := p.Approved(ctx, rec.ID, rec.Revision)
	if errors.Is(err, archive.ErrNotFound) {
		return a, nil
	}
	if err != nil {
		return nil, err
	}
	a.Approved = true
	if sigs, err := pades.Verify(b, signing.VerifyOptions{Trusted: p.opts.Trusted}); err == nil && len(sigs) > 0 {
		a.Signer, a.SignedAt = sigs[len(sigs)-1].Signer, sigs[len(sigs)-1].SignedAt
	}
	return a, nil
}
