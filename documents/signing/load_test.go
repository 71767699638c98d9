package signing

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadPEM(t *testing.T) {
	ecKey := testKeys["ECDSA-P256"]().(*ecdsa.PrivateKey)
	rsaKey := testKeys["RSA-3072"]().(*rsa.PrivateKey)
	ecCert, err := selfSigned(ecKey, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	rsaCert, err := selfSigned(rsaKey, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	root, rootKey := issue(t, caTemplate("Root CA", 1), nil, nil)
	inter, interKey := issue(t, caTemplate("Issuing CA", 2), root, rootKey)
	leaf, leafKey := issue(t, leafTemplate(testCN, 3), inter, interKey)

	sec1, err := x509.MarshalECPrivateKey(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	// openssl ecparam -genkey writes an EC PARAMETERS block first.
	ecParams := pem.EncodeToMemory(&pem.Block{Type: "EC PARAMETERS", Bytes: []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}})
	sec1PEM := append(ecParams, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})...)
	pkcs1PEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)})

	for _, tc := range []struct {
		name      string
		cert, key []byte
		wantLeaf  *x509.Certificate
		wantChain int
	}{
		{"ECDSA PKCS#8", certPEM(ecCert), pkcs8PEM(t, ecKey), ecCert, 0},
		{"ECDSA SEC 1 with parameters", certPEM(ecCert), sec1PEM, ecCert, 0},
		{"RSA PKCS#8", certPEM(rsaCert), pkcs8PEM(t, rsaKey), rsaCert, 0},
		{"RSA PKCS#1", certPEM(rsaCert), pkcs1PEM, rsaCert, 0},
		{"chain leaf first", certPEM(leaf, inter), pkcs8PEM(t, leafKey), leaf, 1},
		{"chain leaf last", certPEM(inter, leaf), pkcs8PEM(t, leafKey), leaf, 1},
		{"one bundle for both", append(certPEM(leaf, inter), pkcs8PEM(t, leafKey)...), append(certPEM(leaf, inter), pkcs8PEM(t, leafKey)...), leaf, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := LoadPEM(tc.cert, tc.key)
			if err != nil {
				t.Fatal(err)
			}
			chain := s.Chain()
			if !s.Certificate().Equal(tc.wantLeaf) || !chain[0].Equal(tc.wantLeaf) || len(chain) != 1+tc.wantChain {
				t.Fatalf("leaf %q with chain of %d, want %q with chain of %d",
					s.Certificate().Subject.CommonName, len(chain), tc.wantLeaf.Subject.CommonName, 1+tc.wantChain)
			}
			p7s, err := s.Sign([]byte("x"), testNow)
			if err != nil {
				t.Fatal(err)
			}
			trusted := []*x509.Certificate{tc.wantLeaf}
			if tc.wantChain > 0 {
				trusted = []*x509.Certificate{root}
			}
			if v := Verify([]byte("x"), p7s, trusted); !v.Valid {
				t.Fatalf("Verify = %+v", v)
			}
		})
	}
}

func TestLoadPEMRejects(t *testing.T) {
	ecKey := testKeys["ECDSA-P256"]()
	ecCert, err := selfSigned(ecKey, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	otherCert, _ := issue(t, leafTemplate(testCN, 9), nil, nil)
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edTmpl := leafTemplate("ed25519", 10)
	edDER, err := x509.CreateCertificate(rand.Reader, edTmpl, edTmpl, edKey.Public(), edKey)
	if err != nil {
		t.Fatal(err)
	}
	smallRSA, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallCert, err := selfSigned(smallRSA, "small", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p224Cert, err := selfSigned(p224, "p224", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	encryptedKey := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30, 0x00}})
	encTmpl := leafTemplate("encipherment only", 11)
	encTmpl.KeyUsage = x509.KeyUsageKeyEncipherment
	encCert, encKey := issue(t, encTmpl, nil, nil)

	for _, tc := range []struct {
		name      string
		cert, key []byte
	}{
		{"mismatched certificate and key", certPEM(otherCert), pkcs8PEM(t, ecKey)},
		{"no certificate", nil, pkcs8PEM(t, ecKey)},
		{"no key", certPEM(ecCert), nil},
		{"garbage certificate", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), pkcs8PEM(t, ecKey)},
		{"encrypted key", certPEM(ecCert), encryptedKey},
		{"Ed25519", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: edDER}), pkcs8PEM(t, edKey)},
		{"RSA-1024", certPEM(smallCert), pkcs8PEM(t, smallRSA)},
		{"ECDSA P-224", certPEM(p224Cert), pkcs8PEM(t, p224)},
		{"key usage forbids signing", certPEM(encCert), pkcs8PEM(t, encKey)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPEM(tc.cert, tc.key)
			if !errors.Is(err, ErrBadKey) {
				t.Fatalf("LoadPEM error = %v, want ErrBadKey", err)
			}
		})
	}
}

func TestLoadPKCS12(t *testing.T) {
	openssl := requireOpenSSL(t)
	root, rootKey := issue(t, caTemplate("Root CA", 1), nil, nil)
	leaf, leafKey := issue(t, leafTemplate(testCN, 3), root, rootKey)
	rsaKey := testKeys["RSA-3072"]()
	rsaCert, err := selfSigned(rsaKey, testCN, testOrg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	const password = "mật khẩu"

	legacy3DES := []string{"-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"}
	for _, tc := range []struct {
		name     string
		args     []string // extra openssl pkcs12 -export arguments
		certs    []byte
		key      []byte
		password string
		wantErr  string // "" for success
	}{
		{"ECDSA with chain, 3DES", legacy3DES, certPEM(leaf, root), pkcs8PEM(t, leafKey), password, ""},
		{"RSA, 3DES", legacy3DES, certPEM(rsaCert), pkcs8PEM(t, rsaKey), password, ""},
		{"ECDSA, -legacy (RC2 certificates)", []string{"-legacy"}, certPEM(leaf), pkcs8PEM(t, leafKey), password, ""},
		{"wrong password", legacy3DES, certPEM(leaf), pkcs8PEM(t, leafKey), "sai", "password is incorrect"},
		{"ECDSA with chain, OpenSSL 3 defaults (AES-256, SHA-256 MAC)", nil, certPEM(leaf, root), pkcs8PEM(t, leafKey), password, ""},
		{"RSA, OpenSSL 3 defaults", nil, certPEM(rsaCert), pkcs8PEM(t, rsaKey), password, ""},
		{"AES-128 with a SHA-512 MAC", []string{"-certpbe", "AES-128-CBC", "-keypbe", "AES-128-CBC", "-macalg", "sha512"}, certPEM(leaf), pkcs8PEM(t, leafKey), password, ""},
		{"OpenSSL 3 defaults, wrong password", nil, certPEM(leaf), pkcs8PEM(t, leafKey), "sai", "password is incorrect"},
		{"not a PKCS#12 file", nil, nil, nil, password, "decode PKCS#12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte("PK\x03\x04 not a PKCS#12 file")
			if tc.certs != nil {
				data = exportPKCS12(t, openssl, tc.certs, tc.key, password, tc.args...)
			}
			s, err := LoadPKCS12(data, tc.password)
			if tc.wantErr != "" {
				if !errors.Is(err, ErrBadKey) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("LoadPKCS12 error = %v, want ErrBadKey mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p7s, err := s.Sign([]byte("x"), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if v := Verify([]byte("x"), p7s, []*x509.Certificate{root, rsaCert}); !v.Valid {
				t.Fatalf("Verify = %+v", v)
			}
		})
	}
}

// exportPKCS12 has openssl write certs and key as a PKCS#12 file protected by
// password, with extra arguments choosing the protection, and returns it.
func exportPKCS12(t *testing.T, openssl string, certs, key []byte, password string, extra ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "signer.p12")
	args := append([]string{"pkcs12", "-export",
		"-in", writeFile(t, dir, "certs.pem", certs),
		"-inkey", writeFile(t, dir, "key.pem", key),
		"-out", out, "-passout", "pass:" + password}, extra...)
	if stderr, err := runOpenSSL(t, openssl, args...); err != nil {
		if len(extra) > 0 && extra[0] == "-legacy" && os.Getenv("CI") != "true" {
			t.Skipf("openssl without the legacy provider: %s", stderr)
		}
		t.Fatalf("openssl pkcs12 -export: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
