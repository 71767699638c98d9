package signing

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"slices"
	"time"
)

// Object identifiers used in signatures.
var (
	oidData              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidAttrContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidAttrSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
)

// contentInfo is the outer CMS structure (RFC 5652 §3). Content carries the
// [0] EXPLICIT wrapper itself.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue
}

// signedData is RFC 5652 §5.1 SignedData without CRLs. Certificates carries
// its [0] IMPLICIT tag itself.
type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue
	SignerInfos      []signerInfo `asn1:"set"`
}

// encapContentInfo names the content type; eContent is absent because the
// signature is detached.
type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
}

// signerInfo is RFC 5652 §5.3 SignerInfo, version 1. SignedAttrs carries its
// [0] IMPLICIT tag itself.
type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

// attribute is a CMS Attribute with its SET OF values already encoded.
type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

// signingCertificateV2 is the ESS attribute of RFC 5035 §5.4. The hash
// algorithm of essCertIDv2 is the default, SHA-256, so DER omits it.
type signingCertificateV2 struct {
	Certs []essCertIDv2
}

type essCertIDv2 struct {
	CertHash     []byte
	IssuerSerial essIssuerSerial `asn1:"optional"`
}

// essIssuerSerial is IssuerSerial: the issuer as GeneralNames holding one
// directoryName.
type essIssuerSerial struct {
	Issuer []asn1.RawValue
	Serial *big.Int
}

// Sign returns a detached CMS signature (DER) over content, made at
// signingTime; a zero signingTime means now. The signing time must fall
// within the certificate's validity. The result verifies with [Verify] and
// with openssl cms -verify (see the package documentation).
func (s *Signer) Sign(content []byte, signingTime time.Time) ([]byte, error) {
	signingTime, err := s.signingTime(signingTime)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(content)
	attrs, err := s.signedAttributes(digest[:], signingTime)
	if err != nil {
		return nil, err
	}
	sig, err := s.signAttributes(attrs)
	if err != nil {
		return nil, err
	}
	return s.encode(attrs, sig)
}

// signingTime returns t, or now when t is zero, in UTC and whole seconds
// (UTCTime has whole seconds: what will be encoded); an error when it falls
// outside the certificate's validity.
func (s *Signer) signingTime(t time.Time) (time.Time, error) {
	if t.IsZero() {
		t = time.Now()
	}
	t = t.UTC().Truncate(time.Second)
	if t.Before(s.cert.NotBefore) || t.After(s.cert.NotAfter) {
		return time.Time{}, fmt.Errorf("signing: signing time %s outside certificate validity %s to %s",
			t.Format(time.RFC3339), s.cert.NotBefore.Format(time.RFC3339), s.cert.NotAfter.Format(time.RFC3339))
	}
	return t, nil
}

// signedAttributes returns the DER contents of the SET OF signed
// attributes, sorted as DER requires: content-type, message-digest,
// signing-certificate-v2 and, unless signingTime is zero, signing-time.
func (s *Signer) signedAttributes(digest []byte, signingTime time.Time) ([]byte, error) {
	values := []struct {
		oid asn1.ObjectIdentifier
		v   any
	}{
		{oidAttrContentType, oidData},
		{oidAttrMessageDigest, digest},
	}
	if !signingTime.IsZero() {
		// UTCTime until 2049, GeneralizedTime after, as RFC 5652 asks.
		values = append(values, struct {
			oid asn1.ObjectIdentifier
			v   any
		}{oidAttrSigningTime, signingTime})
	}
	encoded := [][]byte{s.essAttr}
	for _, a := range values {
		der, err := encodeAttribute(a.oid, a.v)
		if err != nil {
			return nil, fmt.Errorf("signing: encode signed attributes: %w", err)
		}
		encoded = append(encoded, der)
	}
	slices.SortFunc(encoded, bytes.Compare)
	return bytes.Join(encoded, nil), nil
}

// signAttributes returns the signature over the signed attributes: they
// are signed encoded as a SET OF (RFC 5652 §5.4), while the SignerInfo
// stores them under [0] IMPLICIT.
func (s *Signer) signAttributes(attrs []byte) ([]byte, error) {
	tbs, err := asn1.Marshal(asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: attrs})
	if err != nil {
		return nil, fmt.Errorf("signing: encode signed attributes: %w", err)
	}
	tbsDigest := sha256.Sum256(tbs)
	sig, err := s.key.Sign(rand.Reader, tbsDigest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("signing: sign: %w", err)
	}
	return sig, nil
}

// encode assembles the ContentInfo around the signed attributes and the
// signature.
func (s *Signer) encode(attrs, sig []byte) ([]byte, error) {
	sd := signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{{Algorithm: oidSHA256}},
		EncapContentInfo: encapContentInfo{EContentType: oidData},
		Certificates:     s.certs,
		SignerInfos: []signerInfo{{
			Version:            1,
			SID:                s.sid,
			DigestAlgorithm:    pkix.AlgorithmIdentifier{Algorithm: oidSHA256},
			SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
			SignatureAlgorithm: s.sigAlg,
			Signature:          sig,
		}},
	}
	return encodeSignedData(sd)
}

// encodeSignedData returns the DER of a ContentInfo holding the SignedData
// sd: the one envelope of the CMS and the CAdES signatures.
func encodeSignedData(sd any) ([]byte, error) {
	inner, err := asn1.Marshal(sd)
	if err != nil {
		return nil, fmt.Errorf("signing: encode SignedData: %w", err)
	}
	out, err := asn1.Marshal(contentInfo{
		ContentType: oidSignedData,
		Content:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner},
	})
	if err != nil {
		return nil, fmt.Errorf("signing: encode ContentInfo: %w", err)
	}
	return out, nil
}

// encodeAttribute returns the DER of an Attribute with the single value v.
func encodeAttribute(oid asn1.ObjectIdentifier, v any) ([]byte, error) {
	value, err := asn1.Marshal(v)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(attribute{
		Type:   oid,
		Values: asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: value},
	})
}

// signingCertificateAttribute returns the encoded ESS signing-certificate-v2
// attribute naming cert.
func signingCertificateAttribute(cert *x509.Certificate) ([]byte, error) {
	hash := sha256.Sum256(cert.Raw)
	return encodeAttribute(oidAttrSigningCertV2, signingCertificateV2{Certs: []essCertIDv2{{
		CertHash: hash[:],
		IssuerSerial: essIssuerSerial{
			// directoryName is [4] EXPLICIT because Name is a CHOICE.
			Issuer: []asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer}},
			Serial: cert.SerialNumber,
		},
	}}})
}

// certificateSet returns the [0] IMPLICIT SET OF Certificate field holding
// certs, sorted as DER requires.
func certificateSet(certs []*x509.Certificate) asn1.RawValue {
	raws := make([][]byte, len(certs))
	for i, c := range certs {
		raws[i] = c.Raw
	}
	slices.SortFunc(raws, bytes.Compare)
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: bytes.Join(raws, nil)}
}
