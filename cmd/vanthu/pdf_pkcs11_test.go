//go:build cgo

package main

import (
	"testing"

	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing/pkcs11key"
	"vanthu/documents/signing/pkcs11key/softhsmtest"
)

// TestPDFSignedInSoftHSM runs the service with the organisation's key in a
// SoftHSM2 token (Config.PDF.PKCS11, the certificate in the token):
// the issued PDF's signature is valid and trusted in pdfsig.
func TestPDFSignedInSoftHSM(t *testing.T) {
	tok := softhsmtest.New(t, "con-dau", "Văn phòng Tỉnh ủy Hòa Bình", true)
	cfg, p := pdfConfig(t) // the PEM key is replaced by the token's
	cfg.SignCert, cfg.SignKey = "", ""
	cfg.PDF.PKCS11 = pkcs11key.Config{Module: tok.Module, Token: tok.Label, PIN: tok.PIN, KeyLabel: tok.KeyLabel}
	ts := startServer(t, cfg)
	doc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, exampleRequest(t, "thong-bao-ket-luan.json")), 201)
	code, pdf, _ := ts.do("viewer", "GET", "/api/v1/documents/"+doc.ID+"/pdf", nil)
	if code != 200 {
		t.Fatalf("PDF: %d %s", code, pdf)
	}
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted {
		t.Fatalf("pdfsig: %+v", reps)
	}
	v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+doc.ID+"/verify", nil, 200)
	if v["valid"] != true {
		t.Fatalf("verify: %v", v)
	}
}
