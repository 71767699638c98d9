package documents

import (
	"context"
	"time"
)

// RunIndexer, ApplyPending and Reindex keep the index in step with the
// archive; see package indexsync.

// RunIndexer applies pending index entries (and the audit events they
// carry) until ctx ends: once at start (reconciliation after a crash or an
// index outage) and then every RetryInterval while entries remain. It also
// runs the reclaim pass of the register at start and every
// ReclaimInterval.
func (s *Service) RunIndexer(ctx context.Context) {
	var expired time.Time
	reclaim := func() {
		if now := s.opts.Now(); now.Sub(expired) > time.Hour {
			expired = now
			if n, err := s.ExpireIdempotencyKeys(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("could not remove expired idempotency keys", "err", err)
			} else if n > 0 {
				s.log.Info("expired idempotency keys removed", "count", n)
			}
		}
		if n, err := s.ReclaimReservations(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("could not check the register for abandoned numbers", "err", err)
			}
		} else if n > 0 {
			s.log.Info("register numbers settled", "count", n)
		}
	}
	reclaim()
	every := s.opts.ReclaimInterval
	if every <= 0 {
		every = time.Minute
	}
	r := time.NewTicker(every)
	defer r.Stop()
	t := time.NewTicker(s.opts.RetryInterval)
	defer t.Stop()
	for {
		if n, err := s.ApplyPending(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("pending index entries not applied yet", "remaining", n, "err", err)
			}
		} else if n > 0 {
			s.log.Info("pending index entries applied", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.C:
			reclaim()
		case <-t.C:
		case <-s.sync.Wake():
			// An index write just failed: wait one interval before retrying.
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

// ApplyPending indexes every revision that has a pending marker. It returns
// how many were applied, or on error how many remain.
func (s *Service) ApplyPending(ctx context.Context) (int, error) { return s.sync.Apply(ctx) }

// Reindex rebuilds the index from the archive alone: it empties the index
// and adds the latest revision of every document. It returns the count of
// documents indexed.
func (s *Service) Reindex(ctx context.Context) (int, error) { return s.sync.Reindex(ctx) }
