package documents

import (
	"context"
	"time"

	"vanthu/documents/indexsync"
)

// RunIndexer, ApplyPending and Reindex keep the index in step with the
// archive; see package indexsync.

// RunIndexer applies pending index entries (and the audit events they
// carry) until ctx ends: once at start (reconciliation after a crash or an
// index outage) and then every RetryInterval while entries remain. It also
// runs the reclaim pass of the register at start and every
// ReclaimInterval, and removes expired idempotency keys at most hourly.
func (s *Service) RunIndexer(ctx context.Context) {
	s.sync.Run(ctx, indexsync.Schedule{Retry: s.opts.RetryInterval, ChoreInterval: s.opts.ReclaimInterval, Chores: []indexsync.Chore{
		{Run: s.ExpireIdempotencyKeys, Every: time.Hour,
			Failed: "could not remove expired idempotency keys", Done: "expired idempotency keys removed"},
		{Run: s.ReclaimReservations,
			Failed: "could not check the register for abandoned numbers", Done: "register numbers settled"},
	}})
}

// ApplyPending indexes every revision that has a pending marker. It returns
// how many were applied, or on error how many remain.
func (s *Service) ApplyPending(ctx context.Context) (int, error) { return s.sync.Apply(ctx) }

// Reindex rebuilds the index from the archive alone: it empties the index
// and adds the latest revision of every document. It returns the count of
// documents indexed.
func (s *Service) Reindex(ctx context.Context) (int, error) { return s.sync.Reindex(ctx) }
