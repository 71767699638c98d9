// Package idempotency makes creating and issuing documents safe to retry
// with an Idempotency-Key (the header of the IETF httpapi draft).
//
// The first request with a key records, before anything else, a
// fingerprint (SHA-256) of what it asked and the id of the document it
// makes, under idempotency/<SHA-256 of holder, scope and key>
// (archivekey.IdempotencyRecord): keys are per token holder. A retry with
// the same key and request gets that document back instead of making a
// second one; the same key with another request is refused. Records live
// in the archive, so a retry after a crash of the service is answered the
// same way, and expire after [TTL].
//
// It does no access control: the documents service decides who may send
// a request and runs it.
//
// # Errors
//
// An invalid key, or a key used before with another request, gives a
// *kind.ValidationError naming "Idempotency-Key" (HTTP 422). A key whose
// first request may still be running gives a [*BusyError] (HTTP 409).
package idempotency
