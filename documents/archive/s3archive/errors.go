package s3archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/minio/minio-go/v7"

	"vanthu/documents/archive"
)

// mapErr maps a native minio-go or network error to the archive's sentinel
// errors. The result wraps both the sentinel and err, so errors.Is finds the
// sentinel and errors.As still finds minio.ErrorResponse. Errors without a
// sentinel, and context cancellation, are returned unchanged.
//
// minio.ToErrorResponse is not used: it does not unwrap, and returns an empty
// Code for a wrapped ErrorResponse.
func mapErr(err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var sentinel error
	var er minio.ErrorResponse
	var ne net.Error
	switch {
	case errors.As(err, &er):
		switch {
		case er.Code == minio.NoSuchKey, er.Code == minio.NoSuchBucket, er.Code == minio.NoSuchVersion:
			sentinel = archive.ErrNotFound
		case er.Code == minio.PreconditionFailed:
			sentinel = archive.ErrExists
		// MinIO refuses changes to a locked version with InvalidRequest
		// "Object is WORM protected and cannot be overwritten"; AWS with
		// AccessDenied "... protected by object lock".
		case er.Code == "InvalidRequest" && strings.Contains(er.Message, "WORM"),
			er.Code == minio.AccessDenied && mentionsObjectLock(er.Message):
			sentinel = archive.ErrProtected
		case er.StatusCode >= http.StatusInternalServerError,
			er.Code == "SlowDown", er.Code == "ServiceUnavailable", er.Code == "XMinioServerNotInitialized",
			er.Code == "RequestTimeout", isChecksumMismatch(er):
			// A checksum the server computed differently from the one sent
			// is a transfer that went wrong (a retried upload whose body
			// was not sent again whole), not a stored object that changed.
			sentinel = archive.ErrUnavailable
		}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		sentinel = archive.ErrUnavailable
	}
	if sentinel == nil {
		return err
	}
	return fmt.Errorf("%w: %w", sentinel, err)
}

func mentionsObjectLock(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "object lock") || strings.Contains(msg, "worm") ||
		strings.Contains(msg, "retention") || strings.Contains(msg, "legal hold")
}

// isChecksumMismatch reports a request refused because the body did not
// match the checksum sent with it (x-amz-checksum-*, Content-MD5).
func isChecksumMismatch(er minio.ErrorResponse) bool {
	switch er.Code {
	case "XAmzContentChecksumMismatch", "XAmzContentSHA256Mismatch", "BadDigest", "InvalidDigest":
		return true
	}
	msg := strings.ToLower(er.Message)
	return strings.Contains(msg, "checksum") && strings.Contains(msg, "does not match")
}
