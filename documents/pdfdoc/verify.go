package pdfdoc

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"vanthu/documents/archive"
	"vanthu/documents/pades"
	"vanthu/documents/record"
	"vanthu/documents/signing"
)

// Verification lists the signatures of a PDF.
type Verification struct {
	// Intact is true when every signature is valid and the last one covers
	// the whole file: nothing was changed after the organisation signed.
	Intact     bool              `json:"intact"`
	Signatures []pades.Signature `json:"signatures"`
	Error      string            `json:"error,omitempty"`
}

// Verify checks every signature of the archived PDF of rec, an issued
// document (an error wrapping [ErrNoPDF] when it has none). A PDF altered
// in the archive is reported in the verification, not as an error.
func (p *Service) Verify(ctx context.Context, rec *record.Record) (*Verification, error) {
	if rec.PDF == nil {
		return nil, fmt.Errorf("document %s: %w", rec.ID, ErrNoPDF)
	}
	b, _, err := archive.ReadAll(ctx, p.opts.Archive, rec.PDF.Key)
	if errors.Is(err, archive.ErrCorrupt) {
		return &Verification{Signatures: []pades.Signature{}, Error: "the archived PDF was altered after it was stored: " + err.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	return VerifyFile(b, p.opts.Trusted), nil
}

// VerifyFile checks every signature of a PDF file (vanthu verify).
func VerifyFile(b []byte, trusted []*x509.Certificate) *Verification {
	sigs, err := pades.Verify(b, signing.VerifyOptions{Trusted: trusted})
	if err != nil {
		return &Verification{Signatures: []pades.Signature{}, Error: err.Error()}
	}
	v := &Verification{Signatures: sigs, Intact: true}
	for _, sg := range sigs {
		if !sg.Valid {
			v.Intact = false
		}
	}
	if last := sigs[len(sigs)-1]; !last.WholeDocument {
		v.Intact = false
		v.Error = fmt.Sprintf("the file was changed after its last signature: %d bytes follow the signed revision", len(b)-last.CoveredBytes)
	}
	return v
}

// Check is the PDF check of vanthu check (an archivecheck.PDFVerifier): an
// issued document's archived PDF must have every signature valid; why
// lists what does not hold.
func Check(b []byte, trusted []*x509.Certificate) (intact bool, why string) {
	v := VerifyFile(b, trusted)
	if v.Intact {
		return true, ""
	}
	var reasons []string
	if v.Error != "" {
		reasons = append(reasons, v.Error)
	}
	for _, sg := range v.Signatures {
		if !sg.Valid {
			reasons = append(reasons, sg.Field+": "+sg.Error)
		}
	}
	return false, strings.Join(reasons, "; ")
}
