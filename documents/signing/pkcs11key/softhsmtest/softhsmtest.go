//go:build cgo

// Package softhsmtest makes SoftHSM2 tokens for tests: one token per test,
// in a SOFTHSM2_CONF of its own, holding a P-256 key pair generated inside
// the token (sensitive, not extractable) and its certificate.
package softhsmtest

import (
	"crypto/elliptic"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ThalesGroup/crypto11"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/pades/padestest"
)

// Token describes the token made by [New].
type Token struct {
	Module, Label, PIN, KeyLabel string
	// Certificate is the key's certificate from the test CA.
	Certificate *x509.Certificate
}

// New initialises a token labelled "vanthu" with PIN 2468 and generates a
// key pair labelled keyLabel in it; with withCert the certificate (CN cn)
// is stored in the token too. It sets SOFTHSM2_CONF for the test.
func New(t testing.TB, keyLabel, cn string, withCert bool) Token {
	t.Helper()
	converttest.RequireTools(t, "softhsm2-util")
	tok := Token{Label: "vanthu", PIN: "2468", KeyLabel: keyLabel}
	for _, p := range []string{"/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"} {
		if _, err := os.Stat(p); err == nil {
			tok.Module = p
			break
		}
	}
	if tok.Module == "" {
		t.Fatal("softhsm2-util is installed but libsofthsm2.so was not found")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "softhsm2.conf")
	os.Mkdir(filepath.Join(dir, "tokens"), 0o700)
	os.WriteFile(conf, []byte("directories.tokendir = "+filepath.Join(dir, "tokens")+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600)
	t.Setenv("SOFTHSM2_CONF", conf)
	out, err := exec.Command("softhsm2-util", "--init-token", "--free", "--label", tok.Label, "--pin", tok.PIN, "--so-pin", "13579").CombinedOutput()
	if err != nil {
		t.Fatalf("softhsm2-util --init-token: %v: %s", err, out)
	}
	ctx, err := crypto11.Configure(&crypto11.Config{Path: tok.Module, TokenLabel: tok.Label, Pin: tok.PIN})
	if err != nil {
		t.Fatal(err)
	}
	defer ctx.Close()
	key, err := ctx.GenerateECDSAKeyPairWithLabel([]byte{1}, []byte(keyLabel), elliptic.P256())
	if err != nil {
		t.Fatal(err)
	}
	tok.Certificate = padestest.TestPKI().IssueFor(t, key.Public(), cn, "Tỉnh ủy Hòa Bình")
	if withCert {
		if err := ctx.ImportCertificateWithLabel([]byte{1}, []byte(keyLabel), tok.Certificate); err != nil {
			t.Fatal(err)
		}
	}
	return tok
}
