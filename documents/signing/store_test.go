package signing

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestLoadOrCreate(t *testing.T) {
	dir := t.TempDir()
	first, created, err := LoadOrCreate(dir, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatal("first call: created = false, want true")
	}
	second, created, err := LoadOrCreate(dir, "Other name", "Other org", testNow.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if created {
		t.Fatal("second call: created = true, want false")
	}
	if !second.Certificate().Equal(first.Certificate()) {
		t.Fatal("second call loaded a different certificate")
	}

	keyInfo, err := os.Stat(filepath.Join(dir, "signing", "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if mode := keyInfo.Mode().Perm(); mode != 0o600 {
		t.Errorf("key.pem mode = %o, want 600", mode)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "signing"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"cert.pem", "key.pem"}) {
		t.Errorf("signing directory holds %v, want cert.pem and key.pem only", names)
	}

	cert := first.Certificate()
	for _, check := range []struct {
		name string
		ok   bool
	}{
		{"subject", cert.Subject.CommonName == testCN && slices.Equal(cert.Subject.Organization, []string{testOrg})},
		{"self-signed", bytes.Equal(cert.RawIssuer, cert.RawSubject) &&
			cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature) == nil},
		{"ECDSA P-256", isP256(cert)},
		{"valid at creation", !testNow.Before(cert.NotBefore) && testNow.Before(cert.NotAfter)},
		{"ten years", cert.NotAfter.Sub(cert.NotBefore) >= 10*365*24*time.Hour},
		{"key usage", cert.KeyUsage == x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment},
		{"email protection", slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageEmailProtection)},
		{"not a CA", cert.BasicConstraintsValid && !cert.IsCA},
	} {
		if !check.ok {
			t.Errorf("generated certificate: %s check failed", check.name)
		}
	}

	p7s, err := second.Sign([]byte("x"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if v := Verify([]byte("x"), p7s, []*x509.Certificate{first.Certificate()}); !v.Valid {
		t.Fatalf("Verify = %+v", v)
	}
}

func isP256(cert *x509.Certificate) bool {
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	return ok && pub.Curve == elliptic.P256()
}

func TestLoadOrCreatePartialState(t *testing.T) {
	for _, tc := range []struct {
		name        string
		keep        string // file left from a first run
		wantCreated bool
		wantSameKey bool
		wantErr     error
	}{
		{"key without certificate", "key.pem", true, true, nil},
		{"certificate without key", "cert.pem", false, false, ErrBadKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			orig, _, err := LoadOrCreate(dir, testCN, testOrg, testNow)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"key.pem", "cert.pem"} {
				if name != tc.keep {
					if err := os.Remove(filepath.Join(dir, "signing", name)); err != nil {
						t.Fatal(err)
					}
				}
			}
			s, created, err := LoadOrCreate(dir, testCN, testOrg, testNow)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if created != tc.wantCreated {
				t.Errorf("created = %v, want %v", created, tc.wantCreated)
			}
			sameKey := s.Certificate().PublicKey.(*ecdsa.PublicKey).Equal(orig.Certificate().PublicKey)
			if sameKey != tc.wantSameKey {
				t.Errorf("same key = %v, want %v", sameKey, tc.wantSameKey)
			}
		})
	}
}

func TestLoadOrCreateConcurrent(t *testing.T) {
	// Several processes starting at once on a shared volume must end up with
	// one key and one certificate that match.
	dir := t.TempDir()
	const n = 8
	signers := make([]*Signer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			signers[i], _, errs[i] = LoadOrCreate(dir, testCN, testOrg, testNow)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("LoadOrCreate %d: %v", i, errs[i])
		}
		if !signers[i].Certificate().Equal(signers[0].Certificate()) {
			t.Fatalf("LoadOrCreate %d returned a different certificate", i)
		}
	}
	if _, created, err := LoadOrCreate(dir, testCN, testOrg, testNow); err != nil || created {
		t.Fatalf("reload: created = %v, err = %v", created, err)
	}
}

func TestLoadOrCreateRequiresName(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LoadOrCreate(dir, "", testOrg, testNow); err == nil {
		t.Fatal("LoadOrCreate without a common name succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "signing", "key.pem")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key was left behind: %v", err)
	}
}
