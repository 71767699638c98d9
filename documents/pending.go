package documents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/search"
)

// Pending index entries are markers in the archive, written before a
// revision and removed once the index holds it. They survive restarts and are
// shared by every instance on one archive.
const pendingPrefix = "pending/"

// pendingRecord is the content of a pending marker: the revision it
// announces and the audit event of the action, which is due once the
// revision's manifest is stored (or, for a delete, once the document is
// gone). Markers of older versions hold the bare id.
type pendingRecord struct {
	ID       string        `json:"id"`
	Revision int           `json:"revision"`
	Event    *pendingEvent `json:"event,omitempty"`
	Deleting bool          `json:"deleting,omitempty"`
}

// readPending reads a marker; a marker that cannot be decoded carries no
// event.
func (s *Service) readPending(ctx context.Context, key string) (pendingRecord, error) {
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if err != nil {
		return pendingRecord{}, err
	}
	var p pendingRecord
	if json.Unmarshal(b, &p) != nil {
		p = pendingRecord{ID: string(b)}
	}
	return p, nil
}

// finish completes a stored revision: its audit event, then its index
// entry; the marker goes once both are done, otherwise the indexer retries.
func (s *Service) finish(ctx context.Context, rec *Record, marker string, ev *pendingEvent) {
	if ev != nil {
		if err := s.writeEvent(ctx, *ev); err != nil {
			s.log.Warn("audit event kept pending", "id", rec.ID, "err", err)
			s.poke()
			return
		}
	}
	s.indexRecord(ctx, rec, marker)
}

func pendingKey(id string, rev int) string { return fmt.Sprintf("%s%s-r%04d", pendingPrefix, id, rev) }

func (s *Service) dropMarker(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		s.log.Warn("could not remove pending index marker", "key", key, "err", err)
	}
}

// indexRecord applies a revision to the index and removes its marker. When
// the index is unreachable the marker stays and the indexer retries.
func (s *Service) indexRecord(ctx context.Context, rec *Record, marker string) {
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := s.index.Upsert(ictx, rec.Entry()); err != nil {
		s.log.Warn("index unavailable, document kept pending", "id", rec.ID, "err", err)
		s.poke()
		return
	}
	s.dropMarker(marker)
}

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

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
		case <-s.wake:
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
func (s *Service) ApplyPending(ctx context.Context) (int, error) {
	var keys []string
	created := map[string]time.Time{}
	err := s.archive.Walk(ctx, pendingPrefix, func(o archive.ObjectInfo) error {
		keys = append(keys, o.Key)
		created[o.Key] = o.Created
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("list pending: %w", err)
	}
	applied, remaining := 0, 0
	var firstErr error
	for _, key := range keys {
		name := strings.TrimPrefix(key, pendingPrefix)
		id, revText, _ := strings.Cut(name, "-r")
		markerRev, _ := strconv.Atoi(revText)
		// A marker without its manifest is taken for an abandoned write
		// once it is as old as a reservation the reclaim pass settles.
		young := !created[key].IsZero() && s.opts.Now().Sub(created[key]) < s.reclaimAfter()
		p, perr := s.readPending(ctx, key)
		if errors.Is(perr, archive.ErrNotFound) {
			continue // removed meanwhile
		}
		if perr != nil {
			remaining++
			if firstErr == nil {
				firstErr = fmt.Errorf("pending %s: %w", key, perr)
			}
			continue
		}
		rec, err := s.load(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			// Either the write is still in progress (its request removes the
			// marker itself), or it never completed, or the draft was
			// deleted: once the marker is old enough, remove the entry if
			// any and the marker.
			if young {
				continue
			}
			err = nil
			if p.Deleting && p.Event != nil {
				err = s.writeEvent(ctx, *p.Event)
			}
			if err == nil {
				err = s.index.Delete(ctx, id)
			}
		case err == nil && rec.Revision < markerRev && young:
			// The revision the marker announces is still being written.
			continue
		case err == nil:
			if rec.Revision == markerRev && p.Event != nil && !p.Deleting {
				// The revision is stored: its event is due.
				err = s.writeEvent(ctx, *p.Event)
			}
			if err == nil {
				err = s.index.Upsert(ctx, rec.Entry())
			}
		}
		if err != nil {
			// Keep going: one bad entry must not hold up the others.
			remaining++
			if firstErr == nil {
				firstErr = fmt.Errorf("pending %s: %w", key, err)
			}
			continue
		}
		s.dropMarker(key)
		applied++
	}
	if firstErr != nil {
		return remaining, firstErr
	}
	return applied, nil
}

// Reindex rebuilds the index from the archive alone: it empties the index
// and adds the latest revision of every document. It returns the count of
// documents indexed.
func (s *Service) Reindex(ctx context.Context) (int, error) {
	if err := s.index.Reset(ctx); err != nil {
		return 0, fmt.Errorf("reindex: reset: %w", err)
	}
	order, err := s.documentIDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	n := 0
	const batch = 200
	entries := make([]search.Entry, 0, batch)
	flush := func() error {
		if len(entries) == 0 {
			return nil
		}
		if err := s.index.Upsert(ctx, entries...); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		n += len(entries)
		entries = entries[:0]
		return nil
	}
	for _, id := range order {
		rec, err := s.load(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("reindex %s: %w", id, err)
		}
		entries = append(entries, rec.Entry())
		if len(entries) == batch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := flush(); err != nil {
		return n, err
	}
	return n, nil
}
