package signing

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/smallstep/pkcs7"
)

// VerifyOptions configures [VerifyDetached].
type VerifyOptions struct {
	// Trusted are the certificates the signer must be, or chain to.
	Trusted []*x509.Certificate
	// TimestampTrusted are the certificates a timestamp authority must be,
	// or chain to; nil means Trusted.
	TimestampTrusted []*x509.Certificate
	// ClaimedTime is the signing time claimed outside the signature (a PDF
	// signature dictionary's M entry), used when the signature records
	// neither a signing-time attribute nor a timestamp.
	ClaimedTime time.Time
}

// Timestamp describes the RFC 3161 timestamp of a signature.
type Timestamp struct {
	// Time is the time the authority certified (genTime).
	Time time.Time `json:"time"`
	// Authority is the authority certificate's "CN=…,O=…".
	Authority string `json:"authority,omitempty"`
	// Valid is true when the token is intact, covers the signature value
	// and its authority is trusted.
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
}

// ErrBadTimestamp means a signature's timestamp is malformed, does not
// cover the signature, or comes from an untrusted authority.
var ErrBadTimestamp = errors.New("signing: invalid timestamp")

// VerifyDetached checks the detached CMS or CAdES signature p7s over
// content like [Verify], and also its RFC 3161 timestamp when it carries
// one. The certificate chain is checked at the timestamp's time when the
// timestamp is valid, else at the signing-time attribute, else at
// o.ClaimedTime, else now. A signature whose timestamp is invalid is
// invalid. The returned Timestamp is nil when there is none.
func VerifyDetached(content, p7s []byte, o VerifyOptions) (v Verification, ts *Timestamp) {
	defer v.recoverMalformed()
	p7, cert := v.verifySigned(content, p7s, o.ClaimedTime)
	if p7 == nil {
		return v, nil
	}
	trustAt := v.SignedAt
	if token, ok := unsignedAttribute(p7, oidAttrTimestamp); ok {
		tsaTrusted := o.TimestampTrusted
		if tsaTrusted == nil {
			tsaTrusted = o.Trusted
		}
		ts = verifyTimestamp(token, p7.Signers[0].EncryptedDigest, tsaTrusted)
		if !ts.Valid {
			v.fail(fmt.Errorf("%w: %s", ErrBadTimestamp, ts.Error))
			return v, ts
		}
		trustAt = ts.Time
	}
	if err := checkTrust(cert, p7.Certificates, o.Trusted, trustAt); err != nil {
		v.fail(err)
		return v, ts
	}
	v.Valid = true
	return v, ts
}

func unsignedAttribute(p7 *pkcs7.PKCS7, oid asn1.ObjectIdentifier) ([]byte, bool) {
	for _, a := range p7.Signers[0].UnauthenticatedAttributes {
		if a.Type.Equal(oid) {
			return a.Value.Bytes, true
		}
	}
	return nil, false
}

// tstInfo is RFC 3161 §2.4.2 TSTInfo, as far as verification needs it.
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time     `asn1:"generalized"`
	Rest           asn1.RawValue `asn1:"optional"`
}

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

// verifyTimestamp checks a TimeStampToken over signature.
func verifyTimestamp(token, signature []byte, trusted []*x509.Certificate) *Timestamp {
	ts := &Timestamp{}
	fail := func(format string, a ...any) *Timestamp {
		ts.Valid, ts.Error = false, fmt.Sprintf(format, a...)
		return ts
	}
	p7, err := pkcs7.Parse(token)
	if err != nil {
		return fail("parse timestamp token: %v", err)
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(p7.Content, &info); err != nil {
		return fail("parse TSTInfo: %v", err)
	}
	ts.Time = info.GenTime
	if len(p7.Signers) != 1 {
		return fail("timestamp has %d signers", len(p7.Signers))
	}
	tsa := p7.GetOnlySigner()
	if tsa == nil {
		return fail("timestamp authority's certificate not included")
	}
	ts.Authority = subjectSummary(tsa.Subject)
	if !info.MessageImprint.HashAlgorithm.Algorithm.Equal(oidSHA256) {
		return fail("timestamp imprint algorithm %s, want SHA-256", info.MessageImprint.HashAlgorithm.Algorithm)
	}
	want := sha256.Sum256(signature)
	if !bytes.Equal(info.MessageImprint.HashedMessage, want[:]) {
		return fail("the timestamp does not cover this signature")
	}
	if err := p7.Verify(); err != nil {
		return fail("timestamp signature: %v", err)
	}
	if err := checkTrust(tsa, p7.Certificates, trusted, info.GenTime); err != nil {
		return fail("timestamp authority: %v", err)
	}
	ts.Valid = true
	return ts
}
