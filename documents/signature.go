package documents

import (
	"context"
	"fmt"

	"vanthu/documents/archivecheck"
	"vanthu/documents/audit"
	"vanthu/documents/record"
	"vanthu/documents/signing"
)

// Signature returns the detached CMS signature (.p7s, DER) of an issued
// document.
func (s *Service) Signature(ctx context.Context, id string) ([]byte, *record.Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Signature == nil {
		return nil, nil, fmt.Errorf("document %s has no signature (drafts are not signed): %w", id, ErrNotFound)
	}
	b, err := record.ReadVerifiedLogged(ctx, s.archive, *rec.Signature, s.log)
	if err != nil {
		s.auditRec(ctx, audit.ActionDownloadSignature, rec, audit.ResultFailed, err.Error())
		return nil, nil, fmt.Errorf("signature of %s: %w", id, err)
	}
	s.auditRec(ctx, audit.ActionDownloadSignature, rec, audit.ResultOK, "")
	return b, rec, nil
}

// Verify re-reads the archived DOCX and its signature and checks them
// against the organisation's certificate.
func (s *Service) Verify(ctx context.Context, id string) (signing.Verification, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return signing.Verification{}, err
	}
	if rec.Signature == nil {
		return signing.Verification{}, fmt.Errorf("document %s has no signature (drafts are not signed): %w", id, ErrNotFound)
	}
	v, altered, err := archivecheck.Signature(ctx, s.archive, rec, s.opts.Trusted)
	if err != nil {
		return signing.Verification{}, err
	}
	if altered != nil {
		s.log.Error("archived document was altered", "id", id, "err", altered)
		s.auditRec(ctx, audit.ActionVerify, rec, audit.ResultOK, "invalid: archived file altered")
		return v, nil
	}
	result := "valid"
	if !v.Valid {
		result = "invalid"
		s.log.Error("signature verification failed", "id", id, "reason", v.Error)
	}
	s.auditRec(ctx, audit.ActionVerify, rec, audit.ResultOK, result)
	return v, nil
}
