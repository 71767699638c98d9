// Package pkcs11key loads the organisation's signing key from a token or
// HSM through PKCS#11 (github.com/ThalesGroup/crypto11): the private key
// never leaves the device; vanthu sends it the digests to sign.
//
// Configuration (read by cmd/vanthu):
//
//	VANTHU_SIGN_PKCS11_MODULE     the vendor's PKCS#11 library (.so)
//	VANTHU_SIGN_PKCS11_TOKEN      the token's label
//	VANTHU_SIGN_PKCS11_PIN(_FILE) the user PIN
//	VANTHU_SIGN_PKCS11_KEY_LABEL  the label (CKA_LABEL) of the key pair
//
// The certificate is read from the token (the certificate object with the
// key's label), or given with VANTHU_SIGN_CERT when the token holds none;
// further certificates of VANTHU_SIGN_CERT are embedded as the chain.
//
// The package needs cgo; a binary built with CGO_ENABLED=0 reports that
// PKCS#11 is unavailable. The tests run against SoftHSM2.
package pkcs11key
