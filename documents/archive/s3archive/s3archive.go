package s3archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/documents/archive"
)

// Defaults applied by [Open] to zero fields of [Options].
const (
	DefaultRegion        = "us-east-1"
	DefaultRetentionMode = "GOVERNANCE"
	DefaultRetentionDays = 3650
)

// metaSHA256 is the user metadata key (x-amz-meta-sha256) holding the
// object's SHA-256 in lower-case hex. S3 metadata stays ASCII.
const metaSHA256 = "sha256"

// ErrObjectLockDisabled is returned by [Open] when the bucket exists but does
// not have object lock enabled.
var ErrObjectLockDisabled = errors.New("s3archive: bucket does not have object lock enabled")

// Options configures [Open].
type Options struct {
	// Endpoint is host[:port] of the S3 service, without a scheme.
	Endpoint string
	// AccessKey and SecretKey are the credentials (signature v4). The key
	// needs no governance-bypass permission: the driver never bypasses.
	AccessKey string
	SecretKey string
	// Bucket is created with object lock when it does not exist.
	Bucket string
	// UseSSL selects HTTPS.
	UseSSL bool
	// Region defaults to DefaultRegion.
	Region string
	// RetentionMode applies to objects created with Protect: "GOVERNANCE"
	// (default) or "COMPLIANCE". COMPLIANCE cannot be lifted by anyone,
	// root included, until the retention date passes.
	RetentionMode string
	// RetentionDays is how long protected objects are retained; default
	// DefaultRetentionDays.
	RetentionDays int
	// Prefix, when set, is prepended with a '/' to every key, so several
	// archives can share a bucket. It must itself be a valid key.
	Prefix string
}

// Archive stores objects in an S3 bucket with object lock. It is safe for
// concurrent use.
type Archive struct {
	client *minio.Client
	bucket string
	region string
	prefix string // "" or ending in "/"
	mode   minio.RetentionMode
	days   int
}

var (
	_ archive.Archive         = (*Archive)(nil)
	_ archive.VersionOpener   = (*Archive)(nil)
	_ archive.AnomalyReporter = (*Archive)(nil)
)

// Open connects to the service, creates the bucket with object lock when it
// does not exist and checks that object lock is enabled when it does.
func Open(ctx context.Context, opts Options) (*Archive, error) {
	a, err := newArchive(opts)
	if err != nil {
		return nil, fmt.Errorf("s3archive: open: %w", err)
	}
	if err := a.ensureBucket(ctx); err != nil {
		return nil, fmt.Errorf("s3archive: open bucket %q at %s: %w", opts.Bucket, opts.Endpoint, err)
	}
	return a, nil
}

// newArchive validates opts, applies the defaults and builds the client.
func newArchive(opts Options) (*Archive, error) {
	switch {
	case opts.Endpoint == "":
		return nil, errors.New("missing Endpoint")
	case strings.Contains(opts.Endpoint, "://"):
		return nil, fmt.Errorf("invalid Endpoint %q: want host[:port] without a scheme (set UseSSL for HTTPS)", opts.Endpoint)
	case opts.Bucket == "":
		return nil, errors.New("missing Bucket")
	case opts.AccessKey == "" || opts.SecretKey == "":
		return nil, errors.New("missing AccessKey or SecretKey")
	case opts.RetentionDays < 0:
		return nil, fmt.Errorf("invalid RetentionDays %d: want a positive number of days (0 means %d)", opts.RetentionDays, DefaultRetentionDays)
	}
	a := &Archive{bucket: opts.Bucket, days: opts.RetentionDays}
	if a.days == 0 {
		a.days = DefaultRetentionDays
	}
	switch strings.ToUpper(opts.RetentionMode) {
	case "", DefaultRetentionMode:
		a.mode = minio.Governance
	case "COMPLIANCE":
		a.mode = minio.Compliance
	default:
		return nil, fmt.Errorf("invalid RetentionMode %q: want GOVERNANCE or COMPLIANCE", opts.RetentionMode)
	}
	if p := strings.Trim(opts.Prefix, "/"); p != "" {
		if !archive.ValidKey(p) {
			return nil, fmt.Errorf("invalid Prefix %q: not a valid archive key", opts.Prefix)
		}
		a.prefix = p + "/"
	}
	a.region = opts.Region
	if a.region == "" {
		a.region = DefaultRegion
	}
	c, err := minio.New(opts.Endpoint, &minio.Options{
		Creds:           credentials.NewStaticV4(opts.AccessKey, opts.SecretKey, ""),
		Secure:          opts.UseSSL,
		Region:          a.region, // also spares a GetBucketLocation round trip
		TrailingHeaders: true,     // required for PutObjectOptions.Checksum
	})
	if err != nil {
		return nil, err
	}
	a.client = c
	return a, nil
}

func (a *Archive) ensureBucket(ctx context.Context) error {
	exists, err := a.client.BucketExists(ctx, a.bucket)
	if err != nil {
		return mapErr(err)
	}
	if !exists {
		err := a.client.MakeBucket(ctx, a.bucket, minio.MakeBucketOptions{Region: a.region, ObjectLocking: true})
		var er minio.ErrorResponse
		if err != nil && !(errors.As(err, &er) && er.Code == "BucketAlreadyOwnedByYou") {
			return mapErr(err)
		}
		// Created here or, concurrently, by another instance: check below.
	}
	status, _, _, _, err := a.client.GetObjectLockConfig(ctx, a.bucket)
	var er minio.ErrorResponse
	if errors.As(err, &er) && er.Code == "ObjectLockConfigurationNotFoundError" {
		status, err = "", nil
	}
	if err != nil {
		return mapErr(err)
	}
	if status != "Enabled" {
		return fmt.Errorf("%w; it can only be enabled when a bucket is created: "+
			"name a bucket that does not exist (the archive creates it with object lock) "+
			"or create one with `mc mb --with-lock`", ErrObjectLockDisabled)
	}
	v, err := a.client.GetBucketVersioning(ctx, a.bucket)
	if err != nil {
		return mapErr(err)
	}
	if !v.Enabled() {
		return fmt.Errorf("bucket %q has object lock but versioning is %q, want Enabled", a.bucket, v.Status)
	}
	return nil
}

// Close releases nothing; the client holds no resources that need closing.
func (a *Archive) Close() error { return nil }

// Create stores data under key unless an object already exists there.
func (a *Archive) Create(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	info, err := a.create(ctx, key, data, opts)
	if err != nil {
		return archive.ObjectInfo{}, fmt.Errorf("s3archive: create %q: %w", key, err)
	}
	return info, nil
}

func (a *Archive) create(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return archive.ObjectInfo{}, err
	}
	name, err := a.name(key)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	sum := sha256.Sum256(data)
	sumHex := hex.EncodeToString(sum[:])
	put := minio.PutObjectOptions{
		ContentType:  opts.ContentType,
		UserMetadata: map[string]string{metaSHA256: sumHex},
		// The server verifies the data against this checksum before storing it.
		Checksum: minio.ChecksumSHA256,
		// One request: the precondition and the checksum cover the whole object.
		DisableMultipart: true,
	}
	put.SetMatchETagExcept("*") // If-None-Match: * — create only, never overwrite
	if opts.Protect {
		put.Mode = a.mode
		put.RetainUntilDate = time.Now().AddDate(0, 0, a.days).UTC()
	}
	if opts.LegalHold {
		put.LegalHold = minio.LegalHoldEnabled
	}
	up, err := a.put(ctx, name, data, put)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	if want := base64.StdEncoding.EncodeToString(sum[:]); up.ChecksumSHA256 != "" && up.ChecksumSHA256 != want {
		return archive.ObjectInfo{}, fmt.Errorf("%w: server stored version %s with checksum %s, sent %s",
			archive.ErrCorrupt, up.VersionID, up.ChecksumSHA256, want)
	}
	info := archive.ObjectInfo{
		Key:       key,
		Size:      int64(len(data)),
		SHA256:    sumHex,
		VersionID: up.VersionID,
		Created:   time.Now().UTC(),
		Protected: opts.Protect || opts.LegalHold,
	}
	// If-None-Match: * lets a PUT through when the current version is a
	// delete marker that someone added outside the archive: the key still
	// holds its first version, so this write lost.
	versions, err := a.versions(ctx, name)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	first, ok := firstVersion(versions)
	if ok && first.VersionID != up.VersionID {
		if !opts.Protect && !opts.LegalHold {
			_ = a.client.RemoveObject(ctx, a.bucket, name, minio.RemoveObjectOptions{VersionID: up.VersionID})
		}
		return archive.ObjectInfo{}, fmt.Errorf("%w: the key holds version %s from before a delete marker", archive.ErrExists, first.VersionID)
	}
	if ok {
		info.Created = first.LastModified.UTC()
	}
	return info, nil
}

// putAttempts bounds the PUTs of one Create whose earlier attempt failed in
// transit; each sends the whole body again.
const putAttempts = 3

// put sends one conditional PUT, again with a fresh body when the attempt
// failed in transit (connection lost, 5xx, a checksum the server computed
// over a body that was not sent whole). An attempt that the server did
// store before the answer was lost makes the next one fail with
// PreconditionFailed: the object is then read back and, when it holds
// exactly data, the write counts as done.
func (a *Archive) put(ctx context.Context, name string, data []byte, put minio.PutObjectOptions) (minio.UploadInfo, error) {
	var lastErr error
	for attempt := range putAttempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return minio.UploadInfo{}, fmt.Errorf("%w (after %w)", ctx.Err(), lastErr)
			case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
			}
		}
		up, err := a.client.PutObject(ctx, a.bucket, name, bytes.NewReader(data), int64(len(data)), put)
		if err == nil {
			return up, nil
		}
		err = mapErr(err)
		switch {
		case errors.Is(err, archive.ErrExists) && lastErr != nil:
			return a.readBackPut(ctx, name, put, err)
		case errors.Is(err, archive.ErrUnavailable):
			lastErr = err
			continue
		}
		return minio.UploadInfo{}, err
	}
	return minio.UploadInfo{}, lastErr
}

// readBackPut resolves a PUT refused as existing after an earlier attempt
// was lost in transit: the first version of name holds the checksum sent
// (it is the earlier attempt) or the refusal stands.
func (a *Archive) readBackPut(ctx context.Context, name string, put minio.PutObjectOptions, refusal error) (minio.UploadInfo, error) {
	versions, err := a.versions(ctx, name)
	if err != nil {
		return minio.UploadInfo{}, err
	}
	first, ok := firstVersion(versions)
	if !ok {
		return minio.UploadInfo{}, refusal
	}
	st, err := a.client.StatObject(ctx, a.bucket, name, minio.StatObjectOptions{VersionID: first.VersionID, Checksum: true})
	if err != nil {
		return minio.UploadInfo{}, mapErr(err)
	}
	sum, err := storedSHA256(st)
	if err != nil || sum != put.UserMetadata[metaSHA256] {
		return minio.UploadInfo{}, refusal
	}
	return minio.UploadInfo{VersionID: first.VersionID, ChecksumSHA256: st.ChecksumSHA256}, nil
}

// firstVersion picks the version the archive wrote from the versions of
// one key: the oldest that is not a delete marker. Anything later (a
// delete marker, a version written past the archive) changes nothing the
// archive reads.
func firstVersion(versions []minio.ObjectInfo) (minio.ObjectInfo, bool) {
	var first minio.ObjectInfo
	found := false
	for _, v := range versions {
		if v.IsDeleteMarker {
			continue
		}
		// Listings give the newest first; ties keep the later entry.
		if !found || !v.LastModified.After(first.LastModified) {
			first, found = v, true
		}
	}
	return first, found
}

// Open returns the content of the first version of key, the one the
// archive wrote: delete markers and later versions added outside the
// archive change nothing. Reading it to EOF verifies its SHA-256.
func (a *Archive) Open(ctx context.Context, key string) (io.ReadCloser, archive.ObjectInfo, error) {
	rc, info, err := a.open(ctx, key)
	if err != nil {
		return nil, archive.ObjectInfo{}, fmt.Errorf("s3archive: open %q: %w", key, err)
	}
	return rc, info, nil
}

func (a *Archive) open(ctx context.Context, key string) (io.ReadCloser, archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, archive.ObjectInfo{}, err
	}
	name, err := a.name(key)
	if err != nil {
		return nil, archive.ObjectInfo{}, err
	}
	versionID, err := a.firstVersionID(ctx, name)
	if err != nil {
		return nil, archive.ObjectInfo{}, err
	}
	return a.get(ctx, key, name, versionID)
}

// OpenVersion returns the content of one version of key, as recorded when
// it was written; reading it to EOF verifies its SHA-256.
func (a *Archive) OpenVersion(ctx context.Context, key, versionID string) (io.ReadCloser, archive.ObjectInfo, error) {
	if versionID == "" {
		return a.Open(ctx, key)
	}
	if err := ctx.Err(); err != nil {
		return nil, archive.ObjectInfo{}, fmt.Errorf("s3archive: open %q: %w", key, err)
	}
	name, err := a.name(key)
	if err != nil {
		return nil, archive.ObjectInfo{}, fmt.Errorf("s3archive: open %q: %w", key, err)
	}
	rc, info, err := a.get(ctx, key, name, versionID)
	if err != nil {
		return nil, archive.ObjectInfo{}, fmt.Errorf("s3archive: open %q version %s: %w", key, versionID, err)
	}
	return rc, info, nil
}

// firstVersionID names the first version of name; ErrNotFound when it has
// none (delete markers alone do not count).
func (a *Archive) firstVersionID(ctx context.Context, name string) (string, error) {
	versions, err := a.versions(ctx, name)
	if err != nil {
		return "", err
	}
	first, ok := firstVersion(versions)
	if !ok {
		return "", fmt.Errorf("%w: no version", archive.ErrNotFound)
	}
	return first.VersionID, nil
}

// get reads one version with one GET: the response headers describe the
// version whose body follows (checksum, lock), so no HEAD is needed.
func (a *Archive) get(ctx context.Context, key, name, versionID string) (io.ReadCloser, archive.ObjectInfo, error) {
	body, st, _, err := minio.Core{Client: a.client}.GetObject(ctx, a.bucket, name, minio.GetObjectOptions{Checksum: true, VersionID: versionID})
	if err != nil {
		return nil, archive.ObjectInfo{}, mapErr(err)
	}
	info, err := objectInfo(key, st)
	if err != nil {
		body.Close()
		return nil, archive.ObjectInfo{}, err
	}
	return archive.NewVerifyingReader(ctx, bodyReader{body}, info.SHA256), info, nil
}

// bodyReader maps the errors of a response body being read.
type bodyReader struct{ io.ReadCloser }

func (r bodyReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = mapErr(err)
	}
	return n, err
}

// Stat describes the first version of key, as Open reads it.
func (a *Archive) Stat(ctx context.Context, key string) (archive.ObjectInfo, error) {
	info, err := a.stat(ctx, key)
	if err != nil {
		return archive.ObjectInfo{}, fmt.Errorf("s3archive: stat %q: %w", key, err)
	}
	return info, nil
}

func (a *Archive) stat(ctx context.Context, key string) (archive.ObjectInfo, error) {
	if err := ctx.Err(); err != nil {
		return archive.ObjectInfo{}, err
	}
	name, err := a.name(key)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	versionID, err := a.firstVersionID(ctx, name)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	st, err := a.client.StatObject(ctx, a.bucket, name, minio.StatObjectOptions{Checksum: true, VersionID: versionID})
	if err != nil {
		return archive.ObjectInfo{}, mapErr(err)
	}
	return objectInfo(key, st)
}

// objectInfo describes key from the headers S3 sent with a version of it.
func objectInfo(key string, st minio.ObjectInfo) (archive.ObjectInfo, error) {
	sum, err := storedSHA256(st)
	if err != nil {
		return archive.ObjectInfo{}, err
	}
	return archive.ObjectInfo{
		Key:       key,
		Size:      st.Size,
		SHA256:    sum,
		VersionID: st.VersionID,
		Created:   st.LastModified.UTC(),
		Protected: isProtected(st, time.Now()),
	}, nil
}

// Delete removes every version of an unprotected object. When any version
// is under retention or legal hold nothing is removed.
func (a *Archive) Delete(ctx context.Context, key string) error {
	if err := a.delete(ctx, key); err != nil {
		return fmt.Errorf("s3archive: delete %q: %w", key, err)
	}
	return nil
}

func (a *Archive) delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	name, err := a.name(key)
	if err != nil {
		return err
	}
	versions, err := a.versions(ctx, name)
	if err != nil {
		return err
	}
	first, ok := firstVersion(versions)
	if !ok {
		return fmt.Errorf("%w: no version", archive.ErrNotFound)
	}
	i := slices.IndexFunc(versions, func(v minio.ObjectInfo) bool { return v.VersionID == first.VersionID })
	// Check every version first, so that a locked one does not leave the
	// key half deleted. The server enforces the locks in any case.
	now := time.Now()
	for _, v := range versions {
		if v.IsDeleteMarker {
			continue
		}
		st, err := a.client.StatObject(ctx, a.bucket, name, minio.StatObjectOptions{VersionID: v.VersionID})
		if err != nil {
			if err := mapErr(err); errors.Is(err, archive.ErrNotFound) {
				continue
			}
			return mapErr(err)
		}
		if isProtected(st, now) {
			return fmt.Errorf("%w: version %s is under retention or legal hold", archive.ErrProtected, v.VersionID)
		}
	}
	// The first version goes last, so an interrupted Delete leaves the
	// object readable and can be repeated. Delete markers go too: the key
	// is free again afterwards.
	order := make([]minio.ObjectInfo, 0, len(versions))
	for j, v := range versions {
		if j != i {
			order = append(order, v)
		}
	}
	for _, v := range append(order, versions[i]) {
		err := a.client.RemoveObject(ctx, a.bucket, name, minio.RemoveObjectOptions{VersionID: v.VersionID})
		if err := mapErr(err); err != nil && !errors.Is(err, archive.ErrNotFound) {
			return fmt.Errorf("remove version %s: %w", v.VersionID, err)
		}
	}
	return nil
}

// versions lists all versions and delete markers of exactly name.
func (a *Archive) versions(ctx context.Context, name string) ([]minio.ObjectInfo, error) {
	ctx, cancel := context.WithCancel(ctx) // stops the lister on early return
	defer cancel()
	var out []minio.ObjectInfo
	// Not recursive: keys below name/ come back as one common prefix.
	for oi := range a.client.ListObjects(ctx, a.bucket, minio.ListObjectsOptions{Prefix: name, WithVersions: true}) {
		if oi.Err != nil {
			return nil, mapErr(oi.Err)
		}
		if oi.Key == name {
			out = append(out, oi)
		}
	}
	return out, nil
}

// Walk calls fn for every object whose key starts with prefix, in key order.
// Each object is described as by Stat (one request per object). An error
// returned by fn stops the walk and is returned unchanged.
func (a *Archive) Walk(ctx context.Context, prefix string, fn func(archive.ObjectInfo) error) error {
	return a.list(ctx, prefix, func(key string) error {
		info, err := a.stat(ctx, key)
		if errors.Is(err, archive.ErrNotFound) {
			return nil // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("s3archive: walk %q: %w", prefix, err)
		}
		return fn(info)
	})
}

// Keys calls fn with every key that starts with prefix, in key order, from
// the bucket listing alone. An error returned by fn stops the walk and is
// returned unchanged.
func (a *Archive) Keys(ctx context.Context, prefix string, fn func(key string) error) error {
	return a.list(ctx, prefix, fn)
}

func (a *Archive) list(ctx context.Context, prefix string, fn func(key string) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3archive: walk %q: %w", prefix, err)
	}
	if !archive.ValidPrefix(prefix) {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx) // stops the lister on early return
	defer cancel()
	// S3 lists keys in UTF-8 binary order, which is key order, and the
	// versions of one key together. A key is listed when it has a version
	// that is not a delete marker: a delete marker added outside the
	// archive hides nothing.
	last := ""
	for oi := range a.client.ListObjects(ctx, a.bucket, minio.ListObjectsOptions{Prefix: a.prefix + prefix, Recursive: true, WithVersions: true}) {
		if oi.Err != nil {
			return fmt.Errorf("s3archive: walk %q: %w", prefix, mapErr(oi.Err))
		}
		key := strings.TrimPrefix(oi.Key, a.prefix)
		if oi.IsDeleteMarker || key == last || !archive.ValidKey(key) {
			continue // not written by the archive
		}
		last = key
		if err := fn(key); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3archive: walk %q: %w", prefix, err)
	}
	return nil
}

// Anomalies reports every key under prefix whose versions are not the one
// version the archive wrote: delete markers and versions written past the
// archive (by an S3 client with the bucket's credentials, a lifecycle
// rule). They change nothing the archive reads, but an operator must know
// that someone tried.
func (a *Archive) Anomalies(ctx context.Context, prefix string, fn func(archive.Anomaly) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3archive: versions of %q: %w", prefix, err)
	}
	if !archive.ValidPrefix(prefix) {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var cur archive.Anomaly
	var curVersions []minio.ObjectInfo
	flush := func() error {
		if cur.Key == "" {
			return nil
		}
		first, ok := firstVersion(curVersions)
		for _, v := range curVersions {
			switch {
			case v.IsDeleteMarker:
				cur.DeleteMarkers = append(cur.DeleteMarkers, v.VersionID)
			case !ok || v.VersionID != first.VersionID:
				cur.ExtraVersions = append(cur.ExtraVersions, v.VersionID)
			}
		}
		if ok {
			cur.VersionID = first.VersionID
		}
		an := cur
		cur, curVersions = archive.Anomaly{}, nil
		if len(an.DeleteMarkers) == 0 && len(an.ExtraVersions) == 0 {
			return nil
		}
		return fn(an)
	}
	for oi := range a.client.ListObjects(ctx, a.bucket, minio.ListObjectsOptions{Prefix: a.prefix + prefix, Recursive: true, WithVersions: true}) {
		if oi.Err != nil {
			return fmt.Errorf("s3archive: versions of %q: %w", prefix, mapErr(oi.Err))
		}
		key := strings.TrimPrefix(oi.Key, a.prefix)
		if key != cur.Key {
			if err := flush(); err != nil {
				return err
			}
			cur.Key = key
		}
		curVersions = append(curVersions, oi)
	}
	if err := flush(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("s3archive: versions of %q: %w", prefix, err)
	}
	return nil
}

// SetLegalHold places (on) or lifts (off) a legal hold on the current version
// of key. While a hold is on, the version cannot be deleted, whatever its
// retention.
func (a *Archive) SetLegalHold(ctx context.Context, key string, on bool) error {
	if err := a.setLegalHold(ctx, key, on); err != nil {
		return fmt.Errorf("s3archive: set legal hold on %q: %w", key, err)
	}
	return nil
}

func (a *Archive) setLegalHold(ctx context.Context, key string, on bool) error {
	info, err := a.stat(ctx, key)
	if err != nil {
		return err
	}
	name, _ := a.name(key)
	status := minio.LegalHoldDisabled
	if on {
		status = minio.LegalHoldEnabled
	}
	return mapErr(a.client.PutObjectLegalHold(ctx, a.bucket, name,
		minio.PutObjectLegalHoldOptions{VersionID: info.VersionID, Status: &status}))
}

// name validates key and returns the object name in the bucket.
func (a *Archive) name(key string) (string, error) {
	if !archive.ValidKey(key) {
		return "", fmt.Errorf("%w: %q", archive.ErrInvalidKey, key)
	}
	return a.prefix + key, nil
}

// storedSHA256 returns the SHA-256 recorded for an object version: the
// server-verified full-object checksum and the x-amz-meta-sha256 metadata,
// which must agree when both are present.
func storedSHA256(st minio.ObjectInfo) (string, error) {
	var fromChecksum string
	if c := st.ChecksumSHA256; c != "" && st.ChecksumMode != "COMPOSITE" {
		if b, err := base64.StdEncoding.DecodeString(c); err == nil && len(b) == sha256.Size {
			fromChecksum = hex.EncodeToString(b)
		}
	}
	var fromMeta string
	for k, v := range st.UserMetadata {
		if strings.EqualFold(k, metaSHA256) {
			fromMeta = strings.ToLower(v)
		}
	}
	if b, err := hex.DecodeString(fromMeta); err != nil || len(b) != sha256.Size {
		fromMeta = ""
	}
	switch {
	case fromChecksum != "" && fromMeta != "" && fromChecksum != fromMeta:
		return "", fmt.Errorf("%w: version %s has checksum %s but metadata sha256 %s",
			archive.ErrCorrupt, st.VersionID, fromChecksum, fromMeta)
	case fromChecksum != "":
		return fromChecksum, nil
	case fromMeta != "":
		return fromMeta, nil
	}
	return "", fmt.Errorf("%w: version %s has no SHA-256 checksum", archive.ErrCorrupt, st.VersionID)
}

// isProtected reports whether an object version is under a legal hold or an
// unexpired retention, from the headers of a HEAD request.
func isProtected(st minio.ObjectInfo, now time.Time) bool {
	h := st.Metadata
	if strings.EqualFold(h.Get("X-Amz-Object-Lock-Legal-Hold"), string(minio.LegalHoldEnabled)) {
		return true
	}
	if h.Get("X-Amz-Object-Lock-Mode") == "" {
		return false
	}
	until, err := time.Parse(time.RFC3339, h.Get("X-Amz-Object-Lock-Retain-Until-Date"))
	return err != nil || until.After(now) // an unreadable date counts as locked
}
