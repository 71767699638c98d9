//go:build !cgo

package pkcs11key

import "vanthu/documents/signing"

// Key is unavailable without cgo.
type Key struct{}

// Open reports that PKCS#11 needs a cgo build.
func Open(cfg Config) (*Key, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return nil, ErrUnavailable
}

// Signer is never reached without cgo.
func (k *Key) Signer() *signing.Signer { return nil }

// Close does nothing.
func (k *Key) Close() error { return nil }
