package s3archive_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/s3archive"
)

// env is one MinIO server shared by the subtests of TestS3Archive, each of
// which works in buckets of its own.
type env struct {
	srv    *archivetest.MinIOServer
	client *minio.Client // direct access, to look behind the archive
}

// TestS3Archive runs every test that needs a server, against one MinIO
// process for the whole package.
func TestS3Archive(t *testing.T) {
	srv := archivetest.StartMinIO(t)
	client, err := minio.New(srv.Endpoint(), &minio.Options{
		Creds:           credentials.NewStaticV4(srv.AccessKey(), srv.SecretKey(), ""),
		Region:          s3archive.DefaultRegion,
		TrailingHeaders: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{srv: srv, client: client}

	t.Run("Conformance", func(t *testing.T) {
		archivetest.Run(t, func(t *testing.T) archive.Archive { a, _ := e.open(t, s3archive.Options{}); return a })
	})
	t.Run("ConformanceWithPrefix", func(t *testing.T) {
		archivetest.Run(t, func(t *testing.T) archive.Archive {
			a, _ := e.open(t, s3archive.Options{Prefix: "tenant-1/archive"})
			return a
		})
	})
	for _, tc := range []struct {
		name string
		test func(t *testing.T, e *env)
	}{
		{"BucketCreatedWithLock", testBucketCreatedWithLock},
		{"BucketWithoutLock", testBucketWithoutLock},
		{"LockedVersion", testLockedVersion},
		{"DirectRemoveRefused", testDirectRemoveRefused},
		{"Overwrite", testOverwrite},
		{"ConcurrentInstances", testConcurrentInstances},
		{"ServerVerifiesChecksum", testServerVerifiesChecksum},
		{"DetectsBadMetadata", testDetectsBadMetadata},
		{"LegalHold", testLegalHold},
		{"DeleteAllVersions", testDeleteAllVersions},
		{"DeleteLockedOldVersion", testDeleteLockedOldVersion},
		{"DeleteMarkerHidesNothing", testDeleteMarkerHidesNothing},
		{"Compliance", testCompliance},
		{"Prefix", testPrefix},
		{"Unavailable", testUnavailable}, // stops and restarts the server: keep last
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, e) })
	}
}

func newBucketName() string {
	return "vt-" + strings.ToLower(rand.Text()[:20])
}

// options fills in the server, a new bucket and one day of retention.
func (e *env) options(opts s3archive.Options) s3archive.Options {
	opts.Endpoint = e.srv.Endpoint()
	opts.AccessKey = e.srv.AccessKey()
	opts.SecretKey = e.srv.SecretKey()
	if opts.Bucket == "" {
		opts.Bucket = newBucketName()
	}
	if opts.RetentionDays == 0 {
		opts.RetentionDays = 1
	}
	return opts
}

// open opens an archive and returns it with its bucket name.
func (e *env) open(t *testing.T, opts s3archive.Options) (*s3archive.Archive, string) {
	t.Helper()
	opts = e.options(opts)
	a, err := s3archive.Open(t.Context(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a, opts.Bucket
}

// versions lists the versions and delete markers of key, newest first.
func (e *env) versions(t *testing.T, bucket, key string) []minio.ObjectInfo {
	t.Helper()
	var out []minio.ObjectInfo
	for oi := range e.client.ListObjects(t.Context(), bucket, minio.ListObjectsOptions{Prefix: key, WithVersions: true}) {
		if oi.Err != nil {
			t.Fatalf("ListObjects: %v", oi.Err)
		}
		if oi.Key == key {
			out = append(out, oi)
		}
	}
	return out
}

// putDirect writes a new version of key with minio-go, bypassing the archive.
func (e *env) putDirect(t *testing.T, bucket, key string, data []byte, opts minio.PutObjectOptions) minio.UploadInfo {
	t.Helper()
	opts.DisableMultipart = true
	up, err := e.client.PutObject(t.Context(), bucket, key, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatalf("PutObject(%q): %v", key, err)
	}
	return up
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func sha256Base64(b []byte) string {
	s := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(s[:])
}

func errorCode(err error) string {
	var er minio.ErrorResponse
	if errors.As(err, &er) {
		return er.Code
	}
	return ""
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

func create(t *testing.T, a *s3archive.Archive, key string, data []byte, opts archive.CreateOptions) archive.ObjectInfo {
	t.Helper()
	info, err := a.Create(t.Context(), key, data, opts)
	if err != nil {
		t.Fatalf("Create(%q): %v", key, err)
	}
	return info
}

func readBack(t *testing.T, a archive.Archive, key string, want []byte) archive.ObjectInfo {
	t.Helper()
	got, info, err := archive.ReadAll(t.Context(), a, key)
	if err != nil {
		t.Fatalf("ReadAll(%q): %v", key, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ReadAll(%q) = %q, want %q", key, got, want)
	}
	return info
}

func testBucketCreatedWithLock(t *testing.T, e *env) {
	ctx := t.Context()
	_, bucket := e.open(t, s3archive.Options{})
	status, _, _, _, err := e.client.GetObjectLockConfig(ctx, bucket)
	if err != nil || status != "Enabled" {
		t.Errorf("GetObjectLockConfig = %q, %v; want Enabled", status, err)
	}
	v, err := e.client.GetBucketVersioning(ctx, bucket)
	if err != nil || !v.Enabled() {
		t.Errorf("GetBucketVersioning = %+v, %v; want Enabled", v, err)
	}
	// Opening the existing bucket again is fine.
	e.open(t, s3archive.Options{Bucket: bucket})
}

func testBucketWithoutLock(t *testing.T, e *env) {
	ctx := t.Context()
	for _, versioned := range []bool{false, true} {
		t.Run(fmt.Sprintf("versioned=%v", versioned), func(t *testing.T) {
			bucket := newBucketName()
			if err := e.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
				t.Fatal(err)
			}
			if versioned {
				if err := e.client.EnableVersioning(ctx, bucket); err != nil {
					t.Fatal(err)
				}
			}
			_, err := s3archive.Open(ctx, e.options(s3archive.Options{Bucket: bucket}))
			wantErr(t, "Open", err, s3archive.ErrObjectLockDisabled)
			t.Logf("Open: %v", err)
			if !strings.Contains(err.Error(), bucket) || !strings.Contains(err.Error(), "object lock") {
				t.Errorf("Open error does not name the bucket and the cause: %v", err)
			}
		})
	}
}

func testLockedVersion(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key = "docs/l/r1/document.docx"
	data := []byte("Nghị quyết số 01-NQ/ĐU")
	before := time.Now()
	info := create(t, a, key, data, archive.CreateOptions{Protect: true})
	if info.VersionID == "" || !info.Protected {
		t.Fatalf("Create = %+v, want a version id and Protected", info)
	}
	st, err := e.client.StatObject(ctx, bucket, key, minio.StatObjectOptions{VersionID: info.VersionID, Checksum: true})
	if err != nil {
		t.Fatalf("StatObject: %v", err)
	}
	if got := st.Metadata.Get("X-Amz-Object-Lock-Mode"); got != "GOVERNANCE" {
		t.Errorf("X-Amz-Object-Lock-Mode = %q, want GOVERNANCE", got)
	}
	until, err := time.Parse(time.RFC3339, st.Metadata.Get("X-Amz-Object-Lock-Retain-Until-Date"))
	if want := before.AddDate(0, 0, 1); err != nil || until.Before(want.Add(-time.Minute)) || until.After(want.Add(time.Hour)) {
		t.Errorf("retain-until = %v (%v), want about %v", until, err, want)
	}
	if st.ChecksumSHA256 != sha256Base64(data) {
		t.Errorf("server checksum = %q, want %q", st.ChecksumSHA256, sha256Base64(data))
	}
	if got := st.UserMetadata["Sha256"]; got != sha256Hex(data) {
		t.Errorf("x-amz-meta-sha256 = %q, want %q", got, sha256Hex(data))
	}
	mode, _, err := e.client.GetObjectRetention(ctx, bucket, key, info.VersionID)
	if err != nil || mode == nil || *mode != minio.Governance {
		t.Errorf("GetObjectRetention = %v, %v; want GOVERNANCE", mode, err)
	}
	if vs := e.versions(t, bucket, key); len(vs) != 1 || vs[0].VersionID != info.VersionID {
		t.Errorf("versions = %+v, want only %s", vs, info.VersionID)
	}
}

func testDirectRemoveRefused(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key = "docs/r/r1/document.docx"
	data := []byte("issued")
	info := create(t, a, key, data, archive.CreateOptions{Protect: true})
	err := e.client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{VersionID: info.VersionID})
	if err == nil {
		t.Fatal("RemoveObject of a locked version succeeded")
	}
	if code := errorCode(err); code != "InvalidRequest" && code != minio.AccessDenied {
		t.Errorf("RemoveObject: code %q (%v), want a WORM refusal", code, err)
	}
	wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrProtected)
	got := readBack(t, a, key, data)
	if got.VersionID != info.VersionID {
		t.Errorf("version changed from %s to %s", info.VersionID, got.VersionID)
	}
}

func testOverwrite(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key = "docs/o/r1/manifest.json"
	info := create(t, a, key, []byte(`{"v":1}`), archive.CreateOptions{})
	_, err := a.Create(ctx, key, []byte(`{"v":2}`), archive.CreateOptions{})
	wantErr(t, "second Create", err, archive.ErrExists)
	if code := errorCode(err); code != minio.PreconditionFailed {
		t.Errorf("native error code = %q, want PreconditionFailed", code)
	}
	// The same conditional PUT straight through minio-go is refused too.
	opts := minio.PutObjectOptions{DisableMultipart: true}
	opts.SetMatchETagExcept("*")
	_, err = e.client.PutObject(ctx, bucket, key, strings.NewReader("x"), 1, opts)
	if code := errorCode(err); code != minio.PreconditionFailed {
		t.Errorf("conditional PutObject: %v (code %q), want PreconditionFailed", err, code)
	}
	readBack(t, a, key, []byte(`{"v":1}`))
	if vs := e.versions(t, bucket, key); len(vs) != 1 || vs[0].VersionID != info.VersionID {
		t.Errorf("versions = %d, want only the first", len(vs))
	}
}

// testConcurrentInstances races creators from two archives with separate
// clients on one bucket, as two vanthu processes would.
func testConcurrentInstances(t *testing.T, e *env) {
	a1, bucket := e.open(t, s3archive.Options{})
	a2, _ := e.open(t, s3archive.Options{Bucket: bucket})
	const perInstance = 10
	const key = "docs/race/r1/document.docx"
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
		won   []string
	)
	for i, a := range []*s3archive.Archive{a1, a2} {
		for j := range perInstance {
			wg.Go(func() {
				<-start
				data := fmt.Appendf(nil, "instance %d writer %d", i, j)
				_, err := a.Create(t.Context(), key, data, archive.CreateOptions{Protect: true})
				switch {
				case err == nil:
					mu.Lock()
					won = append(won, string(data))
					mu.Unlock()
				case !errors.Is(err, archive.ErrExists):
					t.Errorf("instance %d writer %d: %v", i, j, err)
				}
			})
		}
	}
	close(start)
	wg.Wait()
	if len(won) != 1 {
		t.Fatalf("%d creators won (%q), want 1", len(won), won)
	}
	readBack(t, a2, key, []byte(won[0]))
	if vs := e.versions(t, bucket, key); len(vs) != 1 {
		t.Errorf("%d versions stored, want 1", len(vs))
	}
}

// testServerVerifiesChecksum shows that the server checks the SHA-256 the
// archive sends, so corruption on the way in is refused, not stored.
func testServerVerifiesChecksum(t *testing.T, e *env) {
	ctx := t.Context()
	_, bucket := e.open(t, s3archive.Options{})
	data := []byte("the real content")
	for _, tc := range []struct {
		name, checksum string
		ok             bool
	}{
		{"wrong", sha256Base64([]byte("other content")), false},
		{"right", sha256Base64(data), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "docs/sum/" + tc.name
			_, err := e.client.PutObject(ctx, bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
				DisableMultipart: true,
				UserMetadata:     map[string]string{"x-amz-checksum-sha256": tc.checksum},
			})
			if tc.ok {
				if err != nil {
					t.Fatalf("PutObject with the right checksum: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("PutObject with a wrong SHA-256 was accepted")
			}
			if code := errorCode(err); code != "XAmzContentChecksumMismatch" && code != "BadDigest" {
				t.Errorf("PutObject: code %q (%v), want XAmzContentChecksumMismatch", code, err)
			}
			if _, err := e.client.StatObject(ctx, bucket, key, minio.StatObjectOptions{}); errorCode(err) != minio.NoSuchKey {
				t.Errorf("StatObject after the refused upload: %v, want NoSuchKey", err)
			}
		})
	}
}

// testDetectsBadMetadata writes objects past the archive whose recorded
// SHA-256 does not fit their content.
func testDetectsBadMetadata(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	data := []byte("content")
	wrong := sha256Hex([]byte("different"))

	// Server checksum and metadata disagree: Stat already refuses.
	e.putDirect(t, bucket, "docs/bad/a", data, minio.PutObjectOptions{
		Checksum: minio.ChecksumSHA256, UserMetadata: map[string]string{"sha256": wrong}})
	_, err := a.Stat(ctx, "docs/bad/a")
	wantErr(t, "Stat with disagreeing checksums", err, archive.ErrCorrupt)

	// Only the metadata records a SHA-256, and it is wrong: reading fails at EOF.
	e.putDirect(t, bucket, "docs/bad/b", data, minio.PutObjectOptions{UserMetadata: map[string]string{"sha256": wrong}})
	_, _, err = archive.ReadAll(ctx, a, "docs/bad/b")
	wantErr(t, "ReadAll with a wrong recorded SHA-256", err, archive.ErrCorrupt)

	// Nothing records a SHA-256: the content cannot be verified.
	e.putDirect(t, bucket, "docs/bad/c", data, minio.PutObjectOptions{})
	_, _, err = a.Open(ctx, "docs/bad/c")
	wantErr(t, "Open without a recorded SHA-256", err, archive.ErrCorrupt)
}

func testLegalHold(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	holdStatus := func(t testing.TB, key string) minio.LegalHoldStatus {
		t.Helper()
		s, err := e.client.GetObjectLegalHold(ctx, bucket, key, minio.GetObjectLegalHoldOptions{})
		if err != nil {
			t.Fatalf("GetObjectLegalHold: %v", err)
		}
		return *s
	}

	t.Run("at create", func(t *testing.T) {
		const key = "docs/h/created-with-hold"
		info := create(t, a, key, []byte("x"), archive.CreateOptions{LegalHold: true})
		if !info.Protected || holdStatus(t, key) != minio.LegalHoldEnabled {
			t.Fatalf("Create with LegalHold: Protected %v, hold %q", info.Protected, holdStatus(t, key))
		}
		wantErr(t, "Delete under hold", a.Delete(ctx, key), archive.ErrProtected)
		if err := a.SetLegalHold(ctx, key, false); err != nil {
			t.Fatalf("SetLegalHold(off): %v", err)
		}
		if st, err := a.Stat(ctx, key); err != nil || st.Protected {
			t.Fatalf("Stat after lifting the hold = %+v, %v; want unprotected", st, err)
		}
		if err := a.Delete(ctx, key); err != nil {
			t.Fatalf("Delete after lifting the hold: %v", err)
		}
	})

	t.Run("later", func(t *testing.T) {
		const key = "docs/h/held-later"
		info := create(t, a, key, []byte("y"), archive.CreateOptions{})
		if err := a.SetLegalHold(ctx, key, true); err != nil {
			t.Fatalf("SetLegalHold(on): %v", err)
		}
		if holdStatus(t, key) != minio.LegalHoldEnabled {
			t.Fatalf("legal hold = %q, want ON", holdStatus(t, key))
		}
		if st, err := a.Stat(ctx, key); err != nil || !st.Protected {
			t.Fatalf("Stat under hold = %+v, %v; want Protected", st, err)
		}
		wantErr(t, "Delete under hold", a.Delete(ctx, key), archive.ErrProtected)
		// Not even a governance bypass removes a held version.
		err := e.client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{VersionID: info.VersionID, GovernanceBypass: true})
		if err == nil {
			t.Fatal("RemoveObject with governance bypass removed a held version")
		}
		if err := a.SetLegalHold(ctx, key, false); err != nil {
			t.Fatalf("SetLegalHold(off): %v", err)
		}
		if holdStatus(t, key) != minio.LegalHoldDisabled {
			t.Fatalf("legal hold = %q, want OFF", holdStatus(t, key))
		}
		if err := a.Delete(ctx, key); err != nil {
			t.Fatalf("Delete after lifting the hold: %v", err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		wantErr(t, "missing key", a.SetLegalHold(ctx, "docs/h/missing", true), archive.ErrNotFound)
		wantErr(t, "invalid key", a.SetLegalHold(ctx, "../x", true), archive.ErrInvalidKey)
	})
}

func testDeleteAllVersions(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key = "drafts/d/r1/document.docx"
	create(t, a, key, []byte("draft v1"), archive.CreateOptions{})
	// Older versions and a delete marker, written past the archive.
	e.putDirect(t, bucket, key, []byte("draft v2"), minio.PutObjectOptions{})
	if err := e.client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	e.putDirect(t, bucket, key, []byte("draft v3"), minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	e.putDirect(t, bucket, key+".sig", []byte("sibling"), minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	if n := len(e.versions(t, bucket, key)); n != 4 {
		t.Fatalf("setup: %d versions, want 4", n)
	}
	if err := a.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if vs := e.versions(t, bucket, key); len(vs) != 0 {
		t.Errorf("after Delete %d versions remain: %+v", len(vs), vs)
	}
	if len(e.versions(t, bucket, key+".sig")) != 1 {
		t.Error("Delete touched a sibling key")
	}
	_, err := a.Stat(ctx, key)
	wantErr(t, "Stat", err, archive.ErrNotFound)

	// A delete marker added outside the archive hides nothing: the key
	// still exists, and Delete removes it with the marker.
	const hidden = "drafts/d/r1/hidden"
	create(t, a, hidden, []byte("x"), archive.CreateOptions{})
	if err := e.client.RemoveObject(ctx, bucket, hidden, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, hidden); err != nil {
		t.Fatalf("Delete behind a delete marker: %v", err)
	}
	if vs := e.versions(t, bucket, hidden); len(vs) != 0 {
		t.Errorf("after Delete %d versions remain: %+v", len(vs), vs)
	}
}

// testDeleteMarkerHidesNothing: a plain S3 DELETE (no version id) of an
// archived key, and a later version written past the archive, change
// nothing the archive reads; both are reported as anomalies, and the key
// stays taken for Create.
func testDeleteMarkerHidesNothing(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key, foreign = "register/tu/tb/2025-10-20/000001", "docs/f/r0001/manifest.json"
	data := []byte(`{"id":"first"}`)
	info := create(t, a, key, data, archive.CreateOptions{Protect: true})
	finfo := create(t, a, foreign, data, archive.CreateOptions{})
	if err := e.client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	e.putDirect(t, bucket, foreign, []byte(`{"id":"forged"}`), minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	for _, tc := range []struct{ key, version string }{{key, info.VersionID}, {foreign, finfo.VersionID}} {
		got := readBack(t, a, tc.key, data)
		if got.VersionID != tc.version {
			t.Errorf("%s: read version %s, want the first %s", tc.key, got.VersionID, tc.version)
		}
		rc, _, err := a.OpenVersion(ctx, tc.key, tc.version)
		if err != nil {
			t.Fatalf("OpenVersion(%s): %v", tc.key, err)
		}
		rc.Close()
		var keys []string
		if err := a.Keys(ctx, tc.key, func(k string) error { keys = append(keys, k); return nil }); err != nil || len(keys) != 1 {
			t.Errorf("Keys(%s) = %v, %v; want the key once", tc.key, keys, err)
		}
		_, err = a.Create(ctx, tc.key, []byte(`{"id":"second"}`), archive.CreateOptions{})
		wantErr(t, "Create over "+tc.key, err, archive.ErrExists)
		readBack(t, a, tc.key, data)
	}
	var found []archive.Anomaly
	if err := a.Anomalies(ctx, "", func(an archive.Anomaly) error { found = append(found, an); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].Key != foreign || len(found[0].ExtraVersions) != 1 ||
		found[1].Key != key || len(found[1].DeleteMarkers) != 1 || found[1].VersionID != info.VersionID {
		t.Errorf("Anomalies = %+v, want the extra version of %s and the delete marker of %s", found, foreign, key)
	}
}

func testDeleteLockedOldVersion(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{})
	const key = "docs/v/r1/document.docx"
	locked := create(t, a, key, []byte("issued"), archive.CreateOptions{Protect: true})
	// A newer, unlocked version written past the archive.
	e.putDirect(t, bucket, key, []byte("later"), minio.PutObjectOptions{Checksum: minio.ChecksumSHA256})
	st, err := a.Stat(ctx, key)
	if err != nil || st.VersionID != locked.VersionID || !st.Protected {
		t.Fatalf("Stat = %+v, %v; want the first, locked version %s", st, err, locked.VersionID)
	}
	wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrProtected)
	vs := e.versions(t, bucket, key)
	if len(vs) != 2 {
		t.Fatalf("after the refused Delete %d versions remain, want both", len(vs))
	}
	if _, err := e.client.StatObject(ctx, bucket, key, minio.StatObjectOptions{VersionID: locked.VersionID}); err != nil {
		t.Errorf("locked version: %v", err)
	}
}

func testCompliance(t *testing.T, e *env) {
	ctx := t.Context()
	a, bucket := e.open(t, s3archive.Options{RetentionMode: "COMPLIANCE"})
	const key = "docs/c/r1/document.docx"
	info := create(t, a, key, []byte("kept"), archive.CreateOptions{Protect: true})
	mode, _, err := e.client.GetObjectRetention(ctx, bucket, key, info.VersionID)
	if err != nil || mode == nil || *mode != minio.Compliance {
		t.Fatalf("GetObjectRetention = %v, %v; want COMPLIANCE", mode, err)
	}
	err = e.client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{VersionID: info.VersionID, GovernanceBypass: true})
	if err == nil {
		t.Fatal("RemoveObject with governance bypass removed a COMPLIANCE version")
	}
	wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrProtected)
}

func testPrefix(t *testing.T, e *env) {
	ctx := t.Context()
	a1, bucket := e.open(t, s3archive.Options{Prefix: "tenant-a"})
	a2, _ := e.open(t, s3archive.Options{Bucket: bucket, Prefix: "/tenant-b/"})
	const key = "docs/p/r1/document.docx"
	create(t, a1, key, []byte("a"), archive.CreateOptions{})
	create(t, a2, key, []byte("b"), archive.CreateOptions{})
	e.putDirect(t, bucket, "docs/p/r1/stray", []byte("outside both prefixes"), minio.PutObjectOptions{})
	readBack(t, a1, key, []byte("a"))
	readBack(t, a2, key, []byte("b"))
	for _, name := range []string{"tenant-a/" + key, "tenant-b/" + key} {
		if _, err := e.client.StatObject(ctx, bucket, name, minio.StatObjectOptions{}); err != nil {
			t.Errorf("StatObject(%q): %v", name, err)
		}
	}
	var keys []string
	if err := a1.Walk(ctx, "", func(info archive.ObjectInfo) error { keys = append(keys, info.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != key {
		t.Errorf("Walk = %q, want only %q", keys, key)
	}
	if _, err := s3archive.Open(ctx, e.options(s3archive.Options{Prefix: "../up"})); err == nil {
		t.Error("Open accepted an invalid prefix")
	}
}

// testUnavailable stops the server: operations fail with ErrUnavailable
// and work again once it is back.
func testUnavailable(t *testing.T, e *env) {
	a, _ := e.open(t, s3archive.Options{})
	create(t, a, "docs/u/a", []byte("x"), archive.CreateOptions{})
	if err := e.srv.Stop(); err != nil {
		t.Fatal(err)
	}
	restarted := false
	t.Cleanup(func() {
		if !restarted {
			if err := e.srv.Start(); err != nil {
				t.Errorf("restart MinIO: %v", err)
			}
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	_, err := a.Stat(ctx, "docs/u/a")
	wantErr(t, "Stat while stopped", err, archive.ErrUnavailable)
	_, err = a.Create(ctx, "docs/u/b", []byte("y"), archive.CreateOptions{})
	wantErr(t, "Create while stopped", err, archive.ErrUnavailable)

	if err := e.srv.Start(); err != nil {
		t.Fatal(err)
	}
	restarted = true
	readBack(t, a, "docs/u/a", []byte("x"))
}

func TestOpenOptions(t *testing.T) {
	valid := s3archive.Options{Endpoint: "127.0.0.1:1", AccessKey: "a", SecretKey: "s", Bucket: "b"}
	for _, tc := range []struct {
		name   string
		change func(*s3archive.Options)
		want   string
	}{
		{"no endpoint", func(o *s3archive.Options) { o.Endpoint = "" }, "Endpoint"},
		{"endpoint with scheme", func(o *s3archive.Options) { o.Endpoint = "http://127.0.0.1:9000" }, "UseSSL"},
		{"no bucket", func(o *s3archive.Options) { o.Bucket = "" }, "Bucket"},
		{"no secret", func(o *s3archive.Options) { o.SecretKey = "" }, "SecretKey"},
		{"bad mode", func(o *s3archive.Options) { o.RetentionMode = "FOREVER" }, "RetentionMode"},
		{"negative days", func(o *s3archive.Options) { o.RetentionDays = -1 }, "RetentionDays"},
		{"bad prefix", func(o *s3archive.Options) { o.Prefix = "Tenant A" }, "Prefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := valid
			tc.change(&opts)
			_, err := s3archive.Open(t.Context(), opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open: %v, want an error naming %s", err, tc.want)
			}
		})
	}
}
