package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// Files of the embedded default signer, relative to the data directory.
const (
	storeDir      = "signing"
	storeKeyFile  = "key.pem"
	storeCertFile = "cert.pem"
)

// Validity of a generated certificate. It starts an hour early so that
// hosts whose clocks lag slightly still accept signatures made at once.
const (
	generatedValidity = 10 * 365 * 24 * time.Hour
	generatedBackdate = time.Hour
)

// oidDocumentSigning is id-kp-documentSigning (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// LoadOrCreate returns the embedded default signer kept in dir/signing:
// key.pem (PKCS#8, mode 0600) and cert.pem. When neither exists it generates
// an ECDSA P-256 key and a self-signed certificate for commonName and
// organization, valid for ten years from now, and reports created = true.
// When only key.pem exists (a first start interrupted between the two
// files), a certificate is generated for it and created is true. When only
// cert.pem exists it fails rather than replace the identity others trust.
//
// commonName and organization are used only when a certificate is
// generated; an existing one is loaded as it is. Files are written with
// fsync and published without replacing an existing file, so concurrent
// first starts from several processes agree on one key and certificate.
func LoadOrCreate(dir, commonName, organization string, now time.Time) (s *Signer, created bool, err error) {
	sdir := filepath.Join(dir, storeDir)
	if err := os.MkdirAll(sdir, 0o700); err != nil {
		return nil, false, fmt.Errorf("signing: create %s: %w", sdir, err)
	}
	keyPath := filepath.Join(sdir, storeKeyFile)
	certPath := filepath.Join(sdir, storeCertFile)

	_, statErr := os.Stat(certPath)
	if errors.Is(statErr, fs.ErrNotExist) && commonName == "" {
		return nil, false, errors.New("signing: a common name is required to create a certificate")
	}
	keyPEM, err := os.ReadFile(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		if statErr == nil {
			return nil, false, fmt.Errorf("%w: %s exists without %s; restore the key or remove the certificate",
				ErrBadKey, certPath, keyPath)
		}
		if keyPEM, err = createKey(keyPath); err != nil {
			return nil, false, err
		}
	} else if err != nil {
		return nil, false, fmt.Errorf("signing: read key: %w", err)
	}

	certPEM, err := os.ReadFile(certPath)
	if err == nil {
		s, err := LoadPEM(certPEM, keyPEM)
		if err != nil {
			return nil, false, fmt.Errorf("signing: load %s: %w", sdir, err)
		}
		return s, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, fmt.Errorf("signing: read certificate: %w", err)
	}
	return createCertificate(certPath, keyPEM, commonName, organization, now)
}

// createKey generates a P-256 key and publishes it at path, unless another
// process got there first; it returns the PEM now at path.
func createKey(path string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("signing: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("signing: encode key: %w", err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	err = publishFile(path, keyPEM, 0o600)
	if errors.Is(err, fs.ErrExist) {
		if keyPEM, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("signing: read key: %w", err)
		}
		return keyPEM, nil
	}
	if err != nil {
		return nil, err
	}
	return keyPEM, nil
}

// createCertificate generates a self-signed certificate for the key in
// keyPEM and publishes it at path, unless another process got there first.
func createCertificate(path string, keyPEM []byte, commonName, organization string, now time.Time) (*Signer, bool, error) {
	key, err := parsePrivateKeyPEM(keyPEM)
	if err != nil {
		return nil, false, err
	}
	cert, err := selfSigned(key, commonName, organization, now)
	if err != nil {
		return nil, false, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	err = publishFile(path, certPEM, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if certPEM, err = os.ReadFile(path); err != nil {
			return nil, false, fmt.Errorf("signing: read certificate: %w", err)
		}
		s, err := LoadPEM(certPEM, keyPEM)
		return s, false, err
	}
	if err != nil {
		return nil, false, err
	}
	s, err := New(key, cert)
	return s, err == nil, err
}

// selfSigned returns a self-signed signing certificate for key. Its key
// usage and extended key usages let OpenSSL accept it as the trust anchor of
// a CMS signature (openssl cms -verify -CAfile cert.pem).
func selfSigned(key crypto.Signer, commonName, organization string, now time.Time) (*x509.Certificate, error) {
	if commonName == "" {
		return nil, errors.New("signing: a common name is required to create a certificate")
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("signing: generate serial: %w", err)
	}
	subject := pkix.Name{CommonName: commonName}
	if organization != "" {
		subject.Organization = []string{organization}
	}
	notBefore := now.UTC().Truncate(time.Second).Add(-generatedBackdate)
	tmpl := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)), // positive, never zero
		Subject:               subject,
		NotBefore:             notBefore,
		NotAfter:              notBefore.Add(generatedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidDocumentSigning},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("signing: create certificate: %w", err)
	}
	return x509.ParseCertificate(der)
}

// publishFile writes data to a temporary file next to path, syncs it and
// links it at path, so readers see either nothing or the whole file. It
// fails with an error wrapping fs.ErrExist when path already exists: unlike
// a rename, a link never replaces the key or certificate of another process.
func publishFile(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("signing: create temporary file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the link, path keeps the data

	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("signing: write %s: %w", tmp, err)
	}
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("signing: publish %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("signing: open %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("signing: sync %s: %w", dir, err)
	}
	return nil
}
