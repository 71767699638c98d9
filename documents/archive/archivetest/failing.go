package archivetest

import (
	"context"

	"vanthu/documents/archive"
)

// Failing wraps an archive and makes chosen listings and deletions fail
// with the error its functions give (nil: the call runs). Unlike [Faulty]
// it lets the test choose the error, so that a caller's handling of a
// driver error that does not wrap archive.ErrUnavailable is checked too.
// Set the functions before use; they may be called from several
// goroutines.
type Failing struct {
	archive.Archive
	// ListErr, when set, gives the error Keys and Walk of prefix fail with.
	ListErr func(prefix string) error
	// DeleteErr, when set, gives the error Delete of key fails with.
	DeleteErr func(key string) error
}

// Keys fails when ListErr gives an error for prefix.
func (f *Failing) Keys(ctx context.Context, prefix string, fn func(key string) error) error {
	if f.ListErr != nil {
		if err := f.ListErr(prefix); err != nil {
			return err
		}
	}
	return f.Archive.Keys(ctx, prefix, fn)
}

// Walk fails when ListErr gives an error for prefix.
func (f *Failing) Walk(ctx context.Context, prefix string, fn func(archive.ObjectInfo) error) error {
	if f.ListErr != nil {
		if err := f.ListErr(prefix); err != nil {
			return err
		}
	}
	return f.Archive.Walk(ctx, prefix, fn)
}

// Delete fails when DeleteErr gives an error for key.
func (f *Failing) Delete(ctx context.Context, key string) error {
	if f.DeleteErr != nil {
		if err := f.DeleteErr(key); err != nil {
			return err
		}
	}
	return f.Archive.Delete(ctx, key)
}
