// Package audit is the append-only audit log: every event is its own
// protected object in the archive (archivekey.AuditEvent, filed by day), so
// losing or changing it is as hard as losing or changing a document.
//
// An event is built first ([Log.New]) with the key it will be written
// under, so that writing it again is harmless: the service carries the
// event of an action in the action's pending marker and writes it once the
// action is done, however many times that takes.
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
)

// Action names what was done.
type Action string

// Actions of the document service; other packages (returns, the web
// interface) add their own.
const (
	ActionCreate            Action = "create"
	ActionUpdate            Action = "update"
	ActionDelete            Action = "delete"
	ActionIssue             Action = "issue"
	ActionDownload          Action = "download"
	ActionDownloadSignature Action = "download.signature"
	ActionDownloadPDF       Action = "download.pdf"
	ActionApprove           Action = "approve"
	ActionVerify            Action = "verify"
	ActionTemplateAdd       Action = "template.add"
	ActionTemplateDelete    Action = "template.delete"
	// ActionRefused is a request refused before it reached an action (no
	// token, wrong role).
	ActionRefused Action = "refused"
)

// Result is how an action ended.
type Result string

// Results.
const (
	ResultOK      Result = "ok"
	ResultRefused Result = "refused"
	ResultFailed  Result = "failed"
)

// Event is one line of the audit log.
type Event struct {
	Time     time.Time `json:"time"`
	Actor    string    `json:"actor"`
	Role     role.Role `json:"role"`
	Action   Action    `json:"action"`
	Document string    `json:"document,omitempty"`
	Result   Result    `json:"result"`
	Detail   string    `json:"detail,omitempty"`
	Address  string    `json:"address,omitempty"`
	// Secrecy is the level of the document concerned: the event is shown
	// only to administrators cleared for it.
	Secrecy secrecy.Level `json:"secrecy,omitempty"`
}

// Pending is an event with the key it is written under, decided before it
// is written so that writing it again is harmless.
type Pending struct {
	Key  string          `json:"key"`
	Body json.RawMessage `json:"body"`
}

// Log writes and reads the audit log of one archive.
type Log struct {
	Archive archive.Archive
	// RetryWait is the first wait before a write is retried (0: 100 ms).
	RetryWait time.Duration
}

// New builds an event at ev.Time (which must be set) with its key.
func New(ev Event) Pending {
	ev.Time = ev.Time.UTC()
	// An Event has only strings, numbers and a time: encoding cannot fail.
	b, err := json.Marshal(ev)
	if err != nil {
		panic(fmt.Sprintf("audit: encode event: %v", err))
	}
	var rnd [4]byte
	rand.Read(rnd[:]) // never fails (crypto/rand since Go 1.24)
	return Pending{Key: archivekey.AuditEvent(ev.Time, hex.EncodeToString(rnd[:])), Body: b}
}

// Write writes an event, retrying while the archive is unavailable for a
// few seconds. Finding the very same event already there (an earlier
// attempt whose answer was lost) counts as written.
func (l *Log) Write(ctx context.Context, ev Pending) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	_, err := archive.CreateOnce(wctx, l.Archive, ev.Key, ev.Body, archive.CreateOptions{ContentType: "application/json", Protect: true}, l.RetryWait)
	return err
}

// Filter selects events: From and To (inclusive, either may be zero),
// Actor (empty: anyone), at most Limit events, none above Clearance.
type Filter struct {
	From, To  time.Time
	Actor     string
	Limit     int
	Clearance secrecy.Level
}

// Read returns the events matching f, oldest first, and whether more
// matched than f.Limit. The log is stored by day, so a range within one
// year or month reads only that part of it.
func (l *Log) Read(ctx context.Context, f Filter) ([]Event, bool, error) {
	events := []Event{}
	truncated := false
	errFull := errors.New("enough events")
	err := l.Archive.Keys(ctx, archivekey.AuditRange(f.From, f.To), func(key string) error {
		day, ok := archivekey.AuditDay(key)
		if !ok || (!f.From.IsZero() && day.Before(f.From.Truncate(24*time.Hour))) || (!f.To.IsZero() && day.After(f.To)) {
			return nil
		}
		b, _, err := archive.ReadAll(ctx, l.Archive, key)
		if err != nil {
			return fmt.Errorf("read %s: %w", key, err)
		}
		var ev Event
		if err := json.Unmarshal(b, &ev); err != nil {
			return fmt.Errorf("decode %s: %w", key, err)
		}
		if (!f.From.IsZero() && ev.Time.Before(f.From)) || (!f.To.IsZero() && ev.Time.After(f.To)) || (f.Actor != "" && ev.Actor != f.Actor) || ev.Secrecy > f.Clearance {
			return nil
		}
		if len(events) == f.Limit {
			truncated = true
			return errFull
		}
		events = append(events, ev)
		return nil
	})
	if err != nil && !errors.Is(err, errFull) {
		return nil, false, fmt.Errorf("read the audit log: %w", err)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Time.Before(events[j].Time) })
	return events, truncated, nil
}
