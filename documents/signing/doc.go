// Package signing signs issued documents with a detached CMS signature and
// verifies such signatures, so that anyone holding the DOCX, its .p7s file and
// the organisation's certificate can check the document with standard tools,
// long after vanthu itself is gone.
//
// # Format
//
// [Signer.Sign] produces a DER-encoded CMS SignedData (RFC 5652) that is
// detached (the document is not embedded) and carries:
//   - one SignerInfo identified by issuer and serial number, digest SHA-256,
//     signature ECDSA with SHA-256 or RSA PKCS#1 v1.5 (rsaEncryption);
//   - the signed attributes content-type (id-data), message-digest,
//     signing-time and ESS signing-certificate-v2 (RFC 5035), the last one
//     binding the signer's certificate to the signature as CAdES-BES asks;
//   - the signer's certificate and any intermediate certificates.
//
// The file is stored next to the document as document.docx.p7s. No
// timestamp token (RFC 3161) is added: the signing time is the signer's own
// claim.
//
// # Verifying without vanthu
//
// With OpenSSL (1.1 or 3.x), where cert.pem is the organisation's
// certificate (or the root that issued it):
//
//	openssl cms -verify -binary -inform DER -in document.docx.p7s \
//	    -content document.docx -CAfile cert.pem -purpose any -out /dev/null
//
// prints "Verification successful" and exits 0; any change to the document
// makes it fail. -binary is required: without it OpenSSL translates line
// endings before hashing.
//
// [Verify] does the same in Go: the signature must be cryptographically valid
// and the signer's certificate must be, or chain to, one of the trusted
// certificates the caller passes. The chain is checked at the signing time
// recorded in the signature, so signatures stay valid after the certificate
// expires. Revocation (CRL, OCSP) is not checked.
//
// # Keys
//
// A [Signer] holds a private key and its certificate. Keys may be ECDSA
// (P-256, P-384, P-521) or RSA of at least 2048 bits; RSA-PSS and Ed25519 are
// not supported. Sources:
//   - [LoadPEM]: a certificate file (leaf plus optional chain, any order) and
//     a key file (PKCS#8, SEC 1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE
//     KEY"; unencrypted).
//   - [LoadPKCS12]: a .p12/.pfx file with legacy protection (see below).
//   - [LoadOrCreate]: the embedded default, a self-signed ECDSA P-256
//     certificate created on first start under the data directory.
//   - [New]: any [crypto.Signer], such as a key held in an HSM.
//
// # PKCS#12
//
// [LoadPKCS12] reads the OpenSSL 3 default protection (AES-256-CBC, PBKDF2,
// SHA-256 MAC), which recent Windows and Java tools also write, and the legacy
// one (3DES or RC2 with a SHA-1 MAC) of OpenSSL 1.x and of OpenSSL 3 with
// -legacy.
//
// # Errors
//
// Loading fails with an error for which errors.Is(err, [ErrBadKey]) when the
// key or certificate is unusable. [Verify] never returns an error: it reports
// the outcome in a [Verification], whose Err field wraps [ErrInvalidSignature]
// or [ErrUntrusted].
package signing
