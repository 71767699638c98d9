package pades_test

import (
	"bytes"
	"testing"

	"vanthu/documents/pades"
	"vanthu/documents/signing"
)

// FuzzVerify feeds Verify and CheckApproval malformed files, as uploads
// may be: they must answer, never panic or hang.
func FuzzVerify(f *testing.F) {
	f.Add([]byte("%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer <</Size 2/Root 1 0 R>>\nstartxref\n55\n%%EOF\n"))
	f.Add([]byte("%PDF-1.5\n1 0 obj <</Type/XRef/W[0 0 0]/Index[0 99999999999]/Size 3/Root 1 0 R/Length 0>>stream\n\nendstream endobj\nstartxref\n9\n%%EOF"))
	f.Add(bytes.Repeat([]byte("<<["), 1000))
	f.Fuzz(func(t *testing.T, data []byte) {
		pades.Verify(data, signing.VerifyOptions{})
		pades.CheckApproval(nil, data, "x", signing.VerifyOptions{})
		pades.TextFields(data)
	})
}
