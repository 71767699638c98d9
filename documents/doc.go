// Package documents is the service at the centre of vanthu: create, update,
// delete, issue, get and search documents, with the access rules (roles,
// clearance, drafts visible to clerks only) applied to each.
//
// One request is followed from start to end in a few steps, each in its own
// package:
//
//   - compose parses the request once (the manifest check, then the typed
//     value of its kind from package kind) and renders it once, with the
//     register number as an argument;
//   - register reserves the number (from the header's issuer, type and
//     date) before the render, and gives it back or records it as void when
//     the issuing fails;
//   - with the PDF features on, pdfdoc makes the signed PDF/A stored beside
//     the DOCX, from the leader's approved PDF of the draft when there is
//     one (pdf.go is the service's side of them: access, audit, hooks);
//   - the service signs the DOCX and package revision stores the revision:
//     pending marker, DOCX, signature, manifest last (package record reads
//     it back), and settles a write that failed; its package comment states
//     the guarantees of issuing;
//   - indexsync writes the audit event (package audit) and the index entry,
//     or leaves them to its retry loop, which also runs the register's
//     reclaim pass (RunIndexer).
//
// Staff-supplied templates are stored and loaded by templatestore, and
// the Idempotency-Keys that make creating and issuing safe to retry by
// idempotency; the service keeps who may act and the audit of each change.
//
// Who acts is an Actor: a name, a role (package role, shared with the
// tokens, the accounts and the audit log) and a clearance (package secrecy).
//
// The archive is the record: every key it holds is defined in package
// archivekey, package record reads files back checked against their
// checksums, and `vanthu check` (package archivecheck, which also verifies
// one document's signature for Verify) reads it all back.
package documents
