package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
)

// Errors of this package; callers test them with errors.Is.
var (
	// ErrBadKey means a key or certificate cannot be used for signing:
	// unreadable, unsupported, encrypted, or not matching each other.
	ErrBadKey = errors.New("signing: unusable key or certificate")
	// ErrInvalidSignature means a signature is malformed or does not match
	// the content.
	ErrInvalidSignature = errors.New("signing: invalid signature")
	// ErrUntrusted means a signature is intact but its certificate does not
	// chain to any trusted certificate.
	ErrUntrusted = errors.New("signing: signer not trusted")
)

// minRSABits is the smallest RSA modulus accepted, the floor of the
// Vietnamese technical standard for signing software.
const minRSABits = 2048

// Signer signs documents with one private key and its certificate. It is
// immutable and safe for concurrent use when its key is (keys from this
// package and from crypto/ecdsa and crypto/rsa are).
type Signer struct {
	key   crypto.Signer
	cert  *x509.Certificate
	chain []*x509.Certificate // intermediates, leaf excluded

	// Parts of every signature that depend only on the key and certificates.
	sigAlg  pkix.AlgorithmIdentifier
	sid     issuerAndSerial
	certs   asn1.RawValue
	essAttr []byte // encoded signing-certificate-v2 attribute
}

// New returns a Signer for key and its certificate cert. chain holds the
// intermediate certificates to embed in signatures, closest to cert first;
// it must not contain cert itself. The error wraps [ErrBadKey] when the key
// type is unsupported, the key does not match cert, or cert's key usage
// forbids signing.
func New(key crypto.Signer, cert *x509.Certificate, chain ...*x509.Certificate) (*Signer, error) {
	if key == nil || cert == nil {
		return nil, fmt.Errorf("%w: key and certificate are required", ErrBadKey)
	}
	sigAlg, err := signatureAlgorithm(key.Public())
	if err != nil {
		return nil, err
	}
	pub, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(key.Public()) {
		return nil, fmt.Errorf("%w: private key does not match certificate %q", ErrBadKey, cert.Subject.CommonName)
	}
	if cert.KeyUsage != 0 && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return nil, fmt.Errorf("%w: certificate %q key usage allows neither digitalSignature nor contentCommitment",
			ErrBadKey, cert.Subject.CommonName)
	}
	s := &Signer{
		key:    key,
		cert:   cert,
		chain:  append([]*x509.Certificate(nil), chain...),
		sigAlg: sigAlg,
		sid:    issuerAndSerial{Issuer: asn1.RawValue{FullBytes: cert.RawIssuer}, Serial: cert.SerialNumber},
		certs:  certificateSet(append([]*x509.Certificate{cert}, chain...)),
	}
	if s.essAttr, err = signingCertificateAttribute(cert); err != nil {
		return nil, fmt.Errorf("%w: encode signing certificate attribute: %w", ErrBadKey, err)
	}
	return s, nil
}

// signatureAlgorithm returns the CMS signature algorithm for a public key,
// or an error wrapping ErrBadKey when the key is not supported.
func signatureAlgorithm(pub crypto.PublicKey) (pkix.AlgorithmIdentifier, error) {
	switch pub := pub.(type) {
	case *ecdsa.PublicKey:
		switch pub.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
			return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, nil
		}
		return pkix.AlgorithmIdentifier{}, fmt.Errorf("%w: unsupported ECDSA curve %s", ErrBadKey, pub.Curve.Params().Name)
	case *rsa.PublicKey:
		if pub.N.BitLen() < minRSABits {
			return pkix.AlgorithmIdentifier{}, fmt.Errorf("%w: RSA key of %d bits, need at least %d",
				ErrBadKey, pub.N.BitLen(), minRSABits)
		}
		// RFC 3370 §3.2: rsaEncryption with NULL parameters, the form every
		// CMS verifier accepts.
		return pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: asn1.NullRawValue}, nil
	}
	return pkix.AlgorithmIdentifier{}, fmt.Errorf("%w: unsupported key type %T (use ECDSA or RSA)", ErrBadKey, pub)
}

// LoadPEM returns a Signer from PEM data. certPEM holds the signer's
// certificate and optionally its chain, in any order: the certificate whose
// public key matches the private key is the signer's, the others are
// embedded as the chain. keyPEM holds one unencrypted private key in PKCS#8,
// SEC 1 or PKCS#1 form; other PEM blocks in either input are ignored, so the
// same bundle may be passed twice.
func LoadPEM(certPEM, keyPEM []byte) (*Signer, error) {
	certs, err := ParseCertificatesPEM(certPEM)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadKey, err)
	}
	key, err := parsePrivateKeyPEM(keyPEM)
	if err != nil {
		return nil, err
	}
	return newFromCertificates(key, certs)
}

// newFromCertificates picks the certificate matching key as the leaf and
// keeps the others, in their order, as the chain.
func newFromCertificates(key crypto.Signer, certs []*x509.Certificate) (*Signer, error) {
	for i, c := range certs {
		pub, ok := c.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
		if !ok || !pub.Equal(key.Public()) {
			continue
		}
		chain := append(append([]*x509.Certificate(nil), certs[:i]...), certs[i+1:]...)
		return New(key, c, chain...)
	}
	return nil, fmt.Errorf("%w: no certificate matches the private key", ErrBadKey)
}

// ParseCertificatesPEM returns every CERTIFICATE block of data, in order,
// skipping other blocks. It fails when there is none. Use it to read the
// trusted certificates passed to [Verify].
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate %d: %w", len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no CERTIFICATE block in PEM data")
	}
	return certs, nil
}

// parsePrivateKeyPEM returns the first private key of data. Errors wrap
// ErrBadKey.
func parsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, fmt.Errorf("%w: no private key block in PEM data", ErrBadKey)
		}
		if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] == "4,ENCRYPTED" {
			return nil, fmt.Errorf("%w: encrypted private keys are not supported; "+
				"decrypt with: openssl pkey -in key.pem -out plain.pem", ErrBadKey)
		}
		var (
			key any
			err error
		)
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue // certificates, "EC PARAMETERS" and the like
		}
		if err != nil {
			return nil, fmt.Errorf("%w: parse %s: %w", ErrBadKey, block.Type, err)
		}
		return asSigner(key)
	}
}

// asSigner returns key as a crypto.Signer, or an error wrapping ErrBadKey.
func asSigner(key any) (crypto.Signer, error) {
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: unsupported private key type %T", ErrBadKey, key)
	}
	return s, nil
}

// Certificate returns the signer's certificate. The caller must not modify it.
func (s *Signer) Certificate() *x509.Certificate { return s.cert }

// Chain returns the certificates embedded in signatures: the signer's
// certificate first, then the intermediates, closest first. For a
// self-signed signer it is the certificate alone, which makes it a suitable
// trusted set for [Verify] of the signer's own signatures.
func (s *Signer) Chain() []*x509.Certificate {
	return append([]*x509.Certificate{s.cert}, s.chain...)
}

// CertificatePEM returns the signer's certificate in PEM form, the file to
// publish so others can verify signatures (openssl cms -CAfile).
func (s *Signer) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.cert.Raw})
}

// Fingerprint returns the signer certificate's SHA-256 fingerprint; see
// [Fingerprint].
func (s *Signer) Fingerprint() string { return Fingerprint(s.cert) }

// Fingerprint returns the SHA-256 of cert's DER encoding in lower-case hex
// without separators, the form recorded in manifests and in
// [Verification].Certificate.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// NewFromCertificates returns a Signer for key, taking as its certificate
// the one of certs whose public key matches key and the others, in their
// order, as the chain. Use it for keys held elsewhere (PKCS#11) whose
// certificate comes as a bundle.
func NewFromCertificates(key crypto.Signer, certs []*x509.Certificate) (*Signer, error) {
	return newFromCertificates(key, certs)
}
