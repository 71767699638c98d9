package revision

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/indexsync"
	"vanthu/documents/record"
	"vanthu/search/bleveindex"
)

// newWriter is a writer over a fresh file archive and index.
func newWriter(t *testing.T) (*Writer, archive.Archive) {
	t.Helper()
	a, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ix, err := bleveindex.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	sync := indexsync.New(a, ix, indexsync.Options{Events: &audit.Log{Archive: a}, Now: time.Now,
		StaleAfter: func() time.Duration { return time.Minute }})
	w := New(a, sync, nil)
	w.RetryWait = time.Millisecond
	return w, a
}

// revisionOf is an issued revision numbered 7 with its DOCX.
func revisionOf(status record.Status) (*record.Record, []byte) {
	docx := []byte("not really a DOCX")
	sum := sha256.Sum256(docx)
	now := time.Now().UTC()
	rec := &record.Record{SchemaVersion: record.SchemaVersion, ID: record.NewID(now), Revision: 1, Status: status,
		Number: "07-TB/TU", Ordinal: 7, Date: "2026-01-05", CreatedAt: now,
		DOCX: record.FileInfo{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(docx))}}
	return rec, docx
}

func event(id string) audit.Pending {
	return audit.New(audit.Event{Time: time.Now().UTC(), Actor: "ký", Action: audit.ActionIssue, Document: id, Result: audit.ResultOK})
}

func exists(t *testing.T, a archive.Archive, key string) bool {
	t.Helper()
	_, err := a.Stat(context.Background(), key)
	if err != nil && !errors.Is(err, archive.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// TestSettle: each state a failed issuing can leave gives its outcome, and
// the marker goes only where the writer's own write is settled.
func TestSettle(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		// leave writes what the failed issuing left.
		leave      func(t *testing.T, w *Writer, a archive.Archive, rec *record.Record, docx []byte)
		wrote      bool
		want       Outcome
		markerKept bool
	}{
		{"manifest stored", func(t *testing.T, w *Writer, _ archive.Archive, rec *record.Record, docx []byte) {
			if err := w.Store(ctx, rec, docx, nil, event(rec.ID)); err != nil {
				t.Fatal(err)
			}
		}, true, Completed, false},
		{"nothing written", func(*testing.T, *Writer, archive.Archive, *record.Record, []byte) {}, true, Absent, false},
		{"only the marker", func(t *testing.T, w *Writer, _ archive.Archive, rec *record.Record, _ []byte) {
			if err := w.claim(ctx, indexsync.Marker{ID: rec.ID, Revision: rec.Revision}); err != nil {
				t.Fatal(err)
			}
		}, true, Absent, false},
		{"docx without manifest", func(t *testing.T, w *Writer, _ archive.Archive, rec *record.Record, docx []byte) {
			if _, err := w.CreateOnce(ctx, archivekey.DOCX(rec.ID, rec.Revision), docx, archive.CreateOptions{Protect: true}); err != nil {
				t.Fatal(err)
			}
		}, true, Unsettled, false},
		{"another writer's docx", func(t *testing.T, w *Writer, _ archive.Archive, rec *record.Record, docx []byte) {
			if err := w.claim(ctx, indexsync.Marker{ID: rec.ID, Revision: rec.Revision}); err != nil {
				t.Fatal(err)
			}
			if _, err := w.CreateOnce(ctx, archivekey.DOCX(rec.ID, rec.Revision), docx, archive.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}, false, Absent, true},
		{"fenced by the reclaim pass", func(t *testing.T, w *Writer, _ archive.Archive, rec *record.Record, _ []byte) {
			fence, _ := json.Marshal(record.Record{ID: rec.ID, Revision: rec.Revision, Void: "abandoned"})
			if _, err := w.CreateOnce(ctx, archivekey.Manifest(rec.ID, rec.Revision), fence, archive.CreateOptions{Protect: true}); err != nil {
				t.Fatal(err)
			}
		}, true, Voided, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, a := newWriter(t)
			rec, docx := revisionOf(record.StatusIssued)
			tc.leave(t, w, a, rec, docx)
			got, stored := w.Settle(ctx, rec, rec.Ordinal, event(rec.ID), tc.wrote)
			if got != tc.want {
				t.Errorf("outcome %d, want %d", got, tc.want)
			}
			if (stored != nil) != (tc.want == Completed) {
				t.Errorf("stored record %v with outcome %d", stored, got)
			}
			marker := archivekey.PendingMarker(rec.ID, rec.Revision)
			if tc.want != Unsettled && tc.want != Voided && exists(t, a, marker) != tc.markerKept {
				t.Errorf("marker kept: %v, want %v", !tc.markerKept, tc.markerKept)
			}
		})
	}
}

// TestStoreBusy: a revision whose marker exists belongs to another writer;
// a second Store writes nothing and reports ErrBusy.
func TestStoreBusy(t *testing.T) {
	ctx := context.Background()
	w, a := newWriter(t)
	rec, docx := revisionOf(record.StatusDraft)
	if err := w.claim(ctx, indexsync.Marker{ID: rec.ID, Revision: rec.Revision}); err != nil {
		t.Fatal(err)
	}
	if err := w.Store(ctx, rec, docx, nil, event(rec.ID)); !errors.Is(err, ErrBusy) {
		t.Fatalf("store over another writer's marker: %v, want ErrBusy", err)
	}
	if exists(t, a, archivekey.DOCX(rec.ID, rec.Revision)) {
		t.Error("a busy store wrote the DOCX")
	}
}

// TestDeleteDraft: a draft's files go, manifests first; the marker of the
// next revision stays and makes a racing store of it busy.
func TestDeleteDraft(t *testing.T) {
	ctx := context.Background()
	w, a := newWriter(t)
	rec, docx := revisionOf(record.StatusDraft)
	rec.Number, rec.Ordinal = "", 0
	if err := w.Store(ctx, rec, docx, nil, event(rec.ID)); err != nil {
		t.Fatal(err)
	}
	if err := w.DeleteDraft(ctx, rec, event(rec.ID)); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{archivekey.DOCX(rec.ID, 1), archivekey.Manifest(rec.ID, 1)} {
		if exists(t, a, key) {
			t.Errorf("%s left after the delete", key)
		}
	}
	if !exists(t, a, archivekey.PendingMarker(rec.ID, 2)) {
		t.Error("the delete's marker is missing")
	}
	next, _ := revisionOf(record.StatusDraft)
	next.ID, next.Revision = rec.ID, 2
	if err := w.Store(ctx, next, docx, nil, event(rec.ID)); !errors.Is(err, ErrBusy) {
		t.Errorf("store racing the delete: %v, want ErrBusy", err)
	}
	if err := w.DeleteDraft(ctx, rec, event(rec.ID)); !errors.Is(err, ErrBusy) {
		t.Errorf("second delete: %v, want ErrBusy", err)
	}
}
