package signing

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// testNow is the clock of the tests: signatures are made at testNow by
// certificates created at testNow.
var testNow = time.Date(2026, time.March, 3, 8, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// Vietnamese names exercise UTF8String subjects end to end.
const (
	testCN  = "Văn phòng Tỉnh ủy"
	testOrg = "Đảng bộ tỉnh Hà Tĩnh"
)

// Key generation dominates test time under -race; each kind is made once.
var testKeys = map[string]func() crypto.Signer{
	"ECDSA-P256": sync.OnceValue(func() crypto.Signer { return mustKey(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)) }),
	"RSA-3072":   sync.OnceValue(func() crypto.Signer { return mustKey(rsa.GenerateKey(rand.Reader, 3072)) }),
	"ECDSA-P384": sync.OnceValue(func() crypto.Signer { return mustKey(ecdsa.GenerateKey(elliptic.P384(), rand.Reader)) }),
}

func mustKey[K crypto.Signer](k K, err error) crypto.Signer {
	if err != nil {
		panic(err)
	}
	return k
}

// newTestSigner returns a signer with a self-signed certificate, as
// LoadOrCreate makes it, for the key of the given kind.
func newTestSigner(t testing.TB, kind string) *Signer {
	t.Helper()
	key := testKeys[kind]()
	cert, err := selfSigned(key, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(key, cert)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// issue creates a certificate from tmpl signed by parent (self-signed when
// parent is nil) and returns it with its new P-256 key.
func issue(t testing.TB, tmpl *x509.Certificate, parent *x509.Certificate, parentKey crypto.Signer) (*x509.Certificate, crypto.Signer) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// caTemplate returns a CA certificate template valid around testNow.
func caTemplate(cn string, serial int64) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Ban Cơ yếu (test)"}},
		NotBefore:             testNow.AddDate(-1, 0, 0),
		NotAfter:              testNow.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
}

// leafTemplate returns an end-entity signing certificate template.
func leafTemplate(cn string, serial int64) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{testOrg}},
		NotBefore:             testNow.AddDate(0, -1, 0),
		NotAfter:              testNow.AddDate(2, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
	}
}

func certPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

func pkcs8PEM(t testing.TB, key crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// requireOpenSSL returns the path of the openssl CLI. Without it the test
// is skipped locally and fails in CI, where the interop checks must run.
func requireOpenSSL(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("openssl CLI not found; CI must install it (Debian package openssl)")
		}
		t.Skip("openssl CLI not found; install it to run the interoperability tests")
	}
	return path
}

// runOpenSSL runs openssl with args and returns its standard error and
// exit error.
func runOpenSSL(t testing.TB, openssl string, args ...string) (string, error) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(openssl, args...)
	cmd.Stderr = &stderr
	err := cmd.Run()
	return stderr.String(), err
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
