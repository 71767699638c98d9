package signing

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	_ "crypto/sha512" // SHA-384 and SHA-512 for signing-certificate-v2 hashes
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/smallstep/pkcs7"
)

// Verification is the outcome of [Verify], shaped for JSON responses.
type Verification struct {
	// Valid is true only when the signature matches the content and the
	// signer's certificate is trusted.
	Valid bool `json:"valid"`
	// SHA256 is the lower-case hex SHA-256 of the content, always set.
	SHA256 string `json:"sha256"`
	// Signer is the signer certificate's common name and organisation as
	// "CN=…,O=…", set whenever the signature names a certificate.
	Signer string `json:"signer,omitempty"`
	// SignedAt is the signing time the signer recorded, zero when absent.
	SignedAt time.Time `json:"signed_at,omitzero"`
	// Certificate is the signer certificate's [Fingerprint].
	Certificate string `json:"certificate,omitempty"`
	// Error explains why Valid is false.
	Error string `json:"error,omitempty"`
	// Err is the error behind Error; it wraps ErrInvalidSignature or
	// ErrUntrusted.
	Err error `json:"-"`
}

// Verify checks the detached CMS signature p7s (DER or BER) over content.
// The result is valid when the signature is intact, made with SHA-256 or
// stronger by exactly one signer, its signing-certificate-v2 attribute (when
// present) names the signer's certificate, and that certificate is one of
// trusted or chains to one of them through certificates embedded in the
// signature, at the signing time the signature records (now when it records
// none). Revocation is not checked. Verify never panics on malformed input.
func Verify(content, p7s []byte, trusted []*x509.Certificate) (v Verification) {
	defer v.recoverMalformed()
	p7, cert := v.verifySigned(content, p7s, time.Time{})
	if p7 == nil {
		return v
	}
	if err := checkTrust(cert, p7.Certificates, trusted, v.SignedAt); err != nil {
		v.fail(err)
		return v
	}
	v.Valid = true
	return v
}

// verifySigned makes the checks [Verify] and [VerifyDetached] share. It
// records the content's SHA-256 in v, parses p7s, requires exactly one
// signer whose certificate it embeds, records the signer and its signing
// time (the signing-time attribute, else claimed when not zero) and checks
// the signature over content. It returns the signature and the signer's
// certificate, or nils after recording the failure in v.
func (v *Verification) verifySigned(content, p7s []byte, claimed time.Time) (*pkcs7.PKCS7, *x509.Certificate) {
	sum := sha256.Sum256(content)
	v.SHA256 = hex.EncodeToString(sum[:])
	p7, err := pkcs7.Parse(p7s)
	if err != nil {
		v.fail(fmt.Errorf("%w: parse: %w", ErrInvalidSignature, err))
		return nil, nil
	}
	if len(p7.Signers) != 1 {
		v.fail(fmt.Errorf("%w: %d signers, want exactly 1", ErrInvalidSignature, len(p7.Signers)))
		return nil, nil
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		v.fail(fmt.Errorf("%w: signer's certificate not included", ErrInvalidSignature))
		return nil, nil
	}
	v.Signer = subjectSummary(cert.Subject)
	v.Certificate = Fingerprint(cert)
	if raw, ok := signedAttribute(p7, oidAttrSigningTime); ok {
		if _, err := asn1.Unmarshal(raw, &v.SignedAt); err != nil {
			v.fail(fmt.Errorf("%w: malformed signing-time attribute: %w", ErrInvalidSignature, err))
			return nil, nil
		}
	} else if !claimed.IsZero() {
		v.SignedAt = claimed
	}
	if err := checkIntegrity(p7, content, cert); err != nil {
		v.fail(err)
		return nil, nil
	}
	return p7, cert
}

// recoverMalformed turns a panic of the signature parser into an invalid
// result: the parser is fed untrusted uploads, and a malformed structure
// it does not anticipate must yield an invalid result, not a crashed
// request. It is deferred by the verifying functions.
func (v *Verification) recoverMalformed() {
	if r := recover(); r != nil {
		v.fail(fmt.Errorf("%w: malformed signature: %v", ErrInvalidSignature, r))
	}
}

func (v *Verification) fail(err error) {
	v.Valid = false
	v.Err = err
	v.Error = err.Error()
}

// checkIntegrity verifies the signature of p7 over content, its digest
// algorithm and, when present, its signing-certificate-v2 attribute. Errors
// wrap ErrInvalidSignature.
func checkIntegrity(p7 *pkcs7.PKCS7, content []byte, cert *x509.Certificate) error {
	alg := p7.Signers[0].DigestAlgorithm.Algorithm
	if !alg.Equal(oidSHA256) && !alg.Equal(oidSHA384) && !alg.Equal(oidSHA512) {
		return fmt.Errorf("%w: digest algorithm %s not accepted, want SHA-256 or stronger", ErrInvalidSignature, alg)
	}
	p7.Content = content
	// A nil trust store checks the digest, the signature and that the
	// signing time falls within the certificate's validity; trust is
	// checked separately so the two failures can be told apart.
	if err := p7.Verify(); err != nil {
		var mismatch *pkcs7.MessageDigestMismatchError
		if errors.As(err, &mismatch) {
			// The parser's message spans lines of hex; say it plainly.
			return fmt.Errorf("%w: the content differs from the signed content", ErrInvalidSignature)
		}
		return fmt.Errorf("%w: %w", ErrInvalidSignature, err)
	}
	raw, ok := signedAttribute(p7, oidAttrSigningCertV2)
	if !ok {
		return nil // optional; signatures made by other tools may lack it
	}
	return checkSigningCertificate(raw, cert)
}

// essCertIDv2Any is ESSCertIDv2 as other signers may write it, with an
// explicit hash algorithm.
type essCertIDv2Any struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
	CertHash      []byte
	IssuerSerial  asn1.RawValue `asn1:"optional"`
}

// checkSigningCertificate verifies that the first certificate named by a
// signing-certificate-v2 attribute value is cert (RFC 5035 §5.4: the first
// one identifies the signer). Errors wrap ErrInvalidSignature.
func checkSigningCertificate(raw []byte, cert *x509.Certificate) error {
	var attr struct {
		Certs    []essCertIDv2Any
		Policies asn1.RawValue `asn1:"optional"`
	}
	if _, err := asn1.Unmarshal(raw, &attr); err != nil || len(attr.Certs) == 0 {
		return fmt.Errorf("%w: malformed signing-certificate-v2 attribute", ErrInvalidSignature)
	}
	id := attr.Certs[0]
	var hash crypto.Hash
	switch alg := id.HashAlgorithm.Algorithm; {
	case len(alg) == 0 || alg.Equal(oidSHA256):
		hash = crypto.SHA256
	case alg.Equal(oidSHA384):
		hash = crypto.SHA384
	case alg.Equal(oidSHA512):
		hash = crypto.SHA512
	default:
		return fmt.Errorf("%w: signing-certificate-v2 hash algorithm %s not supported", ErrInvalidSignature, alg)
	}
	h := hash.New()
	h.Write(cert.Raw)
	if !bytes.Equal(id.CertHash, h.Sum(nil)) {
		return fmt.Errorf("%w: signing-certificate-v2 attribute does not name the signer's certificate", ErrInvalidSignature)
	}
	return nil
}

// signedAttribute returns the encoded value of the signer's signed
// attribute oid, and whether it is present.
func signedAttribute(p7 *pkcs7.PKCS7, oid asn1.ObjectIdentifier) ([]byte, bool) {
	for _, a := range p7.Signers[0].AuthenticatedAttributes {
		if a.Type.Equal(oid) {
			return a.Value.Bytes, true
		}
	}
	return nil, false
}

// checkTrust verifies that cert is one of trusted or chains to one of them
// through embedded, at time at (now when zero). Errors wrap ErrUntrusted.
func checkTrust(cert *x509.Certificate, embedded, trusted []*x509.Certificate, at time.Time) error {
	if len(trusted) == 0 {
		return fmt.Errorf("%w: no trusted certificates configured", ErrUntrusted)
	}
	roots := x509.NewCertPool()
	for _, c := range trusted {
		roots.AddCert(c)
	}
	intermediates := x509.NewCertPool()
	for _, c := range embedded {
		intermediates.AddCert(c)
	}
	if at.IsZero() {
		at = time.Now()
	}
	_, err := cert.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUntrusted, err)
	}
	return nil
}

// subjectSummary returns the CN and O of name in RFC 4514 form.
func subjectSummary(name pkix.Name) string {
	return pkix.Name{CommonName: name.CommonName, Organization: name.Organization}.String()
}
