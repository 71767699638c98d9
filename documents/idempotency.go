package documents

// Creating and issuing under an Idempotency-Key (package idempotency):
// only those who may create documents record keys, and a retry finds the
// document as its sender may see it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"vanthu/documents/idempotency"
	"vanthu/documents/record"
	"vanthu/documents/role"
)

// fixedIDKey carries the id a create must use (an idempotent retry).
type fixedIDKey struct{}

func fixedID(ctx context.Context) string {
	id, _ := ctx.Value(fixedIDKey{}).(string)
	return id
}

// CreateIdempotent is Create under an Idempotency-Key. replayed is true
// when the document comes from an earlier request with the same key.
func (s *Service) CreateIdempotent(ctx context.Context, key string, req CreateRequest) (rec *record.Record, replayed bool, err error) {
	fp, err := json.Marshal(req)
	if err != nil {
		return nil, false, fmt.Errorf("create documents: encode the request: %w", err)
	}
	return s.idempotent(ctx, "create", key, fixedID(ctx), fp, func(ctx context.Context, id string, rerun bool) (*record.Record, error) {
		return s.Create(context.WithValue(ctx, fixedIDKey{}, id), req)
	}, func(r *record.Record) bool { return !req.Issue || r.Status == record.StatusIssued })
}

// IssueIdempotent is Issue under an Idempotency-Key.
func (s *Service) IssueIdempotent(ctx context.Context, key, id string) (rec *record.Record, replayed bool, err error) {
	return s.idempotent(ctx, "issue "+id, key, id, []byte(id), func(ctx context.Context, _ string, _ bool) (*record.Record, error) {
		return s.Issue(ctx, id)
	}, func(r *record.Record) bool { return r.Status == record.StatusIssued })
}

// idempotent runs do once per (actor, scope, key) for the document id (""
// for a new one): done tells whether a document found under the recorded
// id is the finished result. See idempotency.Store.Do.
func (s *Service) idempotent(ctx context.Context, scope, key, id string, request []byte, do func(ctx context.Context, id string, rerun bool) (*record.Record, error), done func(*record.Record) bool) (*record.Record, bool, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(role.Clerk) {
		// Nothing is recorded for someone who may create nothing.
		return nil, false, fmt.Errorf("create documents: %w", ErrForbidden)
	}
	rec, replayed, err := s.keys.Do(ctx, idempotency.Call{
		Holder: actor.Name, Scope: scope, Key: key, ID: id, Request: request,
		Run: do, Find: s.Get, Done: done,
		// An issuing the archive did not confirm is settled by a retry.
		Unsettled: func(err error) bool { return errors.Is(err, ErrPending) },
	})
	var busy *idempotency.BusyError
	if errors.As(err, &busy) {
		return nil, false, &ConflictError{Message: busy.Message}
	}
	return rec, replayed, err
}

// ExpireIdempotencyKeys removes the records of keys older than
// idempotency.TTL and returns how many it removed.
func (s *Service) ExpireIdempotencyKeys(ctx context.Context) (int, error) {
	return s.keys.Expire(ctx)
}
