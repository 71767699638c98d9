package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/templates"
)

// TTL is how long an Idempotency-Key is remembered.
const TTL = 24 * time.Hour

// ValidKey reports whether key is acceptable: 1 to 255 visible ASCII
// characters.
func ValidKey(key string) bool {
	if key == "" || len(key) > 255 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// BusyError is returned for a key whose first request may still be
// running, or that another request is renewing: the client retries later.
type BusyError struct{ Message string }

func (e *BusyError) Error() string { return e.Message }

// entry is the content of idempotency/<hash>.
type entry struct {
	Request string    `json:"request"` // SHA-256 of what the request asked
	ID      string    `json:"id"`      // the document it creates or issues
	Created time.Time `json:"created"`
}

// Options configures a Store. Every field is optional.
type Options struct {
	// Now returns the current time (default time.Now); it is read at each
	// use, so tests may move it.
	Now func() time.Time
	// InFlight is how long after recording its key a first request may
	// still be running (the register's reclaim delay): a retry before then
	// is told to wait, a later one completes the request. Default 2 minutes.
	InFlight func() time.Duration
	// RetryWait is the first wait of archive.CreateOnce (0: its default).
	RetryWait func() time.Duration
	// Log receives the keys that could not be removed (default
	// slog.Default()).
	Log *slog.Logger
}

// Store keeps the records of Idempotency-Keys in an archive.
type Store struct {
	archive archive.Archive
	opts    Options
}

// New returns a store of key records in a.
func New(a archive.Archive, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.InFlight == nil {
		o.InFlight = func() time.Duration { return 2 * time.Minute }
	}
	if o.RetryWait == nil {
		o.RetryWait = func() time.Duration { return 0 }
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Store{archive: a, opts: o}
}

// Call is one request under an Idempotency-Key.
type Call struct {
	// Holder is who sent the request (the token holder): each has keys
	// of their own.
	Holder string
	// Scope names what the request does ("create", "issue <id>"); a key
	// is one request in one scope.
	Scope string
	// Key is the Idempotency-Key.
	Key string
	// ID is the document the request acts on; "" for a new one, which
	// gets an id here.
	ID string
	// Request is what the request asked; a retry must ask the same.
	Request []byte
	// Run performs the request for the document id; rerun is true when it
	// completes a first attempt that stopped.
	Run func(ctx context.Context, id string, rerun bool) (*record.Record, error)
	// Find returns the document id as the caller may see it: an error
	// wrapping record.ErrNotFound when there is none (yet).
	Find func(ctx context.Context, id string) (*record.Record, error)
	// Done reports whether a found document is the finished result.
	Done func(*record.Record) bool
	// Unsettled reports whether a failure of Run leaves its outcome
	// unknown; the key is then kept, so that a retry gets the result. A
	// failure wrapping archive.ErrUnavailable is always unsettled; any
	// other forgets the key, so that the client may send the request
	// again with it. Nil: only those.
	Unsettled func(error) bool
}

// Do runs c.Run once per holder, scope and key. replayed is true when the
// document comes from an earlier request with the same key.
func (s *Store) Do(ctx context.Context, c Call) (rec *record.Record, replayed bool, err error) {
	if !ValidKey(c.Key) {
		return nil, false, invalid("must be 1 to 255 visible ASCII characters")
	}
	h := sha256.Sum256([]byte(c.Holder + "\n" + c.Scope + "\n" + c.Key))
	rkey := archivekey.IdempotencyRecord(hex.EncodeToString(h[:]))
	rs := sha256.Sum256(c.Request)
	now := s.opts.Now().UTC()
	want := entry{Request: hex.EncodeToString(rs[:]), ID: c.ID, Created: now}
	if want.ID == "" {
		want.ID = record.NewID(now)
	}
	for attempt := 0; attempt < 2; attempt++ {
		b, err := json.Marshal(want)
		if err != nil {
			return nil, false, fmt.Errorf("idempotency key: encode: %w", err)
		}
		_, err = archive.CreateOnce(ctx, s.archive, rkey, b, archive.CreateOptions{ContentType: "application/json"}, s.opts.RetryWait())
		if err == nil {
			return s.run(ctx, c, rkey, want.ID, false)
		}
		if !errors.Is(err, archive.ErrExists) {
			return nil, false, fmt.Errorf("idempotency key: %w", err)
		}
		got, err := s.read(ctx, rkey)
		if errors.Is(err, archive.ErrNotFound) {
			continue // expired and removed meanwhile
		}
		if err != nil {
			return nil, false, err
		}
		if now.Sub(got.Created) > TTL {
			s.drop(rkey)
			continue
		}
		if got.Request != want.Request {
			return nil, false, invalid("was already used with a different request; use a new key for a new request")
		}
		rec, err := c.Find(ctx, got.ID)
		if err == nil && c.Done(rec) {
			return rec, true, nil
		}
		if err != nil && !errors.Is(err, record.ErrNotFound) {
			return nil, false, err
		}
		if now.Sub(got.Created) < s.opts.InFlight() {
			return nil, false, &BusyError{Message: "a request with this Idempotency-Key is still being processed; retry later"}
		}
		// The first request stopped before it finished (the service was
		// killed): run it again for the same document.
		return s.run(ctx, c, rkey, got.ID, true)
	}
	return nil, false, &BusyError{Message: "the Idempotency-Key is being renewed by another request; retry"}
}

// run runs the request; a definite failure forgets the key so that the
// client may send the request again with it.
func (s *Store) run(ctx context.Context, c Call, rkey, id string, rerun bool) (*record.Record, bool, error) {
	rec, err := c.Run(ctx, id, rerun)
	if err != nil && !errors.Is(err, archive.ErrUnavailable) && (c.Unsettled == nil || !c.Unsettled(err)) {
		s.drop(rkey)
	}
	return rec, false, err
}

func (s *Store) read(ctx context.Context, key string) (entry, error) {
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if err != nil {
		return entry{}, fmt.Errorf("idempotency key: %w", err)
	}
	var e entry
	if err := json.Unmarshal(b, &e); err != nil {
		return entry{}, fmt.Errorf("idempotency key %s: %w", key, err)
	}
	return e, nil
}

// drop removes a key record, also when the request's context has ended.
func (s *Store) drop(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		s.opts.Log.Warn("could not remove an idempotency key", "key", key, "err", err)
	}
}

// Expire removes the records of keys older than TTL and returns how many
// it removed.
func (s *Store) Expire(ctx context.Context) (int, error) {
	var old []string
	err := s.archive.Walk(ctx, archivekey.Idempotency, func(o archive.ObjectInfo) error {
		if !o.Created.IsZero() && s.opts.Now().Sub(o.Created) > TTL && strings.HasPrefix(o.Key, archivekey.Idempotency) {
			old = append(old, o.Key)
		}
		return nil
	})
	for _, k := range old {
		s.drop(k)
	}
	return len(old), err
}

func invalid(message string) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{{Path: "Idempotency-Key", Message: message}}}
}
