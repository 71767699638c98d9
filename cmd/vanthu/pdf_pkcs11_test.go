//go:build cgo

package main

import (
	"os"
	"path/filepath"
	"testing"

	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing/pkcs11key/softhsmtest"
)

// TestPDFSignedInSoftHSM runs the service with the organisation's key in a
// SoftHSM2 token (VANTHU_SIGN_PKCS11_*, the certificate in the token):
// the issued PDF's signature is valid and trusted in pdfsig.
func TestPDFSignedInSoftHSM(t *testing.T) {
	tok := softhsmtest.New(t, "con-dau", "Văn phòng Tỉnh ủy Hòa Bình", true)
	ts0, p := pdfServer(t) // the PEM key of pdfServer is replaced by the token's
	ts0.shutdown()
	pin := filepath.Join(t.TempDir(), "pin")
	os.WriteFile(pin, []byte(tok.PIN+"\n"), 0o600)
	t.Setenv("VANTHU_SIGN_CERT", "")
	t.Setenv("VANTHU_SIGN_KEY", "")
	t.Setenv("VANTHU_SIGN_PKCS11_MODULE", tok.Module)
	t.Setenv("VANTHU_SIGN_PKCS11_TOKEN", tok.Label)
	t.Setenv("VANTHU_SIGN_PKCS11_PIN_FILE", pin)
	t.Setenv("VANTHU_SIGN_PKCS11_KEY_LABEL", tok.KeyLabel)
	ts := startServer(t, testConfig(t))
	doc := ts.jsonDo("admin", "POST", "/api/v1/documents", mustJSON(t, exampleRequest(t, "thong-bao-ket-luan.json")), 201)
	code, pdf, _ := ts.do("viewer", "GET", "/api/v1/documents/"+doc["id"].(string)+"/pdf", nil)
	if code != 200 {
		t.Fatalf("PDF: %d %s", code, pdf)
	}
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted {
		t.Fatalf("pdfsig: %+v", reps)
	}
	v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+doc["id"].(string)+"/verify", nil, 200)
	if v["valid"] != true {
		t.Fatalf("verify: %v", v)
	}
}
