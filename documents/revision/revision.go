// Package revision writes the revisions of documents to the archive and
// settles the writes that failed. It does I/O only: the access rules, the
// audit decisions and the register belong to its caller (package
// documents).
//
// The guarantees, stated once:
//
//   - A revision is written in a fixed order ([Writer.Store]): a pending
//     marker carrying the audit event of the action, the DOCX, its
//     signature, and the manifest last. A revision without its manifest
//     does not exist for readers (package record), so a write that stops
//     anywhere leaves nothing readable and nothing half-changed. Files the
//     caller writes under the revision before (the signed PDF of package
//     pdfdoc) are settled with the others.
//   - Every file is written once ([archive.CreateOnce]): a write whose
//     outcome is unknown is sent again for a few seconds, and finding the
//     very bytes sent counts as written; issued revisions are protected
//     (write-once, optionally under legal hold).
//   - Once the manifest is stored nothing may fail the request: the audit
//     event and the index entry are written by package indexsync now, or
//     from the marker by its retry pass later.
//   - A pending marker claims the revision: a second writer of the same
//     revision (an edit, an issuing or a delete racing it) gets [ErrBusy]
//     and writes nothing.
//   - A failed issuing is settled by reading back, never by guessing
//     ([Writer.Settle]): with the manifest stored it is [Completed]; with
//     no file of the revision left its number may be given back
//     ([Absent]); otherwise ([Unsettled]: files without a manifest, or the
//     archive unreachable) its number stays reserved until the register's
//     reclaim pass settles it, and it is [Voided] if that pass fenced it
//     first. An official number is thus never given twice.
package revision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/indexsync"
	"vanthu/documents/record"
	"vanthu/templates"
)

// ErrBusy is returned when another writer holds the revision (its pending
// marker exists): nothing was written.
var ErrBusy = errors.New("revision: being written by someone else")

// Writer writes and settles revisions in one archive.
type Writer struct {
	archive archive.Archive
	sync    *indexsync.Syncer
	log     *slog.Logger

	// LegalHold also places a legal hold on issued revisions (S3).
	LegalHold bool
	// RetryWait is the first wait before a write is retried (0: 100 ms).
	RetryWait time.Duration
}

// New returns a writer to a that finishes stored revisions with sync.
func New(a archive.Archive, sync *indexsync.Syncer, log *slog.Logger) *Writer {
	if log == nil {
		log = slog.Default()
	}
	return &Writer{archive: a, sync: sync, log: log}
}

// CreateOnce is archive.CreateOnce with the writer's first retry wait.
func (w *Writer) CreateOnce(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	return archive.CreateOnce(ctx, w.archive, key, data, opts, w.RetryWait)
}

func withType(o archive.CreateOptions, ct string) archive.CreateOptions {
	o.ContentType = ct
	return o
}

// claim writes the pending marker of a revision; an existing marker is
// ErrBusy, a marker that cannot be encoded an error saying so, and a
// failed write the archive's error.
func (w *Writer) claim(ctx context.Context, m indexsync.Marker) error {
	mb, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode marker: %w", err)
	}
	_, err = w.CreateOnce(ctx, archivekey.PendingMarker(m.ID, m.Revision), mb, archive.CreateOptions{ContentType: "application/json"})
	if errors.Is(err, archive.ErrExists) {
		return ErrBusy
	}
	return err
}

// Store writes a revision to the archive (pending marker, DOCX, signature
// when p7s is not nil, manifest) and then its audit event and index entry.
// The manifest is written last: a revision without one does not exist for
// readers. The event travels in the pending marker, written before
// anything else, so once the manifest is stored the event lands even if
// writing it now fails (the retry pass writes it from the marker). rec
// receives the keys and versions of its files.
func (w *Writer) Store(ctx context.Context, rec *record.Record, docx, p7s []byte, ev audit.Pending) error {
	// Once started, the writes run to the end even if the client goes away.
	ctx = context.WithoutCancel(ctx)
	protect := rec.Status == record.StatusIssued
	opts := archive.CreateOptions{Protect: protect, LegalHold: protect && w.LegalHold}
	if err := w.claim(ctx, indexsync.Marker{ID: rec.ID, Revision: rec.Revision, Event: &ev}); err != nil {
		if errors.Is(err, ErrBusy) {
			return fmt.Errorf("store %s: %w", rec.ID, err)
		}
		return fmt.Errorf("store %s: pending marker: %w", rec.ID, err)
	}
	info, err := w.CreateOnce(ctx, archivekey.DOCX(rec.ID, rec.Revision), docx, withType(opts, templates.DOCXContentType))
	if err != nil {
		return fmt.Errorf("store %s: docx: %w", rec.ID, err)
	}
	if info.SHA256 != rec.DOCX.SHA256 {
		return fmt.Errorf("store %s: docx checksum %s, want %s: %w", rec.ID, info.SHA256, rec.DOCX.SHA256, archive.ErrCorrupt)
	}
	rec.DOCX.Key, rec.DOCX.VersionID = info.Key, info.VersionID
	if p7s != nil {
		sinfo, err := w.CreateOnce(ctx, archivekey.Signature(rec.ID, rec.Revision), p7s, withType(opts, "application/pkcs7-signature"))
		if err != nil {
			return fmt.Errorf("store %s: signature: %w", rec.ID, err)
		}
		rec.Signature = &record.FileInfo{Key: sinfo.Key, SHA256: sinfo.SHA256, Size: sinfo.Size, VersionID: sinfo.VersionID}
	}
	mj, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("store %s: encode manifest: %w", rec.ID, err)
	}
	if _, err := w.CreateOnce(ctx, archivekey.Manifest(rec.ID, rec.Revision), mj, withType(opts, "application/json")); err != nil {
		return fmt.Errorf("store %s: manifest: %w", rec.ID, err)
	}
	// The document is archived: from here on nothing may fail the request.
	w.sync.Finish(ctx, rec, archivekey.PendingMarker(rec.ID, rec.Revision), &ev)
	return nil
}

// revKeys lists the files of one revision.
func (w *Writer) revKeys(ctx context.Context, id string, rev int) ([]string, error) {
	var keys []string
	err := w.archive.Keys(ctx, archivekey.Rev(id, rev), func(k string) error {
		keys = append(keys, k)
		return nil
	})
	return keys, err
}

// Abandon cleans up after a Store that failed with nothing of the
// revision readable: the marker goes, and so do unprotected files of a
// draft. It reports whether no file of the revision is left.
func (w *Writer) Abandon(ctx context.Context, rec *record.Record) (clean bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	keys, err := w.revKeys(ctx, rec.ID, rec.Revision)
	if err != nil {
		return false
	}
	clean = true
	for _, k := range keys {
		if err := w.archive.Delete(ctx, k); err != nil && !errors.Is(err, archive.ErrNotFound) {
			clean = false
		}
	}
	if clean {
		w.sync.DropMarker(archivekey.PendingMarker(rec.ID, rec.Revision))
	}
	return clean
}

// Outcome is what a failed issuing left in the archive (see
// [Writer.Settle]).
type Outcome int

// The outcomes of a failed issuing.
const (
	// Unsettled: files of the revision without its manifest, or the
	// archive unreachable. The number stays reserved until the reclaim
	// pass settles it; the caller answers that the issuing is pending.
	Unsettled Outcome = iota
	// Completed: the manifest is stored, the issuing is complete (its
	// answer was lost); its event and index entry have been finished.
	Completed
	// Voided: the reclaim pass fenced the revision meanwhile; nothing was
	// issued and the number is settled by that pass.
	Voided
	// Absent: no file of the revision exists; its number may be given
	// back.
	Absent
)

// Settle decides what a failed store of an issued revision left, by
// reading back rather than guessing. rec is the revision that was being
// stored, ordinal its number in the register and ev its audit event.
// wrote is false when the failure is known to have written nothing of the
// revision (another writer holds it, or the issuing was refused before any
// write): its files, if any, are not this writer's, and its marker is kept.
// With Completed the stored record is returned. The reads run to the end
// (up to 30 seconds) even if ctx ends.
func (w *Writer) Settle(ctx context.Context, rec *record.Record, ordinal int, ev audit.Pending, wrote bool) (Outcome, *record.Record) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	stored, err := record.Load(ctx, w.archive, rec.ID)
	if err == nil && stored.Status == record.StatusIssued && stored.Revision == rec.Revision && stored.Ordinal == ordinal {
		w.sync.Finish(ctx, stored, archivekey.PendingMarker(rec.ID, rec.Revision), &ev)
		return Completed, stored
	}
	if b, _, ferr := archive.ReadAll(ctx, w.archive, archivekey.Manifest(rec.ID, rec.Revision)); ferr == nil {
		var fence record.Record
		if json.Unmarshal(b, &fence) == nil && fence.Void != "" {
			return Voided, nil
		}
	}
	certain := err == nil || errors.Is(err, record.ErrNotFound)
	if certain && wrote {
		left, lerr := w.revKeys(ctx, rec.ID, rec.Revision)
		certain = lerr == nil && len(left) == 0
	}
	if !certain {
		return Unsettled, nil
	}
	if wrote {
		w.sync.DropMarker(archivekey.PendingMarker(rec.ID, rec.Revision))
	}
	return Absent, nil
}

// DeleteDraft removes every file of a draft. It first claims the draft's
// next revision with a pending marker carrying ev (the audit event of the
// delete), so that an edit or an issuing racing the delete fails with
// ErrBusy instead of writing a revision nobody can see; the marker stays
// and the retry pass of package indexsync removes it (and any index entry
// left) once it is stale. Manifests go first, so a half-finished delete
// leaves no readable revision. Protected files (left by a failed issuing:
// never readable) are kept.
func (w *Writer) DeleteDraft(ctx context.Context, rec *record.Record, ev audit.Pending) error {
	id := rec.ID
	if err := w.claim(ctx, indexsync.Marker{ID: id, Revision: rec.NextRevision(), Event: &ev, Deleting: true}); err != nil {
		return fmt.Errorf("delete draft %s: %w", id, err)
	}
	var keys []string
	if err := w.archive.Keys(ctx, archivekey.Doc(id), func(key string) error {
		keys = append(keys, key)
		return nil
	}); err != nil {
		return fmt.Errorf("delete draft %s: %w", id, err)
	}
	for pass := 0; pass < 2; pass++ {
		for _, k := range keys {
			dk, _ := archivekey.ParseDoc(k)
			if (pass == 0) != dk.IsManifest() {
				continue
			}
			err := w.archive.Delete(ctx, k)
			if errors.Is(err, archive.ErrProtected) {
				// Left by a failed issuing (files, or the fence the
				// reclaim pass stored in place of its manifest): locked,
				// never readable, and kept as the archive keeps everything
				// locked.
				w.log.Warn("protected leftover kept while deleting a draft", "key", k)
				continue
			}
			if err != nil && !errors.Is(err, archive.ErrNotFound) {
				return fmt.Errorf("delete draft %s: %w", id, err)
			}
		}
	}
	return nil
}

// MarkReplaced records that the issued document newID replaces oldID (a
// protected link beside oldID's revisions) and refreshes oldID's index
// entry. It never fails: newID is issued already, and a link that could
// not be written is logged for the operator.
func (w *Writer) MarkReplaced(ctx context.Context, oldID, newID string) {
	if _, err := w.CreateOnce(ctx, archivekey.ReplacedBy(oldID, newID), []byte(newID), archive.CreateOptions{Protect: true}); err != nil {
		w.log.Error("could not record replacement", "old", oldID, "new", newID, "err", err)
	}
	w.sync.IndexLatest(ctx, oldID)
}
