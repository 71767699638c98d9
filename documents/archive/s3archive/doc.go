// Package s3archive is the S3 driver of [archive.Archive], built on
// minio-go and tested against MinIO. vanthu uses it when
// VANTHU_S3_ENDPOINT is set.
//
// # Bucket
//
// [Open] creates the bucket when it is missing, with object lock enabled
// (which turns versioning on). An existing bucket must already have object
// lock enabled, or Open fails with [ErrObjectLockDisabled]: MinIO can only
// enable object lock when a bucket is created. Keys are stored under
// Options.Prefix.
//
// # Write once
//
// Create sends one PUT with If-None-Match: * (minio-go's
// SetMatchETagExcept("*")); the server checks the precondition under its
// per-object lock, so of several concurrent creators — in one process or many
// — exactly one succeeds and the others get [archive.ErrExists]. The PUT
// carries the SHA-256 of the data (x-amz-checksum-sha256), which the server
// verifies before storing anything, and the same value as ASCII user metadata
// (x-amz-meta-sha256). Open verifies the downloaded bytes against it.
//
// With CreateOptions.Protect the object version gets object-lock retention
// (Options.RetentionMode, GOVERNANCE by default, until now +
// Options.RetentionDays); with CreateOptions.LegalHold a legal hold, which
// [Archive.SetLegalHold] can lift later. Neither is ever bypassed: the driver
// does not send the governance-bypass header.
//
// # Delete
//
// Delete removes every version of the key, including delete markers, so a
// deleted draft is really gone. If any version is under retention or legal
// hold, nothing is removed and Delete returns [archive.ErrProtected].
//
// # Errors
//
// Native minio-go errors are mapped in one place: NoSuchKey, NoSuchBucket and
// NoSuchVersion give [archive.ErrNotFound]; PreconditionFailed
// [archive.ErrExists]; WORM refusals (MinIO's InvalidRequest "Object is WORM
// protected", AWS's AccessDenied for locked objects) [archive.ErrProtected];
// network failures and 5xx answers [archive.ErrUnavailable]. The native error
// stays reachable with errors.As.
//
// # Limits
//
// Objects are uploaded with a single PUT (no multipart), so the whole object
// travels in one request and its checksum is a plain SHA-256. minio-go
// retries failed requests; if a successful PUT's response is lost and the
// retry meets the object it just wrote, Create reports ErrExists although the
// object holds this caller's data.
//
// Write-once relies on every writer using If-None-Match. A client with plain
// PutObject rights can still add a newer version of a key; locked versions
// stay intact, and the version id returned by Create and Stat identifies the
// version that was archived.
package s3archive
