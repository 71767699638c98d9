package documents

import (
	"context"
	"errors"
	"fmt"

	"vanthu/documents/archive"
	"vanthu/documents/audit"
	"vanthu/documents/signing"
)

// Signature returns the detached CMS signature (.p7s, DER) of an issued
// document.
func (s *Service) Signature(ctx context.Context, id string) ([]byte, *Record, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Signature == nil {
		return nil, nil, fmt.Errorf("document %s has no signature (drafts are not signed): %w", id, ErrNotFound)
	}
	b, err := s.readVerified(ctx, *rec.Signature)
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
	docx, _, err := archive.ReadAll(ctx, s.archive, rec.DOCX.Key)
	if errors.Is(err, archive.ErrCorrupt) {
		s.log.Error("archived document was altered", "id", id, "err", err)
		s.auditRec(ctx, audit.ActionVerify, rec, audit.ResultOK, "invalid: archived file altered")
		return signing.Verification{Valid: false, Error: "the archived file was altered after it was stored: " + err.Error()}, nil
	}
	if err != nil {
		return signing.Verification{}, fmt.Errorf("verify %s: %w", id, err)
	}
	p7s, _, err := archive.ReadAll(ctx, s.archive, rec.Signature.Key)
	if err != nil {
		return signing.Verification{}, fmt.Errorf("verify %s: %w", id, err)
	}
	v := signing.Verify(docx, p7s, s.opts.Trusted)
	if v.Valid && v.SHA256 != rec.DOCX.SHA256 {
		v.Valid = false
		v.Error = "the signed file differs from the one recorded in the manifest"
	}
	result := "valid"
	if !v.Valid {
		result = "invalid"
		s.log.Error("signature verification failed", "id", id, "reason", v.Error)
	}
	s.auditRec(ctx, audit.ActionVerify, rec, audit.ResultOK, result)
	return v, nil
}
