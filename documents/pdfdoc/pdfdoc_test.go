package pdfdoc

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/convert"
	"vanthu/documents/pades"
	"vanthu/documents/record"
)

// TestSignerKey: a signature image is found whatever the name's
// normalisation, case and spacing.
func TestSignerKey(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Nguyễn Tân Cương", "nguyễn tân cương"},
		{"Nguyễn Tân Cương", "  Nguyễn   Tân Cương "},
		{"Nguyễn Tân Cương", "Nguye\u0302\u0303n Ta\u0302n Cu\u031bo\u031bng"}, // NFD
	} {
		if SignerKey(tc.a) != SignerKey(tc.b) {
			t.Errorf("SignerKey(%q) = %q, SignerKey(%q) = %q", tc.a, SignerKey(tc.a), tc.b, SignerKey(tc.b))
		}
	}
	if SignerKey("Nguyễn Tân Cương") == SignerKey("Nguyễn Tấn Cương") {
		t.Error("two names with different diacritics share a key")
	}
}

// TestPageCacheDropsOldest: beyond max the oldest preview goes.
func TestPageCacheDropsOldest(t *testing.T) {
	c := &pageCache{max: 2, pages: map[string][]byte{}}
	for i := range 3 {
		c.put(fmt.Sprint(i), []byte{byte(i)})
	}
	if _, ok := c.get("0"); ok {
		t.Error("the oldest preview was kept beyond max")
	}
	for _, k := range []string{"1", "2"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("preview %s dropped", k)
		}
	}
}

// TestWithoutConverter: without a converter the features answer
// ErrUnavailable (itself a convert.ErrUnavailable); an issued document
// without a PDF answers ErrNoPDF from Verify; an approval uploaded before
// the draft's PDF was made fails the revision check.
func TestWithoutConverter(t *testing.T) {
	ctx := context.Background()
	arc, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer arc.Close()
	p := New(nil, Options{Archive: arc})
	rec := &record.Record{ID: "20260101-abcdef", Revision: 1, Status: record.StatusIssued}
	if _, err := p.Document(ctx, rec); !errors.Is(err, ErrUnavailable) || !errors.Is(err, convert.ErrUnavailable) {
		t.Errorf("Document without a converter: %v", err)
	}
	if _, err := p.Issue(ctx, rec, nil, nil, rec.CreatedAt); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Issue without a converter: %v", err)
	}
	if err := (*Service)(nil).Available(); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Available of nil: %v", err)
	}
	if _, err := p.Verify(ctx, rec); !errors.Is(err, ErrNoPDF) {
		t.Errorf("Verify without a PDF: %v", err)
	}
	_, err = p.Approve(ctx, rec, []byte("%PDF-1.7"))
	var ae *pades.ApprovalError
	if !errors.As(err, &ae) || ae.Check != pades.CheckRevision {
		t.Errorf("approval before the draft's PDF: %v", err)
	}
	if _, err := p.Approved(ctx, rec.ID, rec.Revision); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("Approved of a revision never approved: %v", err)
	}
}
