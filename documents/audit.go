package documents

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"vanthu/documents/audit"
	"vanthu/documents/secrecy"
)

// Event is one line of the audit log; see package audit.
type Event = audit.Event

// Audit appends an event for the actor of ctx. An event that names a
// document carries the document's secrecy, so that only administrators
// cleared for it see the event. It never fails the caller: a write error
// is logged.
func (s *Service) Audit(ctx context.Context, action audit.Action, doc string, result audit.Result, detail string) {
	s.audit(ctx, action, doc, result, detail)
}

func (s *Service) audit(ctx context.Context, action audit.Action, doc string, result audit.Result, detail string) {
	s.auditLevel(ctx, action, doc, s.secrecyOf(ctx, doc), result, detail)
}

// secrecyOf is the secrecy level of the document with the given id, read
// without access checks. A document that cannot be read is taken for the
// highest level: an event about it must never be shown to someone who may
// not know it exists.
func (s *Service) secrecyOf(ctx context.Context, id string) secrecy.Level {
	if id == "" {
		return secrecy.None
	}
	if !ValidID(id) {
		return secrecy.None // names no document
	}
	rec, err := s.load(ctx, id)
	switch {
	case err == nil:
		return rec.Secrecy.Level()
	case errors.Is(err, ErrNotFound):
		return secrecy.None
	}
	return secrecy.TuyetMat
}

// auditRec appends an event about a document, carrying its secrecy level.
func (s *Service) auditRec(ctx context.Context, action audit.Action, rec *Record, result audit.Result, detail string) {
	s.auditLevel(ctx, action, rec.ID, rec.Secrecy.Level(), result, detail)
}

func (s *Service) auditLevel(ctx context.Context, action audit.Action, doc string, level secrecy.Level, result audit.Result, detail string) {
	ev := s.newEvent(ctx, action, doc, level, result, detail)
	if err := s.writeEvent(ctx, ev); err != nil {
		s.log.Error("audit write failed", "action", action, "document", doc, "err", err)
	}
}

// newEvent builds the event of an action by the actor of ctx.
func (s *Service) newEvent(ctx context.Context, action audit.Action, doc string, level secrecy.Level, result audit.Result, detail string) audit.Pending {
	a := ActorFrom(ctx)
	return audit.New(audit.Event{Time: s.opts.Now().UTC(), Actor: a.Name, Role: string(a.Role), Action: action, Document: doc,
		Result: result, Detail: detail, Address: a.Address, Secrecy: level})
}

// recEvent is newEvent for an action on a document.
func (s *Service) recEvent(ctx context.Context, action audit.Action, rec *Record, result audit.Result, detail string) audit.Pending {
	return s.newEvent(ctx, action, rec.ID, rec.Secrecy.Level(), result, detail)
}

// writeEvent writes an event (see audit.Log.Write).
func (s *Service) writeEvent(ctx context.Context, ev audit.Pending) error {
	return s.events.Write(ctx, ev)
}

// AuditParams filter the audit log; From and To are dates (YYYY-MM-DD) or
// RFC 3339 times, both inclusive. Limit caps the events returned (default
// and maximum MaxAuditEvents); the oldest come first.
type AuditParams struct{ From, To, Actor, Limit string }

// MaxAuditEvents is the most events one audit request returns.
const MaxAuditEvents = 10000

// AuditLog returns the events matching p, oldest first. Admins only.
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
	l := audit.Log{Archive: s.archive}
	return l.Read(ctx, audit.Filter{From: from, To: to, Actor: p.Actor, Limit: limit, Clearance: actor.Clearance})
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
