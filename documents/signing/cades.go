package signing

import (
	"context"
	"crypto/sha256"
	"encoding/asn1"
	"fmt"
	"time"
)

// oidAttrTimestamp is id-aa-signatureTimeStampToken (RFC 3161 Appendix A),
// the unsigned attribute that makes a CAdES-B signature CAdES-T.
var oidAttrTimestamp = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}

// Timestamper obtains RFC 3161 timestamps. Timestamp returns the DER of a
// TimeStampToken (a CMS ContentInfo) whose message imprint is the SHA-256
// digest given.
type Timestamper interface {
	Timestamp(ctx context.Context, sha256Digest []byte) ([]byte, error)
}

// DetachedOptions configures [Signer.SignDetached].
type DetachedOptions struct {
	// SigningTime is checked against the certificate's validity and, with
	// SigningTimeAttribute, recorded in the signature; zero means now.
	SigningTime time.Time
	// SigningTimeAttribute records SigningTime as a signed attribute. PAdES
	// baseline signatures must not carry it (the time goes in the
	// signature dictionary's M entry instead).
	SigningTimeAttribute bool
	// Timestamper, when set, adds an RFC 3161 timestamp over the signature
	// value as the unsigned signature-time-stamp attribute (CAdES-T,
	// PAdES B-T).
	Timestamper Timestamper
}

// SignDetached returns a detached CAdES signature (DER) over content: a CMS
// SignedData like [Signer.Sign] makes, with the signed attributes
// content-type, message-digest and signing-certificate-v2 (and signing-time
// only when asked), and optionally a timestamp. It is the signature PAdES
// puts in a PDF's signature dictionary (SubFilter ETSI.CAdES.detached),
// content being the bytes its ByteRange covers.
func (s *Signer) SignDetached(ctx context.Context, content []byte, o DetachedOptions) ([]byte, error) {
	at, err := s.signingTime(o.SigningTime)
	if err != nil {
		return nil, err
	}
	if !o.SigningTimeAttribute {
		at = time.Time{}
	}
	digest := sha256.Sum256(content)
	attrs, err := s.signedAttributes(digest[:], at)
	if err != nil {
		return nil, err
	}
	sig, err := s.signAttributes(attrs)
	if err != nil {
		return nil, err
	}
	var unsigned []byte
	if o.Timestamper != nil {
		sigDigest := sha256.Sum256(sig)
		token, err := o.Timestamper.Timestamp(ctx, sigDigest[:])
		if err != nil {
			return nil, fmt.Errorf("signing: timestamp: %w", err)
		}
		if unsigned, err = encodeAttribute(oidAttrTimestamp, asn1.RawValue{FullBytes: token}); err != nil {
			return nil, fmt.Errorf("signing: encode timestamp attribute: %w", err)
		}
	}
	return s.encodeWith(attrs, sig, unsigned)
}

// signerInfoUnsigned is signerInfo with unsigned attributes ([1]
// IMPLICIT, carried in the raw value).
type signerInfoUnsigned struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    asn1.RawValue
	SignedAttrs        asn1.RawValue
	SignatureAlgorithm asn1.RawValue
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional"`
}

// encodeWith is encode with optional unsigned attributes (their encoded
// contents).
func (s *Signer) encodeWith(attrs, sig, unsigned []byte) ([]byte, error) {
	if unsigned == nil {
		return s.encode(attrs, sig)
	}
	digestAlg, _ := asn1.Marshal(struct{ Algorithm asn1.ObjectIdentifier }{oidSHA256})
	sigAlg, err := asn1.Marshal(s.sigAlg)
	if err != nil {
		return nil, fmt.Errorf("signing: encode algorithm: %w", err)
	}
	si, err := asn1.Marshal(signerInfoUnsigned{
		Version:            1,
		SID:                s.sid,
		DigestAlgorithm:    asn1.RawValue{FullBytes: digestAlg},
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
		SignatureAlgorithm: asn1.RawValue{FullBytes: sigAlg},
		Signature:          sig,
		UnsignedAttrs:      asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: unsigned},
	})
	if err != nil {
		return nil, fmt.Errorf("signing: encode SignerInfo: %w", err)
	}
	type signedDataRaw struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		EncapContentInfo encapContentInfo
		Certificates     asn1.RawValue
		SignerInfos      asn1.RawValue
	}
	return encodeSignedData(signedDataRaw{
		Version:          1,
		DigestAlgorithms: asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: digestAlg},
		EncapContentInfo: encapContentInfo{EContentType: oidData},
		Certificates:     s.certs,
		SignerInfos:      asn1.RawValue{Tag: asn1.TagSet, IsCompound: true, Bytes: si},
	})
}
