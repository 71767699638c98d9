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
// network failures, 5xx answers and checksum mismatches of a body that
// went wrong in transit [archive.ErrUnavailable]. The native error
// stays reachable with errors.As.
//
// # The first version is the object
//
// Every key holds one version written by the archive; anything else is
// foreign. Open, Stat, Keys and Walk use the oldest version that is not a
// delete marker: a DELETE without a version id (a delete marker) or a plain
// PUT (a later version), by any client with the bucket's credentials or by
// a lifecycle rule, changes nothing the archive reads or lists.
// [Archive.OpenVersion] reads exactly a version recorded earlier. A Create
// that got through If-None-Match because the current version of the key is
// a delete marker is undone and reported as [archive.ErrExists]. Such
// additions are listed by [Archive.Anomalies] (vanthu check reports them).
//
// # Lost answers
//
// Objects are uploaded with a single PUT (no multipart), so the whole object
// travels in one request and its checksum is a plain SHA-256. A PUT that
// fails in transit (connection lost, 5xx, a checksum the server computed
// over a body that was not sent whole) is sent again with a fresh body; if
// the retry meets an object because the first attempt was stored without
// its answer arriving, the object is read back and counts as written when
// it holds exactly the data sent. When every attempt fails, Create returns
// [archive.ErrUnavailable] and the outcome is unknown: the caller settles it
// by reading back.
package s3archive
