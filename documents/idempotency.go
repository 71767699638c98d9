package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/record"
)

// Idempotency keys (the Idempotency-Key header of the IETF httpapi draft)
// make creating and issuing safe to retry: the first request with a key
// records, before anything else, a fingerprint of its body and the id of
// the document it makes; a retry with the same key and body returns that
// document instead of making a second one, and the same key with another
// body is refused. Records live in the archive, so a retry after a crash
// of the service is answered the same way, and expire after a day.

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// idempotencyRecord is the content of idempotency/<hash>.
type idempotencyRecord struct {
	Request string    `json:"request"` // SHA-256 of what the request asked
	ID      string    `json:"id"`      // the document it creates or issues
	Created time.Time `json:"created"`
}

// ValidIdempotencyKey reports whether key is acceptable: 1 to 255 visible
// ASCII characters.
func ValidIdempotencyKey(key string) bool {
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

// fixedIDKey carries the id a create must use (an idempotent retry).
type fixedIDKey struct{}

func fixedID(ctx context.Context) string {
	id, _ := ctx.Value(fixedIDKey{}).(string)
	return id
}

// CreateIdempotent is Create under an Idempotency-Key. replayed is true
// when the document comes from an earlier request with the same key.
func (s *Service) CreateIdempotent(ctx context.Context, key string, req CreateRequest) (rec *Record, replayed bool, err error) {
	fp, err := json.Marshal(req)
	if err != nil {
		return nil, false, fmt.Errorf("create documents: encode the request: %w", err)
	}
	return s.idempotent(ctx, "create", key, fixedID(ctx), fp, func(ctx context.Context, id string, rerun bool) (*Record, error) {
		return s.Create(context.WithValue(ctx, fixedIDKey{}, id), req)
	}, func(r *Record) bool { return !req.Issue || r.Status == StatusIssued })
}

// IssueIdempotent is Issue under an Idempotency-Key.
func (s *Service) IssueIdempotent(ctx context.Context, key, id string) (rec *Record, replayed bool, err error) {
	return s.idempotent(ctx, "issue "+id, key, id, []byte(id), func(ctx context.Context, _ string, _ bool) (*Record, error) {
		return s.Issue(ctx, id)
	}, func(r *Record) bool { return r.Status == StatusIssued })
}

// idempotent runs do once per (actor, scope, key) for the document id (""
// for a new one): done tells whether a document found under the recorded
// id is the finished result.
func (s *Service) idempotent(ctx context.Context, scope, key, id string, request []byte, do func(ctx context.Context, id string, rerun bool) (*Record, error), done func(*Record) bool) (*Record, bool, error) {
	actor := ActorFrom(ctx)
	if !actor.Can(RoleClerk) {
		// Nothing is recorded for someone who may create nothing.
		return nil, false, fmt.Errorf("create documents: %w", ErrForbidden)
	}
	if !ValidIdempotencyKey(key) {
		return nil, false, invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters")
	}
	h := sha256.Sum256([]byte(actor.Name + "\n" + scope + "\n" + key))
	rkey := archivekey.IdempotencyRecord(hex.EncodeToString(h[:]))
	rs := sha256.Sum256(request)
	now := s.opts.Now().UTC()
	want := idempotencyRecord{Request: hex.EncodeToString(rs[:]), ID: id, Created: now}
	if want.ID == "" {
		want.ID = record.NewID(now)
	}
	for attempt := 0; attempt < 2; attempt++ {
		b, err := json.Marshal(want)
		if err != nil {
			return nil, false, fmt.Errorf("idempotency key: encode: %w", err)
		}
		_, err = s.createOnce(ctx, rkey, b, archive.CreateOptions{ContentType: "application/json"})
		if err == nil {
			return s.runIdempotent(ctx, rkey, want.ID, false, do)
		}
		if !errors.Is(err, archive.ErrExists) {
			return nil, false, fmt.Errorf("idempotency key: %w", err)
		}
		got, err := s.readIdempotency(ctx, rkey)
		if errors.Is(err, archive.ErrNotFound) {
			continue // expired and removed meanwhile
		}
		if err != nil {
			return nil, false, err
		}
		if now.Sub(got.Created) > IdempotencyTTL {
			s.dropIdempotency(rkey)
			continue
		}
		if got.Request != want.Request {
			return nil, false, invalid("Idempotency-Key", "was already used with a different request; use a new key for a new request")
		}
		rec, err := s.Get(ctx, got.ID)
		if err == nil && done(rec) {
			return rec, true, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
		if now.Sub(got.Created) < s.book.ReclaimAfter() {
			return nil, false, &ConflictError{Message: "a request with this Idempotency-Key is still being processed; retry later"}
		}
		// The first request stopped before it finished (the service was
		// killed): run it again for the same document.
		return s.runIdempotent(ctx, rkey, got.ID, true, do)
	}
	return nil, false, &ConflictError{Message: "the Idempotency-Key is being renewed by another request; retry"}
}

// runIdempotent runs the request; a definite failure forgets the key so
// that the client may send the request again with it.
func (s *Service) runIdempotent(ctx context.Context, rkey, id string, rerun bool, do func(context.Context, string, bool) (*Record, error)) (*Record, bool, error) {
	rec, err := do(ctx, id, rerun)
	if err != nil && !errors.Is(err, ErrPending) && !errors.Is(err, archive.ErrUnavailable) {
		s.dropIdempotency(rkey)
	}
	return rec, false, err
}

func (s *Service) readIdempotency(ctx context.Context, key string) (idempotencyRecord, error) {
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if err != nil {
		return idempotencyRecord{}, fmt.Errorf("idempotency key: %w", err)
	}
	var r idempotencyRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return idempotencyRecord{}, fmt.Errorf("idempotency key %s: %w", key, err)
	}
	return r, nil
}

func (s *Service) dropIdempotency(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.archive.Delete(ctx, key); err != nil && !errors.Is(err, archive.ErrNotFound) {
		s.log.Warn("could not remove an idempotency key", "key", key, "err", err)
	}
}

// ExpireIdempotencyKeys removes the records of keys older than
// IdempotencyTTL and returns how many it removed.
func (s *Service) ExpireIdempotencyKeys(ctx context.Context) (int, error) {
	var old []string
	err := s.archive.Walk(ctx, archivekey.Idempotency, func(o archive.ObjectInfo) error {
		if !o.Created.IsZero() && s.opts.Now().Sub(o.Created) > IdempotencyTTL && strings.HasPrefix(o.Key, archivekey.Idempotency) {
			old = append(old, o.Key)
		}
		return nil
	})
	for _, k := range old {
		s.dropIdempotency(k)
	}
	return len(old), err
}
