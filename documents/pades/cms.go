package pades

import (
	"context"
	"time"

	"vanthu/documents/signing"
)

// NewCMSSigner returns the [CMSSigner] of an organisation's key: PAdES
// baseline B-B signatures, B-T when ts is not nil.
func NewCMSSigner(s *signing.Signer, ts signing.Timestamper) CMSSigner {
	return cmsSigner{s: s, ts: ts}
}

type cmsSigner struct {
	s  *signing.Signer
	ts signing.Timestamper
}

func (c cmsSigner) SignCAdES(ctx context.Context, content []byte, at time.Time) ([]byte, error) {
	return c.s.SignDetached(ctx, content, signing.DetachedOptions{SigningTime: at, Timestamper: c.ts})
}

func (c cmsSigner) ChainSize() int {
	n := 0
	for _, cert := range c.s.Chain() {
		n += len(cert.Raw)
	}
	return n
}
