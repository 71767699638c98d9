package documents

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archive/s3archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/role"
	"vanthu/documents/signing"
	"vanthu/search"
	"vanthu/search/bleveindex"
	"vanthu/templates"
)

// issuingWrites are the writes of the issuing path, by the keys they use.
var issuingWrites = []struct {
	name  string
	match func(key string) bool
}{
	{"register", func(k string) bool { return strings.HasPrefix(k, archivekey.Register) }},
	{"pending", func(k string) bool { return strings.HasPrefix(k, archivekey.Pending) }},
	{"docx", func(k string) bool { return strings.HasSuffix(k, "/document.docx") }},
	{"signature", func(k string) bool { return strings.HasSuffix(k, "/document.docx.p7s") }},
	{"manifest", func(k string) bool { return strings.HasSuffix(k, "/manifest.json") }},
	{"audit", func(k string) bool { return strings.HasPrefix(k, archivekey.Audit) }},
}

// TestIssueFaults makes every write of the issuing path fail, before
// writing or after (the answer lost), once or for good, on both drivers,
// and proves that no number is given twice and nothing is left orphaned:
// every issuing either completes (its 201 with the document readable,
// registered and with its audit event), or gives its number to the next
// issuing, or stays pending until the reclaim pass records its number as
// void; then vanthu check finds nothing wrong.
func TestIssueFaults(t *testing.T) {
	signer, _, err := signing.LoadOrCreate(t.TempDir(), "Văn phòng Tỉnh ủy", "Tỉnh ủy", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	trusted := []*x509.Certificate{signer.Certificate()}
	drivers := []struct {
		name string
		open func(t *testing.T, n int) archive.Archive
	}{
		{"fsarchive", func(t *testing.T, _ int) archive.Archive {
			a, err := fsarchive.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			return a
		}},
		{"s3archive", nil},
	}
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			open := d.open
			if open == nil {
				srv := archivetest.StartMinIO(t)
				bucket := "vt-faults-" + strings.ToLower(fmt.Sprint(time.Now().UnixNano()))
				open = func(t *testing.T, n int) archive.Archive {
					a, err := s3archive.Open(t.Context(), s3archive.Options{Endpoint: srv.Endpoint(), AccessKey: srv.AccessKey(),
						SecretKey: srv.SecretKey(), Bucket: bucket, RetentionDays: 1, Prefix: fmt.Sprintf("case-%d", n)})
					if err != nil {
						t.Fatal(err)
					}
					return a
				}
			}
			// One index for every case: opening one costs more than a case,
			// and no assertion reads it.
			ix, err := bleveindex.Open(filepath.Join(t.TempDir(), "index"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			n := 0
			for _, w := range issuingWrites {
				for _, mode := range []struct {
					name  string
					after bool
					times int
					blind bool
				}{{"before-once", false, 1, false}, {"after-once", true, 1, false}, {"before-always", false, 0, false},
					{"after-always", true, 0, false}, {"after-always-unreadable", true, 0, true}} {
					n++
					t.Run(w.name+"/"+mode.name, func(t *testing.T) {
						raw := open(t, n)
						faulty := archivetest.NewFaulty(raw, archivetest.Fault{Match: w.match, AfterWrite: mode.after, Times: mode.times, BlindStat: mode.blind})
						issueUnderFault(t, raw, faulty, ix, signer, trusted)
					})
				}
			}
		})
	}
}

// serviceOver is a service over arc and ix.
func serviceOver(t *testing.T, arc archive.Archive, ix search.Index, signer Signer, trusted []*x509.Certificate) *Service {
	t.Helper()
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Archive: arc, Index: ix, Templates: reg, Signer: signer, Trusted: trusted})
	if err != nil {
		t.Fatal(err)
	}
	s.rev.RetryWait = time.Millisecond
	s.book.RetryWait = time.Millisecond
	s.events.RetryWait = time.Millisecond
	return s
}

func issueUnderFault(t *testing.T, raw archive.Archive, faulty *archivetest.Faulty, ix search.Index, signer Signer, trusted []*x509.Certificate) {
	ctx := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer})
	req := noticeRequest(t, func(d map[string]any) { delete(d, "number") })
	under := serviceOver(t, faulty, ix, signer, trusted)
	a, errA := under.Create(ctx, req)
	if faulty.Injected == 0 {
		t.Fatal("no fault was injected")
	}
	healthy := serviceOver(t, raw, ix, signer, trusted)
	b, err := healthy.Create(ctx, req)
	if err != nil {
		t.Fatalf("issuing after the fault: %v", err)
	}
	pending := errors.Is(errA, ErrPending)
	switch {
	case errA == nil:
		got, err := healthy.Get(ctx, a.ID)
		if err != nil || got.Number != a.Number {
			t.Fatalf("acknowledged %s is not readable: %v", a.Number, err)
		}
		if b.Number != "02-TB/TU" {
			t.Errorf("next issuing took %s, want 02-TB/TU", b.Number)
		}
	case pending:
		if b.Number != "02-TB/TU" {
			t.Errorf("a pending issuing's number was given again: next is %s", b.Number)
		}
	case !errors.Is(errA, archive.ErrUnavailable):
		t.Errorf("failed issuing: %v, want the archive unavailable", errA)
	case faulty.Injected > 0 && b.Number != "01-TB/TU" && b.Number != "02-TB/TU":
		t.Errorf("next issuing took %s", b.Number)
	}
	// The background work: pending audit events and index entries, then
	// the reclaim pass once the reservation is old enough.
	healthy.opts.Now = func() time.Time { return time.Now().Add(time.Hour) }
	if _, err := healthy.ApplyPending(ctx); err != nil {
		t.Fatalf("apply pending: %v", err)
	}
	if _, err := healthy.ReclaimReservations(ctx); err != nil {
		t.Fatalf("reclaim: %v", err)
	}
	// The register runs 01, 02, … without a gap: every row is an issued
	// document that was acknowledged, or a void number with its reason.
	rows, err := healthy.Register(WithActor(ctx, Actor{Name: "văn thư", Role: role.Clerk}), RegisterParams{})
	if err != nil {
		t.Fatal(err)
	}
	ackd := map[string]bool{b.ID: true}
	if errA == nil {
		ackd[a.ID] = true
	}
	issued := 0
	for i, r := range rows {
		if r.Ordinal != i+1 {
			t.Errorf("register row %d has number %d: a gap without a reason", i+1, r.Ordinal)
		}
		switch {
		case r.Void:
			if pending && r.Ordinal != 1 {
				t.Errorf("number %d void, want the pending issuing's 01", r.Ordinal)
			}
		case !ackd[r.ID]:
			t.Errorf("register row %d is document %s, which was never acknowledged", r.Ordinal, r.ID)
		default:
			issued++
		}
	}
	if issued != len(ackd) {
		t.Errorf("register lists %d of the %d acknowledged documents: %+v", issued, len(ackd), rows)
	}
	if pending && (len(rows) < 1 || !rows[0].Void) {
		t.Errorf("the number of the pending issuing is not void after the reclaim pass: %+v", rows)
	}
	rep, err := healthy.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 0 || rep.Pending != 0 {
		t.Errorf("check: %d pending, problems %+v", rep.Pending, rep.Problems)
	}
}
