package documents

// The PDF features (package pdfdoc) behind the access rules and the audit
// log: the PDF of a document, its page previews, the leader's approval of a
// draft's PDF, and the hook of issuing that archives the signed PDF/A.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vanthu/documents/audit"
	"vanthu/documents/pades"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/record"
	"vanthu/documents/role"
)

// DocumentPDF returns the PDF of a document (see pdfdoc.Service.Document):
// the signed PDF/A of an issued one, the approved or the to-be-approved PDF
// of a draft.
func (s *Service) DocumentPDF(ctx context.Context, id string) ([]byte, *record.Record, error) {
	return s.documentPDF(ctx, id, true)
}

// documentPDF is DocumentPDF; audit records the download (previews do
// not, or every page viewed would add an event to the write-once log).
func (s *Service) documentPDF(ctx context.Context, id string, audited bool) ([]byte, *record.Record, error) {
	if err := s.pdf.Available(); err != nil {
		return nil, nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := s.pdf.Document(ctx, rec)
	if errors.Is(err, pdfdoc.ErrNoPDF) {
		return nil, nil, err
	}
	if err != nil {
		s.auditRec(ctx, audit.ActionDownloadPDF, rec, audit.ResultFailed, err.Error())
		return nil, nil, fmt.Errorf("pdf of %s: %w", id, err)
	}
	if audited {
		s.auditRec(ctx, audit.ActionDownloadPDF, rec, audit.ResultOK, "")
	}
	return b, rec, nil
}

// PagePNG returns page n (from 1) of the document's PDF as a PNG preview.
func (s *Service) PagePNG(ctx context.Context, id string, n int) ([]byte, error) {
	pdf, _, err := s.documentPDF(ctx, id, false)
	if err != nil {
		return nil, err
	}
	return s.pdf.Page(ctx, pdf, n)
}

// Approve accepts upload as the leader's approval of the draft's current
// revision (see pdfdoc.Service.Approve). A refused upload is an error
// wrapping *pades.ApprovalError.
func (s *Service) Approve(ctx context.Context, id string, upload []byte) (*pades.Approval, error) {
	if !ActorFrom(ctx).Can(role.Clerk) {
		return nil, fmt.Errorf("approve documents: %w", ErrForbidden)
	}
	if err := s.pdf.Available(); err != nil {
		return nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status == record.StatusIssued {
		return nil, &ConflictError{Message: fmt.Sprintf("document %s is already issued as %s", id, rec.Number)}
	}
	a, err := s.pdf.Approve(ctx, rec, upload)
	var refused *pdfdoc.RefusedError
	switch {
	case errors.As(err, &refused):
		s.auditRec(ctx, audit.ActionApprove, rec, audit.ResultRefused, refused.Error())
		return nil, refused.Err
	case errors.Is(err, pdfdoc.ErrApproved):
		return nil, &ConflictError{Message: fmt.Sprintf("revision %d of draft %s is already approved", rec.Revision, id)}
	case err != nil:
		return nil, err
	}
	s.auditRec(ctx, audit.ActionApprove, rec, audit.ResultOK, a.SignerName)
	return a, nil
}

// DraftApproval reports whether the current revision of draft id carries
// the leader's accepted approval. It answers pdfdoc.ErrUnavailable when the
// PDF features are off.
func (s *Service) DraftApproval(ctx context.Context, id string) (*pdfdoc.DraftApproval, error) {
	if err := s.pdf.Available(); err != nil {
		return nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.pdf.DraftApproval(ctx, rec, s.approvalRequired(rec.Template))
}

// VerifyPDF checks every signature of an issued document's archived PDF.
func (s *Service) VerifyPDF(ctx context.Context, id string) (*pdfdoc.Verification, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.pdf.Verify(ctx, rec)
}

// issuedPDF is the issuing hook (pdfdoc.Service.IssueDraft): the signed
// PDF/A archived beside the DOCX and recorded in rec. Issuing without the
// approval its template requires is a conflict.
func (s *Service) issuedPDF(ctx context.Context, rec *record.Record, docx []byte, draftID string, now time.Time) error {
	err := s.pdf.IssueDraft(ctx, rec, docx, draftID, s.approvalRequired(rec.Template), now)
	var required *pdfdoc.ApprovalRequiredError
	if errors.As(err, &required) {
		return &ConflictError{Message: required.Error()}
	}
	return err
}

// approvalRequired reports whether template allows issuing only drafts
// the leader approved.
func (s *Service) approvalRequired(template string) bool {
	tpl, err := s.templates.Get(template)
	return err == nil && tpl.Manifest().Approval == "required"
}
