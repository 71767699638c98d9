// Package pades signs PDF files with PAdES signatures and verifies them.
//
// A signature is added as an incremental update (ISO 32000-1 §7.5.6): the
// signed file is the original bytes unchanged, followed by new versions of
// the catalog, the AcroForm and the page, a signature field with its
// widget and appearance, a signature dictionary and a cross-reference
// section pointing back to the previous one. Earlier signatures therefore
// stay valid: they cover an earlier revision, byte for byte.
//
// # Format
//
// The signature dictionary has Filter Adobe.PPKLite, SubFilter
// ETSI.CAdES.detached, a ByteRange covering the whole file except the
// Contents hex string, and M, the signing time in Vietnam time. Contents is
// a CAdES signature made by the signing package without a signing-time
// attribute and with signing-certificate-v2: PAdES baseline B-B (ETSI EN
// 319 142-1), and B-T when a timestamp authority adds an RFC 3161 token.
//
// # Appearance
//
// [Appearance] draws the organisation's seal at its real size over the left
// third of the signer's signature image, with the organisation's name and
// the signing time, as outlines (no font resources, so PDF/A stays valid).
//
// # Forms
//
// [Sign] can also fill text fields in the same update ([Options].Fill) —
// the number and date reserved in a draft signed by the leader — and sign
// an existing empty signature field ([Options].Field). [AddFields] reserves
// such fields, naming the page's own regular or italic font in their
// default appearance; a value is written as text in that font when its
// ToUnicode map has every character, else drawn as outlines.
//
// # Reading
//
// The parser reads classic cross-reference tables and cross-reference
// streams with object streams, FlateDecode with PNG predictors; it is not
// a general PDF library, only what signing and verifying need.
//
// # Verifying
//
// [Verify] checks every signature: ByteRange shape (the hole is exactly
// the signature value, the signed bytes end a revision), CMS integrity,
// certificate chain to the trusted certificates, timestamp, and reports
// whether each covers the whole file or an earlier revision. One byte
// changed in a signed range breaks the signature; bytes appended after the
// last signature make it cover an earlier revision only.
package pades
