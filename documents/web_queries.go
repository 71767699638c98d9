package documents

import (
	"context"
	"fmt"

	"vanthu/documents/citation"
	"vanthu/documents/record"
	"vanthu/documents/role"
	"vanthu/templates"
)

// NextNumber tells which number the register would give a draft issued now:
// the lowest free number of its series (issuer code, type code and the
// committee term of its date). It is a forecast shown before issuing; the
// number is only taken by Issue. Signers only, like issuing itself.
func (s *Service) NextNumber(ctx context.Context, id string) (string, error) {
	if !ActorFrom(ctx).Can(role.Signer) {
		return "", fmt.Errorf("forecast a number: %w", ErrForbidden)
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if rec.Status == record.StatusIssued {
		return rec.Number, nil
	}
	n, err := s.book.Next(ctx, rec.Issuer, rec.Type, rec.Date)
	if err != nil {
		return "", err
	}
	return citation.FormatParty(n, rec.Type, rec.Issuer), nil
}

// Preview validates a request and renders it as a draft without storing
// anything, for the actor of ctx (clerks and above). The record carries the
// visible text, citations and warnings of the would-be document.
func (s *Service) Preview(ctx context.Context, req CreateRequest) (*record.Record, error) {
	if !ActorFrom(ctx).Can(role.Clerk) {
		return nil, fmt.Errorf("preview documents: %w", ErrForbidden)
	}
	rec, _, err := s.buildDraft(ctx, req.Template, req.Data)
	return rec, err
}

// QuotaRule returns the base ("good_or_above" or "good_only") and the
// percentage of the "hoàn thành xuất sắc" ceiling the service applies, so
// that a form can warn with the same rule before submitting.
func (s *Service) QuotaRule() (base string, percent int) {
	return s.opts.QuotaBase, s.opts.QuotaPercent
}

// Template returns the manifest of a template by name.
func (s *Service) Template(name string) (templates.Manifest, error) {
	t, err := s.templates.Get(name)
	if err != nil {
		return templates.Manifest{}, err
	}
	return t.Manifest(), nil
}
