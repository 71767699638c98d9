package signing

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"

	"golang.org/x/crypto/pkcs12"
)

// LoadPKCS12 returns a Signer from a PKCS#12 (.p12, .pfx) file holding one
// private key, its certificate and optionally the chain.
//
// Only the legacy PKCS#12 protection is understood: 3DES or RC2 with a SHA-1
// MAC, as OpenSSL 1.x writes it by default and OpenSSL 3 with -legacy or
// "-certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1". Files
// protected with AES and PBKDF2 (the OpenSSL 3 default) fail with an error
// that says how to convert them; see the package documentation. All errors
// wrap [ErrBadKey].
func LoadPKCS12(data []byte, password string) (*Signer, error) {
	blocks, err := pkcs12.ToPEM(data, password)
	if err != nil {
		var notImpl pkcs12.NotImplementedError
		switch {
		case errors.Is(err, pkcs12.ErrIncorrectPassword):
			return nil, fmt.Errorf("%w: PKCS#12 password is incorrect: %w", ErrBadKey, err)
		case errors.As(err, &notImpl):
			return nil, fmt.Errorf("%w: PKCS#12 protection not supported (OpenSSL 3 defaults: AES-256, SHA-256 MAC); "+
				"convert with: openssl pkcs12 -in in.p12 -nodes -out bundle.pem && "+
				"openssl pkcs12 -export -in bundle.pem -out out.p12 -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1: %w",
				ErrBadKey, err)
		}
		return nil, fmt.Errorf("%w: decode PKCS#12: %w", ErrBadKey, err)
	}
	var (
		key   crypto.Signer
		certs []*x509.Certificate
	)
	for _, b := range blocks {
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%w: parse PKCS#12 certificate: %w", ErrBadKey, err)
			}
			certs = append(certs, c)
		case "PRIVATE KEY":
			if key != nil {
				return nil, fmt.Errorf("%w: PKCS#12 holds more than one private key", ErrBadKey)
			}
			if key, err = parsePKCS12Key(b.Bytes); err != nil {
				return nil, err
			}
		}
	}
	if key == nil {
		return nil, fmt.Errorf("%w: PKCS#12 holds no private key", ErrBadKey)
	}
	return newFromCertificates(key, certs)
}

// parsePKCS12Key parses a key as pkcs12.ToPEM returns it: its "PRIVATE KEY"
// blocks hold PKCS#1 (RSA) or SEC 1 (ECDSA) bytes, not PKCS#8.
func parsePKCS12Key(der []byte) (crypto.Signer, error) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, fmt.Errorf("%w: PKCS#12 private key is neither RSA nor ECDSA", ErrBadKey)
}
