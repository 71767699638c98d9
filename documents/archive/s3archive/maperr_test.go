package s3archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"vanthu/documents/archive"
)

func TestMapErr(t *testing.T) {
	resp := func(code string, status int, msg string) error {
		return minio.ErrorResponse{Code: code, StatusCode: status, Message: msg}
	}
	refused := &url.Error{Op: "Put", URL: "http://127.0.0.1:1/b/k",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	for _, tc := range []struct {
		name string
		err  error
		want error // nil: no sentinel, err returned unchanged
	}{
		{"NoSuchKey", resp(minio.NoSuchKey, 404, ""), archive.ErrNotFound},
		{"wrapped NoSuchBucket", fmt.Errorf("stat: %w", resp(minio.NoSuchBucket, 404, "")), archive.ErrNotFound},
		{"NoSuchVersion", resp(minio.NoSuchVersion, 404, ""), archive.ErrNotFound},
		{"PreconditionFailed", resp(minio.PreconditionFailed, 412, ""), archive.ErrExists},
		{"MinIO WORM", resp("InvalidRequest", 400, "Object is WORM protected and cannot be overwritten"), archive.ErrProtected},
		{"AWS object lock", resp(minio.AccessDenied, 403, "Access Denied because object protected by object lock."), archive.ErrProtected},
		{"plain AccessDenied", resp(minio.AccessDenied, 403, "Access Denied."), nil},
		{"other InvalidRequest", resp("InvalidRequest", 400, "Bucket is missing ObjectLockConfiguration"), nil},
		{"InternalError", resp("InternalError", 500, ""), archive.ErrUnavailable},
		{"SlowDown", resp("SlowDown", 503, ""), archive.ErrUnavailable},
		{"connection refused", refused, archive.ErrUnavailable},
		{"unexpected EOF", io.ErrUnexpectedEOF, archive.ErrUnavailable},
		{"EOF of a reset connection", fmt.Errorf("put: %w", io.EOF), archive.ErrUnavailable},
		{"checksum of a retried upload", resp("XAmzContentChecksumMismatch", 400, "The provided 'x-amz-checksum' header does not match what was computed."), archive.ErrUnavailable},
		{"checksum by message", resp("InvalidArgument", 400, "x-amz-checksum header does not match"), archive.ErrUnavailable},
		{"RequestTimeout", resp("RequestTimeout", 400, ""), archive.ErrUnavailable},
		{"deadline", context.DeadlineExceeded, archive.ErrUnavailable},
		{"canceled", context.Canceled, nil},
		{"unknown", errors.New("something else"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mapErr(tc.err)
			if !errors.Is(got, tc.err) {
				t.Errorf("mapErr(%v) = %v, which no longer wraps the native error", tc.err, got)
			}
			if tc.want == nil {
				if got != tc.err {
					t.Errorf("mapErr(%v) = %v, want it unchanged", tc.err, got)
				}
				return
			}
			if !errors.Is(got, tc.want) {
				t.Errorf("mapErr(%v) = %v, want %v", tc.err, got, tc.want)
			}
			var er minio.ErrorResponse
			if errors.As(tc.err, &er) && !errors.As(got, &er) {
				t.Errorf("mapErr(%v): minio.ErrorResponse not reachable with errors.As", tc.err)
			}
		})
	}
	if mapErr(nil) != nil {
		t.Error("mapErr(nil) != nil")
	}
}

func TestIsProtected(t *testing.T) {
	now := mustTime(t, "2026-03-01T00:00:00Z")
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    bool
	}{
		{"no lock", nil, false},
		{"retention ahead", map[string]string{"X-Amz-Object-Lock-Mode": "GOVERNANCE", "X-Amz-Object-Lock-Retain-Until-Date": "2026-03-02T00:00:00Z"}, true},
		{"retention passed", map[string]string{"X-Amz-Object-Lock-Mode": "COMPLIANCE", "X-Amz-Object-Lock-Retain-Until-Date": "2026-02-28T00:00:00Z"}, false},
		{"unreadable date", map[string]string{"X-Amz-Object-Lock-Mode": "GOVERNANCE", "X-Amz-Object-Lock-Retain-Until-Date": "soon"}, true},
		{"legal hold", map[string]string{"X-Amz-Object-Lock-Legal-Hold": "ON"}, true},
		{"legal hold off", map[string]string{"X-Amz-Object-Lock-Legal-Hold": "OFF"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := minio.ObjectInfo{Metadata: make(map[string][]string)}
			for k, v := range tc.headers {
				st.Metadata.Set(k, v)
			}
			if got := isProtected(st, now); got != tc.want {
				t.Errorf("isProtected = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStoredSHA256(t *testing.T) {
	const (
		hexSum = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" // sha256("hello")
		b64Sum = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
		other  = "0000000000000000000000000000000000000000000000000000000000000000"
	)
	for _, tc := range []struct {
		name     string
		checksum string
		meta     string
		want     string
		corrupt  bool
	}{
		{"both agree", b64Sum, hexSum, hexSum, false},
		{"checksum only", b64Sum, "", hexSum, false},
		{"metadata only", "", hexSum, hexSum, false},
		{"upper-case metadata", "", "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", hexSum, false},
		{"disagree", b64Sum, other, "", true},
		{"neither", "", "", "", true},
		{"garbage metadata", "", "xyz", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := minio.ObjectInfo{ChecksumSHA256: tc.checksum, UserMetadata: minio.StringMap{}}
			if tc.meta != "" {
				st.UserMetadata["Sha256"] = tc.meta
			}
			got, err := storedSHA256(st)
			if tc.corrupt {
				if !errors.Is(err, archive.ErrCorrupt) {
					t.Errorf("storedSHA256 = %q, %v; want ErrCorrupt", got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("storedSHA256 = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
