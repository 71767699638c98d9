package idempotency

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archivekey"
	"vanthu/documents/kind"
	"vanthu/documents/record"
)

// fake is a document service of one kind of request: Run makes (or
// fails to make) the document and Find reads it back.
type fake struct {
	mu   sync.Mutex
	docs map[string]*record.Record
	runs []string // "id" or "id rerun", one per Run
	fail error    // the error of the next Run
}

func (f *fake) call(holder, key, body string) Call {
	return Call{Holder: holder, Scope: "create", Key: key, Request: []byte(body),
		Run: func(_ context.Context, id string, rerun bool) (*record.Record, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			run := id
			if rerun {
				run += " rerun"
			}
			f.runs = append(f.runs, run)
			if err := f.fail; err != nil {
				f.fail = nil
				return nil, err
			}
			rec := &record.Record{ID: id, Number: fmt.Sprintf("%02d-TB/TU", len(f.docs)+1)}
			f.docs[id] = rec
			return rec, nil
		},
		Find: func(_ context.Context, id string) (*record.Record, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			if rec, ok := f.docs[id]; ok {
				return rec, nil
			}
			return nil, fmt.Errorf("document %s: %w", id, record.ErrNotFound)
		},
		Done:      func(*record.Record) bool { return true },
		Unsettled: func(err error) bool { return errors.Is(err, errPending) },
	}
}

var errPending = errors.New("the issuing is not confirmed yet")

// clock is a time tests move.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newStore(t *testing.T) (*Store, *fake, *clock, archive.Archive) {
	t.Helper()
	arc, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arc.Close() })
	c := &clock{now: time.Now()}
	s := New(arc, Options{Now: c.Now, InFlight: func() time.Duration { return time.Minute }})
	return s, &fake{docs: map[string]*record.Record{}}, c, arc
}

func keyCount(t *testing.T, a archive.Archive) int {
	t.Helper()
	n := 0
	if err := a.Keys(context.Background(), archivekey.Idempotency, func(string) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func isKeyRefusal(err error) bool {
	var ve *kind.ValidationError
	return errors.As(err, &ve) && len(ve.Fields) == 1 && ve.Fields[0].Path == "Idempotency-Key"
}

// TestReplay: the same key and request give the first result without
// running again; another request under the key is refused (422); another
// holder's key of the same text is theirs.
func TestReplay(t *testing.T) {
	s, f, _, _ := newStore(t)
	ctx := context.Background()
	first, replayed, err := s.Do(ctx, f.call("văn thư", "k-1", "a"))
	if err != nil || replayed || !record.ValidID(first.ID) {
		t.Fatalf("first: %+v %v %v", first, replayed, err)
	}
	again, replayed, err := s.Do(ctx, f.call("văn thư", "k-1", "a"))
	if err != nil || !replayed || again != first {
		t.Fatalf("retry: %+v %v %v, want %+v replayed", again, replayed, err, first)
	}
	if _, _, err := s.Do(ctx, f.call("văn thư", "k-1", "b")); !isKeyRefusal(err) {
		t.Errorf("another request under the key: %v, want a refusal naming Idempotency-Key", err)
	}
	other, replayed, err := s.Do(ctx, f.call("văn thư 2", "k-1", "a"))
	if err != nil || replayed || other.ID == first.ID {
		t.Errorf("another holder's key: %+v %v %v", other, replayed, err)
	}
	if len(f.runs) != 2 {
		t.Errorf("ran %v, want twice", f.runs)
	}
}

// TestInvalidKeys: keys outside 1 to 255 visible ASCII characters are
// refused before anything is recorded or run.
func TestInvalidKeys(t *testing.T) {
	for _, tc := range []struct{ name, key string }{
		{"empty", ""},
		{"accented", "khóa có dấu"},
		{"space", "a b"},
		{"control character", "a\tb"},
		{"too long", strings.Repeat("k", 256)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f, _, arc := newStore(t)
			if _, _, err := s.Do(context.Background(), f.call("văn thư", tc.key, "a")); !isKeyRefusal(err) {
				t.Errorf("got %v, want a refusal naming Idempotency-Key", err)
			}
			if n := keyCount(t, arc); n != 0 || len(f.runs) != 0 {
				t.Errorf("%d keys recorded, ran %v", n, f.runs)
			}
		})
	}
	if !ValidKey(strings.Repeat("k", 255)) || !ValidKey("~!") {
		t.Error("valid keys refused")
	}
}

// TestFailedRun: a failure whose outcome is unknown keeps the key, so a
// retry is told to wait while the first request may still run and then
// completes it under the same id; a definite failure forgets the key, so
// the retry runs afresh.
func TestFailedRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		kept bool
	}{
		{"archive unavailable", fmt.Errorf("store: %w", archivetest.ErrInjected), true},
		{"unsettled by the caller", fmt.Errorf("issue: %w", errPending), true},
		{"refused", errors.New("the data are not valid"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, f, c, arc := newStore(t)
			ctx := context.Background()
			f.fail = tc.err
			if _, _, err := s.Do(ctx, f.call("văn thư", "k", "a")); !errors.Is(err, tc.err) {
				t.Fatalf("first: %v, want %v", err, tc.err)
			}
			if n := keyCount(t, arc); (n == 1) != tc.kept {
				t.Fatalf("%d keys left, kept %v", n, tc.kept)
			}
			id := f.runs[0]
			if !tc.kept {
				rec, replayed, err := s.Do(ctx, f.call("văn thư", "k", "a"))
				if err != nil || replayed || len(f.runs) != 2 || rec.ID == id {
					t.Errorf("retry: %+v %v %v, ran %v; want a fresh run", rec, replayed, err, f.runs)
				}
				return
			}
			var busy *BusyError
			if _, _, err := s.Do(ctx, f.call("văn thư", "k", "a")); !errors.As(err, &busy) {
				t.Errorf("retry while the first may run: %v, want a *BusyError", err)
			}
			c.add(2 * time.Minute)
			rec, replayed, err := s.Do(ctx, f.call("văn thư", "k", "a"))
			if err != nil || replayed || rec.ID != id || f.runs[len(f.runs)-1] != id+" rerun" {
				t.Errorf("retry later: %+v %v %v, ran %v; want %s completed", rec, replayed, err, f.runs, id)
			}
			if again, replayed, err := s.Do(ctx, f.call("văn thư", "k", "a")); err != nil || !replayed || again != rec {
				t.Errorf("retry after completion: %+v %v %v", again, replayed, err)
			}
		})
	}
}

// TestExpiry: after TTL a key is forgotten: the same key runs a new
// request, and Expire removes the records of old keys.
func TestExpiry(t *testing.T) {
	s, f, c, arc := newStore(t)
	ctx := context.Background()
	first, _, err := s.Do(ctx, f.call("văn thư", "k", "a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Do(ctx, f.call("văn thư", "k-2", "a")); err != nil {
		t.Fatal(err)
	}
	c.add(TTL + time.Hour)
	rec, replayed, err := s.Do(ctx, f.call("văn thư", "k", "b"))
	if err != nil || replayed || rec.ID == first.ID {
		t.Fatalf("an expired key: %+v %v %v, want a new run", rec, replayed, err)
	}
	// The file times are real: move the clock past them.
	s.opts.Now = func() time.Time { return time.Now().Add(TTL + time.Hour) }
	if n, err := s.Expire(ctx); err != nil || n != 2 {
		t.Errorf("expire: %d %v, want 2", n, err)
	}
	if n := keyCount(t, arc); n != 0 {
		t.Errorf("%d records left", n)
	}
}
