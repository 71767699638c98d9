package indexsync

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/audit"
	"vanthu/search/bleveindex"
)

// TestRunChores: chores run at start and at every chore tick, in order, a
// chore with Every no more often than that on the syncer's clock; Run
// returns when its context ends.
func TestRunChores(t *testing.T) {
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
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) // the clock stands still
	y := New(a, ix, Options{Events: &audit.Log{Archive: a}, Now: func() time.Time { return now },
		StaleAfter: func() time.Duration { return time.Minute }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var order []string
	hourly, every := 0, 0
	sc := Schedule{Retry: time.Hour, ChoreInterval: time.Millisecond, Chores: []Chore{
		{Every: time.Hour, Run: func(context.Context) (int, error) {
			hourly++
			order = append(order, "hourly")
			return 0, nil
		}},
		{Run: func(context.Context) (int, error) {
			every++
			order = append(order, "every")
			if every == 3 {
				cancel()
			}
			return 1, nil
		}},
	}}
	done := make(chan struct{})
	go func() { y.Run(ctx, sc); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if hourly != 1 || every != 3 {
		t.Errorf("hourly chore ran %d times, the other %d; want 1 and 3", hourly, every)
	}
	if len(order) < 2 || order[0] != "hourly" || order[1] != "every" {
		t.Errorf("chores ran in the order %v", order)
	}
}
