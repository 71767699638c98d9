// Package fsarchive is the local filesystem driver of [archive.Archive], the
// default archive of vanthu.
//
// # Layout
//
// Under the root directory given to [Open]:
//
//	objects/<key>          the object's bytes, exactly as written
//	sums/<key>.sha256      its SHA-256, in sha256sum format ("<hex>  <key>")
//
// Directories are created with mode 0o755 (less the umask). An unprotected
// object has mode
// 0o644; a protected one (CreateOptions.Protect) and its checksum file have
// mode 0o444 from the moment they become visible. The checksum files can be
// checked by hand with `cd objects && sha256sum -c ../sums/<key>.sha256`.
//
// # Write once, atomically
//
// Create writes the bytes to a temporary file in the object's directory
// (named ".tmp-…", which is never a valid key and is skipped by Walk), syncs
// it, and then hard-links it to the final name with link(2). link fails with
// EEXIST when the name exists, so of several creators — goroutines or
// processes — exactly one wins and the others get [archive.ErrExists]; the
// final name is never visible half-written. The checksum file is written the
// same way and renamed into place by the winner, and both directories are
// synced before Create returns.
//
// If the process dies between the link and the rename, the object exists
// without a checksum file; Stat and Open then hash the content instead. Leftover
// ".tmp-…" files from such crashes are harmless and may be removed.
//
// # Safety
//
// Keys are checked with [archive.ValidKey]; all file access goes through
// [os.Root], and a key whose path crosses a symbolic link is refused with
// [archive.ErrInvalidKey], so no key can reach outside the root.
//
// Read-only modes protect against the archive's own API, not against a user
// or administrator with write access to the directory: durability and
// tamper-evidence come from backups and the checksums, which Open verifies.
//
// # Limitations
//
// A key cannot at the same time be an object and the parent of other keys
// ("a" and "a/b"): the second Create fails. Delete leaves empty directories
// behind, which Walk ignores.
package fsarchive
