// Package archive defines the storage seam of vanthu: the [Archive] interface
// every archive driver implements. The archive is the record: every document
// (DOCX, manifest, signature) is written once under a stable key and never
// overwritten. The search index is derived from it.
//
// Drivers:
//   - documents/archive/fsarchive: local filesystem under the data directory (default).
//   - documents/archive/s3archive: S3 / MinIO with object lock, chosen when VANTHU_S3_ENDPOINT is set.
//
// Every driver runs the conformance suite in documents/archive/archivetest.
package archive

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors returned by drivers; callers test them with errors.Is. Drivers wrap
// their native errors with %w so the native error stays reachable.
var (
	ErrNotFound    = errors.New("archive: object not found")
	ErrExists      = errors.New("archive: object already exists")
	ErrProtected   = errors.New("archive: object is protected and cannot be changed or deleted")
	ErrInvalidKey  = errors.New("archive: invalid key")
	ErrCorrupt     = errors.New("archive: stored object does not match its checksum")
	ErrUnavailable = errors.New("archive: storage unavailable")
)

// ObjectInfo describes a stored object.
type ObjectInfo struct {
	Key       string    `json:"key"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`               // lower-case hex
	VersionID string    `json:"version_id,omitempty"` // S3 version id; empty on the filesystem
	Created   time.Time `json:"created"`
	Protected bool      `json:"protected,omitempty"` // retention or read-only
}

// CreateOptions controls how an object is written.
type CreateOptions struct {
	ContentType string
	// Protect makes the object immutable: read-only file on the filesystem,
	// object-lock retention on S3 (mode and days from the driver's options).
	Protect bool
	// LegalHold additionally places an S3 legal hold (ignored by fsarchive).
	LegalHold bool
}

// Archive is the contract every archive driver fulfils.
//
// Create writes data under key atomically and only if no object exists there:
// when it does, Create returns an error for which errors.Is(err, ErrExists),
// also under concurrent creates from several processes (exactly one wins).
// The returned ObjectInfo carries the SHA-256 of the stored bytes.
//
// Open returns the content; a missing key gives ErrNotFound. Reading the
// whole stream verifies it against the stored SHA-256 and fails with ErrCorrupt
// at EOF on a mismatch.
//
// Delete removes an unprotected object; a protected one gives ErrProtected.
// Walk calls fn for every object whose key starts with prefix, in key order,
// each described as by Stat. Keys is the same walk giving only the keys; on
// S3 it costs one listing request per thousand keys rather than one request
// per object, so use it whenever the names are enough. A prefix that no key
// can start with (see ValidPrefix) gives nothing.
// Keys are validated with ValidKey; an invalid key gives ErrInvalidKey.
type Archive interface {
	Create(ctx context.Context, key string, data []byte, opts CreateOptions) (ObjectInfo, error)
	Open(ctx context.Context, key string) (io.ReadCloser, ObjectInfo, error)
	Stat(ctx context.Context, key string) (ObjectInfo, error)
	Delete(ctx context.Context, key string) error
	Walk(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
	Keys(ctx context.Context, prefix string, fn func(key string) error) error
	Close() error
}

// VersionOpener is implemented by drivers that keep versions (S3): it reads
// exactly the version recorded when the object was written, so nothing
// added later under the key changes what is read. Use [OpenVersion].
type VersionOpener interface {
	OpenVersion(ctx context.Context, key, versionID string) (io.ReadCloser, ObjectInfo, error)
}

// OpenVersion opens the given version of key when the driver keeps versions
// and versionID is set, and key as Open does otherwise.
func OpenVersion(ctx context.Context, a Archive, key, versionID string) (io.ReadCloser, ObjectInfo, error) {
	if vo, ok := a.(VersionOpener); ok && versionID != "" {
		return vo.OpenVersion(ctx, key, versionID)
	}
	return a.Open(ctx, key)
}

// Anomaly is a key whose stored versions are not the single version the
// archive wrote. Such additions never change what the archive reads (it
// reads the first version), but they are findings for the operator.
type Anomaly struct {
	Key           string   `json:"key"`
	VersionID     string   `json:"version_id,omitempty"` // the first version, which the archive reads
	DeleteMarkers []string `json:"delete_markers,omitempty"`
	ExtraVersions []string `json:"extra_versions,omitempty"`
}

// AnomalyReporter is implemented by drivers that keep versions: Anomalies
// calls fn for every key under prefix with delete markers or versions the
// archive did not write, in key order.
type AnomalyReporter interface {
	Anomalies(ctx context.Context, prefix string, fn func(Anomaly) error) error
}

// ValidKey reports whether key is an archive key: lower-case ASCII segments of
// letters, digits, '.', '_' and '-', separated by '/', no segment starting with
// '.', at most 8 segments. Keys therefore can never escape the archive root.
func ValidKey(key string) bool {
	segments, n := 1, 0 // n: length of the current segment
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c == '/':
			if n == 0 || segments == maxSegments {
				return false
			}
			segments, n = segments+1, 0
			continue
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '.' || c == '_' || c == '-':
			if n == 0 {
				return false // a segment starts with a letter or digit
			}
		default:
			return false
		}
		if n++; n > maxSegment {
			return false
		}
	}
	return n > 0
}

// ValidPrefix reports whether some valid key starts with prefix. Walk and
// Keys give nothing for a prefix that fails it.
func ValidPrefix(prefix string) bool {
	return prefix == "" || ValidKey(prefix) || ValidKey(prefix+"a")
}

// Limits of a key, as ValidKey checks them.
const (
	maxSegments = 8   // segments in a key
	maxSegment  = 128 // bytes in a segment
)

// ReadAll opens key and reads it whole, verifying its checksum.
func ReadAll(ctx context.Context, a Archive, key string) ([]byte, ObjectInfo, error) {
	rc, info, err := a.Open(ctx, key)
	if err != nil {
		return nil, info, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, info, err
	}
	return b, info, nil
}
