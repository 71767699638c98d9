package record

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
)

// TestLoad: the newest manifest that is not a fence is the document, with
// the replaced-by marker and the highest revision prefix; a malformed id
// and a document without manifest are ErrNotFound; a file that does not
// match its record is archive.ErrCorrupt.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	a, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	id := NewID(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	put := func(key string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Create(ctx, key, b, archive.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load(ctx, a, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty archive: %v, want ErrNotFound", err)
	}
	if _, err := Load(ctx, a, "../etc"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("malformed id: %v, want ErrNotFound", err)
	}
	docx, err := a.Create(ctx, archivekey.DOCX(id, 1), []byte("docx"), archive.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	put(archivekey.Manifest(id, 1), Record{ID: id, Revision: 1, Title: "một", DOCX: FileInfo{Key: docx.Key, SHA256: docx.SHA256}})
	put(archivekey.Manifest(id, 2), Record{ID: id, Revision: 2, Void: "fence"})
	if _, err := a.Create(ctx, archivekey.DOCX(id, 3), []byte("leftover"), archive.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, archivekey.ReplacedBy(id, "other"), []byte("other"), archive.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	rec, err := Load(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Revision != 1 || rec.ReplacedBy != "other" || rec.LastAttempt != 3 || rec.NextRevision() != 4 {
		t.Errorf("loaded revision %d, replaced by %q, last attempt %d, next %d; want 1, other, 3, 4", rec.Revision, rec.ReplacedBy, rec.LastAttempt, rec.NextRevision())
	}
	if n, err := FreeRevision(ctx, a, id); err != nil || n != 4 {
		t.Errorf("FreeRevision = %d, %v; want 4", n, err)
	}
	if b, err := ReadVerified(ctx, a, rec.DOCX); err != nil || string(b) != "docx" {
		t.Errorf("ReadVerified = %q, %v", b, err)
	}
	bad := rec.DOCX
	bad.SHA256 = "00"
	_, err = ReadVerified(ctx, a, bad)
	var ce *ChecksumError
	if !errors.Is(err, archive.ErrCorrupt) || !errors.As(err, &ce) || ce.Want != "00" {
		t.Errorf("mismatch: %v, want a ChecksumError that is ErrCorrupt", err)
	}
}
