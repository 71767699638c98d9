package audit

import (
	"context"
	"testing"
	"time"

	"vanthu/documents/archive/fsarchive"
)

// TestLog: events written (twice, as a retry would) are read back once,
// oldest first, filtered by range, actor and clearance, and cut at the
// limit with the cut reported.
func TestLog(t *testing.T) {
	ctx := context.Background()
	a, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	l := Log{Archive: a}
	day := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	for i, ev := range []Event{
		{Actor: "văn thư", Action: ActionCreate, Result: ResultOK},
		{Actor: "lãnh đạo", Action: ActionIssue, Result: ResultOK, Secrecy: 2},
		{Actor: "văn thư", Action: ActionIssue, Result: ResultRefused},
		{Actor: "văn thư", Action: ActionDownload, Result: ResultFailed},
	} {
		ev.Time = day.Add(time.Duration(i) * 24 * time.Hour)
		p := New(ev)
		for range 2 {
			if err := l.Write(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name      string
		f         Filter
		want      []Action
		truncated bool
	}{
		{"all cleared", Filter{Limit: 10, Clearance: 3}, []Action{ActionCreate, ActionIssue, ActionIssue, ActionDownload}, false},
		{"not cleared", Filter{Limit: 10}, []Action{ActionCreate, ActionIssue, ActionDownload}, false},
		{"actor", Filter{Limit: 10, Clearance: 3, Actor: "lãnh đạo"}, []Action{ActionIssue}, false},
		{"range", Filter{From: day.Add(24 * time.Hour), To: day.Add(48 * time.Hour), Limit: 10, Clearance: 3}, []Action{ActionIssue, ActionIssue}, false},
		{"limit", Filter{Limit: 2, Clearance: 3}, []Action{ActionCreate, ActionIssue}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, truncated, err := l.Read(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []Action
			for _, e := range evs {
				got = append(got, e.Action)
			}
			if len(got) != len(tc.want) || truncated != tc.truncated {
				t.Fatalf("got %v (truncated %v), want %v (truncated %v)", got, truncated, tc.want, tc.truncated)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}
