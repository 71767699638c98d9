package archivecheck

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"

	"vanthu/documents/archive"
	"vanthu/documents/record"
	"vanthu/documents/signing"
)

// Signature re-reads an issued document's archived DOCX and its detached
// signature and verifies them against trusted and against the DOCX
// checksum of the manifest. altered reports that the archive found the
// DOCX changed after it was stored: v is then invalid and says so. err is
// a file that could not be read.
func Signature(ctx context.Context, a archive.Archive, rec *record.Record, trusted []*x509.Certificate) (v signing.Verification, altered error, err error) {
	docx, _, err := archive.ReadAll(ctx, a, rec.DOCX.Key)
	if errors.Is(err, archive.ErrCorrupt) {
		return signing.Verification{Valid: false, Error: "the archived file was altered after it was stored: " + err.Error()}, err, nil
	}
	if err != nil {
		return signing.Verification{}, nil, fmt.Errorf("verify %s: %w", rec.ID, err)
	}
	p7s, _, err := archive.ReadAll(ctx, a, rec.Signature.Key)
	if err != nil {
		return signing.Verification{}, nil, fmt.Errorf("verify %s: %w", rec.ID, err)
	}
	v = signing.Verify(docx, p7s, trusted)
	if v.Valid && v.SHA256 != rec.DOCX.SHA256 {
		v.Valid = false
		v.Error = "the signed file differs from the one recorded in the manifest"
	}
	return v, nil, nil
}
