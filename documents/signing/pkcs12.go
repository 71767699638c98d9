package signing

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"

	"software.sslmate.com/src/go-pkcs12"
)

// LoadPKCS12 returns a Signer from a PKCS#12 (.p12, .pfx) file holding one
// private key, its certificate and optionally the chain.
//
// Both protections in use are understood: the OpenSSL 3 default (PBES2 with
// PBKDF2 and AES-256-CBC, HMAC-SHA-256 MAC; also what recent Windows and Java
// tools write) and the legacy one (3DES or RC2 with a SHA-1 MAC, as OpenSSL
// 1.x writes it or OpenSSL 3 with -legacy). All errors wrap [ErrBadKey].
func LoadPKCS12(data []byte, password string) (*Signer, error) {
	priv, leaf, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		var notImpl pkcs12.NotImplementedError
		switch {
		case errors.Is(err, pkcs12.ErrIncorrectPassword):
			return nil, fmt.Errorf("%w: PKCS#12 password is incorrect: %w", ErrBadKey, err)
		case errors.As(err, &notImpl):
			return nil, fmt.Errorf("%w: PKCS#12 structure not supported (export one key with its certificate chain, "+
				"e.g. openssl pkcs12 -export -in chain.pem -inkey key.pem -out signer.p12): %w", ErrBadKey, err)
		}
		return nil, fmt.Errorf("%w: decode PKCS#12: %w", ErrBadKey, err)
	}
	key, ok := priv.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: PKCS#12 private key of type %T cannot sign", ErrBadKey, priv)
	}
	return newFromCertificates(key, append([]*x509.Certificate{leaf}, chain...))
}
