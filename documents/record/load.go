package record

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
)

// ErrNotFound is returned for a document that does not exist (or whose id
// is malformed).
var ErrNotFound = errors.New("documents: document not found")

// Load reads the latest revision's manifest of a document, without access
// checks: the newest manifest that is not a fence, with ReplacedBy from
// the replaced-by marker and LastAttempt from the revision prefixes.
func Load(ctx context.Context, a archive.Archive, id string) (*Record, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	attempt, replacedBy := 0, ""
	var manifests []int
	err := a.Keys(ctx, archivekey.Doc(id), func(key string) error {
		k, ok := archivekey.ParseDoc(key)
		switch {
		case !ok:
		case k.ReplacedBy != "":
			replacedBy = k.ReplacedBy
		case k.Rev > 0:
			attempt = max(attempt, k.Rev)
			if k.IsManifest() {
				manifests = append(manifests, k.Rev)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	// The newest manifest that is not a fence.
	sort.Sort(sort.Reverse(sort.IntSlice(manifests)))
	for _, rev := range manifests {
		b, _, err := archive.ReadAll(ctx, a, archivekey.Manifest(id, rev))
		if err != nil {
			return nil, fmt.Errorf("document %s: manifest: %w", id, err)
		}
		var rec Record
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("document %s: decode manifest: %w", id, err)
		}
		if rec.Void != "" {
			continue
		}
		rec.ReplacedBy = replacedBy
		rec.LastAttempt = attempt
		return &rec, nil
	}
	return nil, fmt.Errorf("document %s: %w", id, ErrNotFound)
}

// FreeRevision is the first revision of a document id that no key of the
// archive uses yet.
func FreeRevision(ctx context.Context, a archive.Archive, id string) (int, error) {
	last := 0
	err := a.Keys(ctx, archivekey.Doc(id), func(key string) error {
		if k, ok := archivekey.ParseDoc(key); ok {
			last = max(last, k.Rev)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("document %s: %w", id, err)
	}
	return last + 1, nil
}

// ChecksumError is an archived file whose bytes do not match the checksum
// its record holds. It is archive.ErrCorrupt.
type ChecksumError struct {
	Key, Got, Want string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("%s: sha256 %s, manifest says %s: %v", e.Key, e.Got, e.Want, archive.ErrCorrupt)
}

// Is makes errors.Is(err, archive.ErrCorrupt) true.
func (e *ChecksumError) Is(target error) bool { return target == archive.ErrCorrupt }

// ReadVerified reads an archived file whole, in the version the record
// holds (so nothing written later under its key is served), and checks its
// SHA-256 against the record's: a mismatch is a *ChecksumError.
func ReadVerified(ctx context.Context, a archive.Archive, f FileInfo) ([]byte, error) {
	rc, _, err := archive.OpenVersion(ctx, a, f.Key, f.VersionID)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		return nil, &ChecksumError{Key: f.Key, Got: got, Want: f.SHA256}
	}
	return b, nil
}
