package documents

import (
	"context"
	"fmt"

	"vanthu/documents/audit"
	"vanthu/documents/find"
	"vanthu/documents/record"
	"vanthu/documents/role"
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
	// An unreadable document counts as the highest level (record.SecrecyOf).
	s.auditLevel(ctx, action, doc, record.SecrecyOf(ctx, s.archive, doc), result, detail)
}

// auditRec appends an event about a document, carrying its secrecy level.
func (s *Service) auditRec(ctx context.Context, action audit.Action, rec *record.Record, result audit.Result, detail string) {
	s.auditLevel(ctx, action, rec.ID, rec.Secrecy.Level(), result, detail)
}

func (s *Service) auditLevel(ctx context.Context, action audit.Action, doc string, level secrecy.Level, result audit.Result, detail string) {
	ev := s.newEvent(ctx, action, doc, level, result, detail)
	if err := s.events.Write(ctx, ev); err != nil {
		s.log.Error("audit write failed", "action", action, "document", doc, "err", err)
	}
}

// newEvent builds the event of an action by the actor of ctx.
func (s *Service) newEvent(ctx context.Context, action audit.Action, doc string, level secrecy.Level, result audit.Result, detail string) audit.Pending {
	a := ActorFrom(ctx)
	return audit.New(audit.Event{Time: s.opts.Now().UTC(), Actor: a.Name, Role: a.Role, Action: action, Document: doc,
		Result: result, Detail: detail, Address: a.Address, Secrecy: level})
}

// recEvent is newEvent for an action on a document.
func (s *Service) recEvent(ctx context.Context, action audit.Action, rec *record.Record, result audit.Result, detail string) audit.Pending {
	return s.newEvent(ctx, action, rec.ID, rec.Secrecy.Level(), result, detail)
}

// AuditParams filter the audit log; see package find, which parses them.
type AuditParams = find.AuditParams

// MayReadAuditLog tells whether the actor of ctx may read the audit log
// (admins only): nil, or an error wrapping ErrForbidden. Handlers that
// find the parameters malformed ask it first, so that a refusal comes
// before a complaint about the parameters.
func (s *Service) MayReadAuditLog(ctx context.Context) error {
	if !ActorFrom(ctx).Can(role.Admin) {
		return fmt.Errorf("read the audit log: %w", ErrForbidden)
	}
	return nil
}

// AuditLog returns the events matching p, oldest first, at most p.Limit
// (0 or more than find.MaxAuditEvents: find.MaxAuditEvents), and whether
// more matched. Admins only; events above their clearance are left out.
func (s *Service) AuditLog(ctx context.Context, p AuditParams) ([]Event, bool, error) {
	if err := s.MayReadAuditLog(ctx); err != nil {
		return nil, false, err
	}
	limit := p.Limit
	if limit <= 0 || limit > find.MaxAuditEvents {
		limit = find.MaxAuditEvents
	}
	l := audit.Log{Archive: s.archive}
	return l.Read(ctx, audit.Filter{From: p.From, To: p.To, Actor: p.Actor, Limit: limit, Clearance: ActorFrom(ctx).Clearance})
}
