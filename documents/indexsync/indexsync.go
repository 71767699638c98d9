// Package indexsync keeps the search index in step with the archive. Every
// write of a document revision is announced first by a pending marker in
// the archive (archivekey.PendingMarker) carrying the audit event of the
// action; once the revision's manifest is stored, the event is written and
// the index updated, and the marker goes. Whatever fails (the index or the
// archive unavailable, the process killed) leaves the marker, and [Syncer.Apply]
// finishes the work later. Markers survive restarts and are shared by
// every instance on one archive.
package indexsync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/record"
	"vanthu/search"
)

// Marker is the content of a pending marker: the revision it announces
// and the audit event of the action, which is due once the revision's
// manifest is stored (or, for a delete, once the document is gone).
// Markers of older versions hold the bare id.
type Marker struct {
	ID       string         `json:"id"`
	Revision int            `json:"revision"`
	Event    *audit.Pending `json:"event,omitempty"`
	Deleting bool           `json:"deleting,omitempty"`
}

// ReadMarker reads a marker; a marker that cannot be decoded carries no
// event.
func ReadMarker(ctx context.Context, a archive.Archive, key string) (Marker, error) {
	b, _, err := archive.ReadAll(ctx, a, key)
	if err != nil {
		return Marker{}, err
	}
	var m Marker
	if json.Unmarshal(b, &m) != nil {
		m = Marker{ID: string(b)}
	}
	return m, nil
}

// Syncer applies revisions to the index and settles their markers.
type Syncer struct {
	archive archive.Archive
	index   search.Index
	events  *audit.Log
	now     func() time.Time
	log     *slog.Logger
	// staleAfter is how old a marker without its manifest must be before
	// it is taken for an abandoned write.
	staleAfter func() time.Duration
	wake       chan struct{}
}

// Options configure a Syncer.
type Options struct {
	Events *audit.Log
	Now    func() time.Time // default time.Now
	Log    *slog.Logger     // default slog.Default()
	// StaleAfter is how old a marker without its manifest must be before
	// it is taken for an abandoned write (the register's reclaim age).
	StaleAfter func() time.Duration
}

// New returns a syncer of index with the archive a.
func New(a archive.Archive, index search.Index, o Options) *Syncer {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Syncer{archive: a, index: index, events: o.Events, now: o.Now, log: o.Log, staleAfter: o.StaleAfter, wake: make(chan struct{}, 1)}
}

// Wake is signalled when a write was left to the retry loop.
func (y *Syncer) Wake() <-chan struct{} { return y.wake }

func (y *Syncer) poke() {
	select {
	case y.wake <- struct{}{}:
	default:
	}
}

// Finish completes a stored revision: its audit event, then its index
// entry; the marker goes once both are done, otherwise the retry loop
// finishes later.
func (y *Syncer) Finish(ctx context.Context, rec *record.Record, marker string, ev *audit.Pending) {
	if ev != nil {
		if err := y.events.Write(ctx, *ev); err != nil {
			y.log.Warn("audit event kept pending", "id", rec.ID, "err", err)
			y.poke()
			return
		}
	}
	y.Index(ctx, rec, marker)
}

// DropMarker removes a marker (already gone is fine).
func (y *Syncer) DropMarker(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := y.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		y.log.Warn("could not remove pending index marker", "key", key, "err", err)
	}
}

// Index applies a revision to the index and removes its marker. When the
// index is unreachable the marker stays and the retry loop tries again.
func (y *Syncer) Index(ctx context.Context, rec *record.Record, marker string) {
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := y.index.Upsert(ictx, rec.Entry()); err != nil {
		y.log.Warn("index unavailable, document kept pending", "id", rec.ID, "err", err)
		y.poke()
		return
	}
	y.DropMarker(marker)
}

// DocumentIDs lists the ids of every document in the archive, in key order.
func DocumentIDs(ctx context.Context, a archive.Archive) ([]string, error) {
	var ids []string
	err := a.Keys(ctx, archivekey.Docs, func(key string) error {
		id := archivekey.DocID(key)
		if len(ids) == 0 || ids[len(ids)-1] != id {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return ids, nil
}

// Apply indexes every revision that has a pending marker. It returns
// how many were applied, or on error how many remain.
func (y *Syncer) Apply(ctx context.Context) (int, error) {
	var keys []string
	created := map[string]time.Time{}
	err := y.archive.Walk(ctx, archivekey.Pending, func(o archive.ObjectInfo) error {
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
		id, markerRev, _ := archivekey.ParsePending(key)
		// A marker without its manifest is taken for an abandoned write
		// once it is as old as a reservation the reclaim pass settles.
		young := !created[key].IsZero() && y.now().Sub(created[key]) < y.staleAfter()
		p, perr := ReadMarker(ctx, y.archive, key)
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
		rec, err := record.Load(ctx, y.archive, id)
		switch {
		case errors.Is(err, record.ErrNotFound):
			// Either the write is still in progress (its request removes the
			// marker itself), or it never completed, or the draft was
			// deleted: once the marker is old enough, remove the entry if
			// any and the marker.
			if young {
				continue
			}
			err = nil
			if p.Deleting && p.Event != nil {
				err = y.events.Write(ctx, *p.Event)
			}
			if err == nil {
				err = y.index.Delete(ctx, id)
			}
		case err == nil && rec.Revision < markerRev && young:
			// The revision the marker announces is still being written.
			continue
		case err == nil:
			if rec.Revision == markerRev && p.Event != nil && !p.Deleting {
				// The revision is stored: its event is due.
				err = y.events.Write(ctx, *p.Event)
			}
			if err == nil {
				err = y.index.Upsert(ctx, rec.Entry())
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
		y.DropMarker(key)
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
func (y *Syncer) Reindex(ctx context.Context) (int, error) {
	if err := y.index.Reset(ctx); err != nil {
		return 0, fmt.Errorf("reindex: reset: %w", err)
	}
	order, err := DocumentIDs(ctx, y.archive)
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
		if err := y.index.Upsert(ctx, entries...); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		n += len(entries)
		entries = entries[:0]
		return nil
	}
	for _, id := range order {
		rec, err := record.Load(ctx, y.archive, id)
		if errors.Is(err, record.ErrNotFound) {
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

// A Chore is periodic maintenance that [Syncer.Run] does beside the
// retries, such as the register's reclaim pass.
type Chore struct {
	// Run does the work once; it returns how many things it settled.
	Run func(context.Context) (int, error)
	// Every is the least time between two runs, on the syncer's clock
	// (0: at every chore tick).
	Every time.Duration
	// Failed and Done are the log messages of a run that failed and of one
	// that settled something.
	Failed, Done string
}

// Schedule is what [Syncer.Run] does and how often.
type Schedule struct {
	// Retry is how often pending markers are applied while some remain.
	Retry time.Duration
	// Chores run at start and then every ChoreInterval (0: a minute), in
	// order.
	Chores        []Chore
	ChoreInterval time.Duration
}

// Run applies pending markers (and the audit events they carry) until ctx
// ends: once at start (reconciliation after a crash or an index outage)
// and then every sc.Retry while markers remain. It runs the chores at
// start and every sc.ChoreInterval.
func (y *Syncer) Run(ctx context.Context, sc Schedule) {
	last := make([]time.Time, len(sc.Chores))
	chores := func() {
		for i, c := range sc.Chores {
			if ctx.Err() != nil {
				return // shutting down: start no further chore
			}
			if c.Every > 0 {
				now := y.now()
				if now.Sub(last[i]) <= c.Every {
					continue
				}
				last[i] = now
			}
			if n, err := c.Run(ctx); err != nil {
				if ctx.Err() == nil {
					y.log.Warn(c.Failed, "err", err)
				}
			} else if n > 0 {
				y.log.Info(c.Done, "count", n)
			}
		}
	}
	chores()
	every := sc.ChoreInterval
	if every <= 0 {
		every = time.Minute
	}
	r := time.NewTicker(every)
	defer r.Stop()
	t := time.NewTicker(sc.Retry)
	defer t.Stop()
	for {
		if n, err := y.Apply(ctx); err != nil {
			if ctx.Err() == nil {
				y.log.Warn("pending index entries not applied yet", "remaining", n, "err", err)
			}
		} else if n > 0 {
			y.log.Info("pending index entries applied", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.C:
			if ctx.Err() != nil {
				return // a tick and the end came together: the end wins
			}
			chores()
		case <-t.C:
		case <-y.wake:
			// An index write just failed: wait one interval before retrying.
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}
}

// IndexLatest applies the latest revision of a document to the index (see
// [Syncer.Index]); a document that cannot be read is left as it is.
func (y *Syncer) IndexLatest(ctx context.Context, id string) {
	if rec, err := record.Load(ctx, y.archive, id); err == nil {
		y.Index(ctx, rec, archivekey.PendingMarker(id, rec.Revision))
	}
}
