package documents

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/idempotency"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/role"
)

// TestIdempotentCreate: a retry with the same Idempotency-Key and body
// returns the first document (same id and number) instead of issuing a
// second; the same key with another body is refused naming the header; a
// first attempt that the service never finished (killed) is completed by
// the retry under the same id.
func TestIdempotentCreate(t *testing.T) {
	s, arc := newTestService(t, &failingSigner{})
	ctx := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer})
	req := noticeRequest(t, func(d map[string]any) { delete(d, "number") })
	req.Issue = true
	first, replayed, err := s.CreateIdempotent(ctx, "tao-van-ban-1", req)
	if err != nil || replayed {
		t.Fatalf("first: %v (replayed %v)", err, replayed)
	}
	again, replayed, err := s.CreateIdempotent(ctx, "tao-van-ban-1", req)
	if err != nil || !replayed || again.ID != first.ID || again.Number != first.Number {
		t.Fatalf("retry: %+v %v %v, want %s %s replayed", again, replayed, err, first.ID, first.Number)
	}
	other := req
	other.Notes = "khác"
	var ve *kind.ValidationError
	if _, _, err := s.CreateIdempotent(ctx, "tao-van-ban-1", other); !errors.As(err, &ve) || ve.Fields[0].Path != "Idempotency-Key" {
		t.Errorf("same key, other body: %v, want a 422 naming Idempotency-Key", err)
	}
	if _, _, err := s.CreateIdempotent(ctx, "khóa có dấu", req); !errors.As(err, &ve) {
		t.Errorf("a key outside visible ASCII: %v", err)
	}
	// Another person's key of the same text is their own.
	clerk2 := WithActor(context.Background(), Actor{Name: "ký 2", Role: role.Signer})
	if rec, replayed, err := s.CreateIdempotent(clerk2, "tao-van-ban-1", req); err != nil || replayed || rec.Number != "02-TB/TU" {
		t.Errorf("another actor's key: %+v %v %v", rec, replayed, err)
	}

	// A first attempt that stopped after recording its key: a retry within
	// the window is told to wait, a later one completes it under its id.
	const id = "0123456789abcdef01234567"
	if _, err := s.idempotentRecordFor(ctx, "tao-van-ban-2", req, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateIdempotent(ctx, "tao-van-ban-2", req); !errors.Is(err, ErrConflict) {
		t.Errorf("retry while the first may still run: %v, want a conflict", err)
	}
	s.opts.Now = func() time.Time { return time.Now().Add(time.Hour) }
	rec, replayed, err := s.CreateIdempotent(ctx, "tao-van-ban-2", req)
	if err != nil || replayed || rec.ID != id || rec.Number != "03-TB/TU" {
		t.Fatalf("retry after a crash: %+v %v %v, want %s as 03-TB/TU", rec, replayed, err, id)
	}
	if again, replayed, err := s.CreateIdempotent(ctx, "tao-van-ban-2", req); err != nil || !replayed || again.Number != rec.Number {
		t.Errorf("retry after completion: %+v %v %v", again, replayed, err)
	}
	// Keys expire after a day.
	s.opts.Now = func() time.Time { return time.Now().Add(idempotency.TTL + 2*time.Hour) }
	if n, err := s.ExpireIdempotencyKeys(ctx); err != nil || n != 3 {
		t.Errorf("expire: %d %v, want 3", n, err)
	}
	var left int
	_ = arc.Keys(ctx, archivekey.Idempotency, func(string) error { left++; return nil })
	if left != 0 {
		t.Errorf("%d idempotency records left after expiry", left)
	}
}

// TestIdempotentIssue: issuing a draft twice with the same key gives the
// same number once.
func TestIdempotentIssue(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	ctx, _, draft := signerDraft(t, s)
	a, replayed, err := s.IssueIdempotent(ctx, "ban-hanh-1", draft.ID)
	if err != nil || replayed {
		t.Fatalf("issue: %v %v", err, replayed)
	}
	b, replayed, err := s.IssueIdempotent(ctx, "ban-hanh-1", draft.ID)
	if err != nil || !replayed || b.Number != a.Number {
		t.Fatalf("retry: %+v %v %v, want %s", b, replayed, err, a.Number)
	}
	if _, err := s.Issue(ctx, draft.ID); !errors.Is(err, ErrConflict) {
		t.Errorf("a plain second issue: %v, want a conflict", err)
	}
}

// idempotentRecordFor writes the record a first attempt leaves before it
// runs, as if the service had been killed right after.
func (s *Service) idempotentRecordFor(ctx context.Context, key string, req CreateRequest, id string, at time.Time) (archive.ObjectInfo, error) {
	s.opts.Now = func() time.Time { return at }
	defer func() { s.opts.Now = time.Now }()
	fp, _ := json.Marshal(req)
	var info archive.ObjectInfo
	_, _, err := s.idempotent(ctx, "create", key, id, fp, func(context.Context, string, bool) (*record.Record, error) {
		return nil, ErrPending // stops here, keeping the record
	}, func(*record.Record) bool { return true })
	if !errors.Is(err, ErrPending) {
		return info, err
	}
	return info, nil
}
