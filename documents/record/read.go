package record

import (
	"context"
	"errors"
	"log/slog"

	"vanthu/documents/archive"
	"vanthu/documents/secrecy"
)

// ReadVerifiedLogged is [ReadVerified]; a file that does not match its
// record is also logged for the operator.
func ReadVerifiedLogged(ctx context.Context, a archive.Archive, f FileInfo, log *slog.Logger) ([]byte, error) {
	b, err := ReadVerified(ctx, a, f)
	var ce *ChecksumError
	if errors.As(err, &ce) {
		log.Error("archived file does not match its manifest", "key", ce.Key, "sha256", ce.Got, "want", ce.Want)
	}
	return b, err
}

// SecrecyOf is the secrecy level of the document with the given id, read
// without access checks ("" and malformed ids name no document: none). A
// document that cannot be read is taken for the highest level: what is
// said about it must never be shown to someone who may not know it
// exists.
func SecrecyOf(ctx context.Context, a archive.Archive, id string) secrecy.Level {
	if id == "" || !ValidID(id) {
		return secrecy.None
	}
	rec, err := Load(ctx, a, id)
	switch {
	case err == nil:
		return rec.Secrecy.Level()
	case errors.Is(err, ErrNotFound):
		return secrecy.None
	}
	return secrecy.TuyetMat
}
