package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// NewVerifyingReader returns a reader over rc that hashes everything it reads
// and, when rc reports io.EOF, compares the SHA-256 of the stream with
// sha256Hex (lower-case hex). On a mismatch the final Read returns an error
// for which errors.Is(err, ErrCorrupt) instead of io.EOF. Every Read first
// checks ctx, so a cancelled context stops a long read. Closing the returned
// reader closes rc. Drivers use it to implement the verification contract of
// [Archive.Open].
func NewVerifyingReader(ctx context.Context, rc io.ReadCloser, sha256Hex string) io.ReadCloser {
	return &verifyingReader{ctx: ctx, rc: rc, want: sha256Hex, h: sha256.New()}
}

type verifyingReader struct {
	ctx  context.Context
	rc   io.ReadCloser
	want string
	h    hash.Hash
	n    int64
	err  error // sticky final error: io.EOF, a corruption error or a read error
}

func (r *verifyingReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := r.rc.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	switch {
	case errors.Is(err, io.EOF):
		if got := hex.EncodeToString(r.h.Sum(nil)); got != r.want {
			r.err = fmt.Errorf("%w: read %d bytes with sha256 %s, want %s", ErrCorrupt, r.n, got, r.want)
		} else {
			r.err = io.EOF
		}
		return n, r.err
	case err != nil:
		r.err = err
		return n, err
	}
	return n, nil
}

func (r *verifyingReader) Close() error {
	return r.rc.Close()
}
