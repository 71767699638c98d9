package documents

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/register"
	"vanthu/documents/role"
	"vanthu/documents/signing"
	"vanthu/search/bleveindex"
	"vanthu/templates"
)

// failingSigner stands for a signing key that is unavailable (a removed
// token, an HSM that is down).
type failingSigner struct{ fail bool }

func (f *failingSigner) Sign(content []byte, at time.Time) ([]byte, error) {
	if f.fail {
		return nil, errors.New("signing key unavailable")
	}
	return []byte("signature"), nil
}

func newTestService(t *testing.T, signer Signer) (*Service, archive.Archive) {
	t.Helper()
	return newTestServiceIn(t, t.TempDir(), signer)
}

// signerDraft creates a draft of the example notice as a signer and
// returns the signer's context and the request with it.
func signerDraft(t *testing.T, s *Service) (context.Context, CreateRequest, *record.Record) {
	t.Helper()
	ctx := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer})
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req.Issue = false
	draft, err := s.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, req, draft
}

// openBackends opens an archive and an index under dir, closed when the
// test ends, and the built-in templates.
func openBackends(t *testing.T, dir string) (*fsarchive.Archive, *bleveindex.Index, *templates.Registry) {
	t.Helper()
	arc, err := fsarchive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := bleveindex.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close(); arc.Close() })
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return arc, ix, reg
}

// newTestServiceIn is newTestService with the archive and index under dir.
func newTestServiceIn(t *testing.T, dir string, signer Signer) (*Service, archive.Archive) {
	t.Helper()
	arc, ix, reg := openBackends(t, dir)
	s, err := New(Options{Archive: arc, Index: ix, Templates: reg, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	return s, arc
}

// TestIssueFailureLeavesNothing: when signing fails, the number is given
// back and nothing readable is stored; the next issuing takes that number.
func TestIssueFailureLeavesNothing(t *testing.T) {
	signer := &failingSigner{fail: true}
	s, arc := newTestService(t, signer)
	ctx := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer})
	req := noticeRequest(t, func(d map[string]any) { delete(d, "number") })

	if _, err := s.Create(ctx, req); err == nil || !strings.Contains(err.Error(), "signing key unavailable") {
		t.Fatalf("create with a failing signer: %v", err)
	}
	var left []string
	_ = arc.Walk(ctx, "", func(o archive.ObjectInfo) error {
		if !strings.HasPrefix(o.Key, "audit/") {
			left = append(left, o.Key)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("a failed issuing left objects behind: %v", left)
	}
	res, err := s.Search(ctx, SearchParams{Type: "TB"})
	if err != nil || res.Total != 0 {
		t.Errorf("a failed issuing is searchable: %v %v", res, err)
	}
	signer.fail = false
	rec, err := s.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Number != "01-TB/TU" {
		t.Errorf("the number of the failed issuing was not given back: %s", rec.Number)
	}
}

// TestValuesAreNFC: text sent decomposed (NFD) is stored, shown and
// indexed composed (NFC).
func TestValuesAreNFC(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	ctx := WithActor(context.Background(), Actor{Name: "văn thư", Role: role.Clerk})
	req := noticeRequest(t, func(d map[string]any) {
		d["title"] = "k\u0065\u0302\u0301t lu\u0061\u0323\u0302n v\u00ea\u0300 \u0110a\u0309ng" // NFD
	})
	req.Issue = false
	rec, err := s.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "kết luận về Đảng" {
		t.Errorf("title %q is not NFC", rec.Title)
	}
	res, err := s.Search(ctx, SearchParams{Q: "kết luận về Đảng"})
	if err != nil || res.Total != 1 {
		t.Errorf("NFC query: %v %v", res, err)
	}
}

// TestLeftoversDoNotBlockDrafts: files left by a failed write (here a
// protected DOCX of an issuing whose manifest never landed) do not stop the
// draft from being edited, issued or deleted.
func TestLeftoversDoNotBlockDrafts(t *testing.T) {
	s, arc := newTestService(t, &failingSigner{})
	ctx, req, draft := signerDraft(t, s)
	if _, err := arc.Create(ctx, archivekey.DOCX(draft.ID, 2), []byte("half-issued"), archive.CreateOptions{Protect: true}); err != nil {
		t.Fatal(err)
	}
	upd, err := s.Update(ctx, draft.ID, req)
	if err != nil {
		t.Fatalf("update over a leftover: %v", err)
	}
	if upd.Revision != 3 {
		t.Errorf("revision %d, want 3", upd.Revision)
	}
	if err := s.Delete(ctx, draft.ID); err != nil {
		t.Fatalf("delete over a protected leftover: %v", err)
	}
	if _, err := s.Get(ctx, draft.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted draft still readable: %v", err)
	}
}

// TestReclaimAbandonedNumber: a number taken by an issuing that never
// completed (the process stopped) is given back at the next start.
func TestReclaimAbandonedNumber(t *testing.T) {
	s, arc := newTestService(t, &failingSigner{})
	ctx := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer})
	req := noticeRequest(t, func(d map[string]any) { delete(d, "number") })
	prefix := archivekey.Series("TU", "TB", s.book.Term("2019-06-20"))
	res, _ := json.Marshal(register.Reservation{ID: "0123456789abcdef01234567", ReservedAt: time.Now()})
	if _, err := arc.Create(ctx, prefix+"000001", res, archive.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ReclaimReservations(ctx); err != nil || n != 0 {
		t.Fatalf("a fresh reservation was reclaimed: %d %v", n, err)
	}
	s.opts.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if n, err := s.ReclaimReservations(ctx); err != nil || n != 1 {
		t.Fatalf("reclaim: %d %v", n, err)
	}
	rec, err := s.Create(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Number != "01-TB/TU" {
		t.Errorf("number %s, want the reclaimed 01-TB/TU", rec.Number)
	}
	// An issued document's number is never reclaimed.
	if n, err := s.ReclaimReservations(ctx); err != nil || n != 0 {
		t.Errorf("reclaimed a number in use: %d %v", n, err)
	}
}

// noticeRequest is the example notice with its data edited.
func noticeRequest(t *testing.T, edit func(d map[string]any)) CreateRequest {
	t.Helper()
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	var data map[string]any
	if err := json.Unmarshal(req.Data, &data); err != nil {
		t.Fatal(err)
	}
	edit(data)
	req.Data, _ = json.Marshal(data)
	return req
}

// TestReclaimKeepsDateOrder: a number is reused only where its date fits
// between the numbers around it; otherwise the gap is recorded as void
// ("số bỏ trống"), and an abandoned reservation below later numbers is
// voided by the reclaim pass rather than given back out of order.
func TestReclaimKeepsDateOrder(t *testing.T) {
	signer, _, err := signing.LoadOrCreate(t.TempDir(), "Văn phòng Tỉnh ủy", "Tỉnh ủy", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s, arc := newTestService(t, signer)
	s.opts.Trusted = []*x509.Certificate{signer.Certificate()}
	admin := WithActor(context.Background(), Actor{Name: "quản trị", Role: role.Admin})
	issue := func(date string, manual int) *record.Record {
		t.Helper()
		rec, err := s.Create(admin, noticeRequest(t, func(d map[string]any) {
			d["date"] = date
			if manual > 0 {
				d["number"] = manual
			} else {
				delete(d, "number")
			}
		}))
		if err != nil {
			t.Fatalf("issue dated %s: %v", date, err)
		}
		return rec
	}
	issue("2026-01-10", 0)                           // 01
	issue("2026-01-30", 4)                           // 04, by hand
	if e := issue("2026-01-20", 0); e.Ordinal != 2 { // fits between 01 and 04
		t.Errorf("dated 20/01: number %d, want the gap 2", e.Ordinal)
	}
	if d := issue("2026-02-15", 0); d.Ordinal != 5 { // 03 would put 15/02 before 30/01
		t.Errorf("dated 15/02: number %d, want 5", d.Ordinal)
	}
	// An abandoned reservation below later numbers.
	prefix := archivekey.Series("TU", "TB", s.book.Term("2026-01-10"))
	res, _ := json.Marshal(register.Reservation{ID: "0123456789abcdef01234567", ReservedAt: time.Now(), Revision: 1})
	if _, err := arc.Create(admin, prefix+"000006", res, archive.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	issue("2026-02-16", 0) // 07
	s.opts.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if n, err := s.ReclaimReservations(admin); err != nil || n != 1 {
		t.Fatalf("reclaim: %d %v", n, err)
	}
	rows, err := s.Register(admin, RegisterParams{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%d:%v", r.Ordinal, r.Void))
		if r.Void && !strings.HasPrefix(r.TypeTitle, "Số bỏ trống") {
			t.Errorf("void row %d without its reason: %q", r.Ordinal, r.TypeTitle)
		}
	}
	if want := "1:false 2:false 3:true 4:false 5:false 6:true 7:false"; strings.Join(got, " ") != want {
		t.Errorf("register %s, want %s", strings.Join(got, " "), want)
	}
	if rec := issue("2026-02-17", 0); rec.Ordinal != 8 {
		t.Errorf("a void number was reused: got %d, want 8", rec.Ordinal)
	}
	if rep, err := s.Check(admin); err != nil || len(rep.Problems) != 0 {
		t.Errorf("check: %v %+v", err, rep)
	}
}

// TestUpdateChecksCopies: a draft edited with a number of copies out of
// range is refused, naming the field, and keeps its revision.
func TestUpdateChecksCopies(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	ctx, req, draft := signerDraft(t, s)
	for _, copies := range []int{-1, 100001} {
		req.Copies = copies
		_, err := s.Update(ctx, draft.ID, req)
		var ve *kind.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "copies" {
			t.Errorf("copies %d: %v, want a validation error of copies", copies, err)
		}
	}
	got, err := s.Get(ctx, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != draft.Revision {
		t.Errorf("revision %d after refused edits, want %d", got.Revision, draft.Revision)
	}
}
