package documents

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/search"
)

// The audit log is append-only: every event is its own protected object in
// the archive (audit/YYYY/MM/DD/<time>-<random>.json), so losing or changing
// it is as hard as losing or changing a document.
const auditPrefix = "audit/"

// Event is one line of the audit log.
type Event struct {
	Time     time.Time `json:"time"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role"`
	Action   string    `json:"action"`
	Document string    `json:"document,omitempty"`
	Result   string    `json:"result"` // ok, refused, failed
	Detail   string    `json:"detail,omitempty"`
	Address  string    `json:"address,omitempty"`
	// Secrecy is the level of the document concerned: the event is shown
	// only to administrators cleared for it.
	Secrecy int `json:"secrecy,omitempty"`
}

// Audit appends an event for the actor of ctx. An event that names a
// document carries the document's secrecy, so that only administrators
// cleared for it see the event. It never fails the caller: a write error
// is logged.
func (s *Service) Audit(ctx context.Context, action, doc, result, detail string) {
	s.audit(ctx, action, doc, result, detail)
}

func (s *Service) audit(ctx context.Context, action, doc, result, detail string) {
	s.auditLevel(ctx, action, doc, s.secrecyOf(ctx, doc), result, detail)
}

// secrecyOf is the secrecy level of the document with the given id, read
// without access checks. A document that cannot be read is taken for the
// highest level: an event about it must never be shown to someone who may
// not know it exists.
func (s *Service) secrecyOf(ctx context.Context, id string) int {
	if id == "" {
		return 0
	}
	if !ValidID(id) {
		return 0 // names no document
	}
	rec, err := s.load(ctx, id)
	switch {
	case err == nil:
		return SecrecyLevel(rec.Secrecy)
	case errors.Is(err, ErrNotFound):
		return 0
	}
	return search.SecrecyTuyetMat
}

// auditRec appends an event about a document, carrying its secrecy level.
func (s *Service) auditRec(ctx context.Context, action string, rec *Record, result, detail string) {
	s.auditLevel(ctx, action, rec.ID, SecrecyLevel(rec.Secrecy), result, detail)
}

func (s *Service) auditLevel(ctx context.Context, action, doc string, secrecy int, result, detail string) {
	ev := s.newEvent(ctx, action, doc, secrecy, result, detail)
	if err := s.writeEvent(ctx, ev); err != nil {
		s.log.Error("audit write failed", "action", action, "document", doc, "err", err)
	}
}

// pendingEvent is an audit event with the key it is written under, decided
// before it is written so that writing it again is harmless.
type pendingEvent struct {
	Key  string          `json:"key"`
	Body json.RawMessage `json:"body"`
}

// newEvent builds the event of an action by the actor of ctx.
func (s *Service) newEvent(ctx context.Context, action, doc string, secrecy int, result, detail string) pendingEvent {
	a := ActorFrom(ctx)
	ev := Event{Time: s.opts.Now().UTC(), Actor: a.Name, Role: a.Role, Action: action, Document: doc, Result: result, Detail: detail, Address: a.Address, Secrecy: secrecy}
	b, _ := json.Marshal(ev)
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	key := fmt.Sprintf("%s%s/%020d-%s.json", auditPrefix, ev.Time.Format("2006/01/02"), ev.Time.UnixNano(), hex.EncodeToString(rnd[:]))
	return pendingEvent{Key: key, Body: b}
}

// recEvent is newEvent for an action on a document.
func (s *Service) recEvent(ctx context.Context, action string, rec *Record, result, detail string) pendingEvent {
	return s.newEvent(ctx, action, rec.ID, SecrecyLevel(rec.Secrecy), result, detail)
}

// writeEvent writes an event, retrying while the archive is unavailable
// for a few seconds. Finding the very same event already there (an earlier
// attempt whose answer was lost) counts as written.
func (s *Service) writeEvent(ctx context.Context, ev pendingEvent) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	_, err := s.createOnce(wctx, ev.Key, ev.Body, archive.CreateOptions{ContentType: "application/json", Protect: true})
	return err
}

// AuditParams filter the audit log; From and To are dates (YYYY-MM-DD) or
// RFC 3339 times, both inclusive. Limit caps the events returned (default
// and maximum MaxAuditEvents); the oldest come first.
type AuditParams struct{ From, To, Actor, Limit string }

// MaxAuditEvents is the most events one audit request returns.
const MaxAuditEvents = 10000

// AuditLog returns the events matching p, oldest first. Admins only.
//
// The log is stored by day, so a range within one year or month reads only
// that part of it.
func (s *Service) AuditLog(ctx context.Context, p AuditParams) ([]Event, bool, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleAdmin) {
		return nil, false, fmt.Errorf("read the audit log: %w", ErrForbidden)
	}
	from, err := parseBound(p.From, "from", false)
	if err != nil {
		return nil, false, err
	}
	to, err := parseBound(p.To, "to", true)
	if err != nil {
		return nil, false, err
	}
	limit := MaxAuditEvents
	if p.Limit != "" {
		n, err := strconv.Atoi(p.Limit)
		if err != nil || n < 1 || n > MaxAuditEvents {
			return nil, false, invalid("limit", "must be an integer between 1 and %d, got %q", MaxAuditEvents, p.Limit)
		}
		limit = n
	}
	prefix := auditPrefix
	if !from.IsZero() && !to.IsZero() {
		f, t := from.UTC(), to.UTC()
		switch {
		case f.Year() == t.Year() && f.Month() == t.Month():
			prefix += f.Format("2006/01/")
		case f.Year() == t.Year():
			prefix += f.Format("2006/")
		}
	}
	events := []Event{}
	truncated := false
	errFull := errors.New("enough events")
	err = s.archive.Keys(ctx, prefix, func(key string) error {
		rest := strings.TrimPrefix(key, auditPrefix)
		if len(rest) < 10 {
			return nil
		}
		day, err := time.Parse("2006/01/02", rest[:10])
		if err != nil || (!from.IsZero() && day.Before(from.Truncate(24*time.Hour))) || (!to.IsZero() && day.After(to)) {
			return nil
		}
		b, _, err := archive.ReadAll(ctx, s.archive, key)
		if err != nil {
			return fmt.Errorf("read %s: %w", key, err)
		}
		var ev Event
		if err := json.Unmarshal(b, &ev); err != nil {
			return fmt.Errorf("decode %s: %w", key, err)
		}
		if (!from.IsZero() && ev.Time.Before(from)) || (!to.IsZero() && ev.Time.After(to)) || (p.Actor != "" && ev.Actor != p.Actor) || ev.Secrecy > actor.Clearance {
			return nil
		}
		if len(events) == limit {
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

func parseBound(v, field string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, invalid(field, "must be a date (YYYY-MM-DD) or an RFC 3339 time, got %q", v)
	}
	if end {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}
