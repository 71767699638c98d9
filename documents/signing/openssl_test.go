package signing

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenSSLVerifiesOurSignatures checks the promise of the package: a
// signature made here verifies with the stock openssl CLI given only the
// document, the .p7s file and the certificate, and fails once the document
// changes.
func TestOpenSSLVerifiesOurSignatures(t *testing.T) {
	openssl := requireOpenSSL(t)
	root, rootKey := issue(t, caTemplate("Root CA", 1), nil, nil)
	inter, interKey := issue(t, caTemplate("Issuing CA", 2), root, rootKey)
	leaf, leafKey := issue(t, leafTemplate(testCN, 3), inter, interKey)
	chained, err := New(leafKey, leaf, inter)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		signer *Signer
		anchor *x509.Certificate
	}{
		{"ECDSA-P256 self-signed", newTestSigner(t, "ECDSA-P256"), nil},
		{"RSA-3072 self-signed", newTestSigner(t, "RSA-3072"), nil},
		{"ECDSA-P384 self-signed", newTestSigner(t, "ECDSA-P384"), nil},
		{"chain to root", chained, root},
	} {
		t.Run(tc.name, func(t *testing.T) {
			anchor := tc.anchor
			if anchor == nil {
				anchor = tc.signer.Certificate()
			}
			dir := t.TempDir()
			content := randomBytes(t, 20_000)
			p7s, err := tc.signer.Sign(content, testNow)
			if err != nil {
				t.Fatal(err)
			}
			docPath := writeFile(t, dir, "document.docx", content)
			sigPath := writeFile(t, dir, "document.docx.p7s", p7s)
			certPath := writeFile(t, dir, "cert.pem", certPEM(anchor))
			verify := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", sigPath,
				"-content", docPath, "-CAfile", certPath, "-purpose", "any", "-out", os.DevNull}

			stderr, err := runOpenSSL(t, openssl, verify...)
			if err != nil || !strings.Contains(stderr, "Verification successful") {
				t.Fatalf("openssl cms -verify: %v\n%s", err, stderr)
			}

			content[len(content)/3] ^= 0x01
			writeFile(t, dir, "document.docx", content)
			stderr, err = runOpenSSL(t, openssl, verify...)
			if err == nil || strings.Contains(stderr, "Verification successful") {
				t.Fatalf("openssl cms -verify accepted a changed document:\n%s", stderr)
			}
		})
	}
}

// TestOpenSSLDefaultPurpose checks that a generated certificate also passes
// openssl's default S/MIME signing purpose, for verifiers who omit
// -purpose any.
func TestOpenSSLDefaultPurpose(t *testing.T) {
	openssl := requireOpenSSL(t)
	s := newTestSigner(t, "ECDSA-P256")
	dir := t.TempDir()
	content := []byte("Chỉ thị số 05-CT/TU")
	p7s, err := s.Sign(content, testNow)
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := runOpenSSL(t, openssl, "cms", "-verify", "-binary", "-inform", "DER",
		"-in", writeFile(t, dir, "d.p7s", p7s), "-content", writeFile(t, dir, "d.docx", content),
		"-CAfile", writeFile(t, dir, "cert.pem", s.CertificatePEM()), "-out", os.DevNull)
	if err != nil || !strings.Contains(stderr, "Verification successful") {
		t.Fatalf("openssl cms -verify without -purpose: %v\n%s", err, stderr)
	}
}

// TestVerifyOpenSSLSignatures checks the other direction: detached
// signatures made by openssl cms -sign verify with Verify, so documents
// signed by other tools can be checked by vanthu.
func TestVerifyOpenSSLSignatures(t *testing.T) {
	openssl := requireOpenSSL(t)
	for _, tc := range []struct {
		name  string
		kind  string
		extra []string
	}{
		{"ECDSA-P256", "ECDSA-P256", nil},
		{"RSA-3072", "RSA-3072", nil},
		{"ECDSA-P256 CAdES", "ECDSA-P256", []string{"-cades"}},
		{"RSA-3072 CAdES", "RSA-3072", []string{"-cades"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestSigner(t, tc.kind)
			dir := t.TempDir()
			content := randomBytes(t, 30_000)
			docPath := writeFile(t, dir, "document.docx", content)
			sigPath := filepath.Join(dir, "document.docx.p7s")
			args := append([]string{"cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256",
				"-signer", writeFile(t, dir, "cert.pem", s.CertificatePEM()),
				"-inkey", writeFile(t, dir, "key.pem", pkcs8PEM(t, testKeys[tc.kind]())),
				"-in", docPath, "-out", sigPath}, tc.extra...)
			if stderr, err := runOpenSSL(t, openssl, args...); err != nil {
				t.Fatalf("openssl cms -sign: %v\n%s", err, stderr)
			}
			p7s, err := os.ReadFile(sigPath)
			if err != nil {
				t.Fatal(err)
			}
			trusted := []*x509.Certificate{s.Certificate()}
			if v := Verify(content, p7s, trusted); !v.Valid || v.SignedAt.IsZero() {
				t.Fatalf("Verify(openssl signature) = %+v, want valid with a signing time", v)
			}
			content[0] ^= 0x01
			if v := Verify(content, p7s, trusted); v.Valid {
				t.Fatal("Verify accepted a changed document")
			}
		})
	}
}
