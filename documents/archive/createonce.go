package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// WriteAttempts bounds the retries of one [CreateOnce] (about 15 seconds
// with the backoff), long enough to ride over an S3 server restart.
const WriteAttempts = 10

// CreateOnce is Create that resolves an unknown outcome by retrying: a
// write that fails in transit (ErrUnavailable) is sent again for a few
// seconds, first after wait (0: 100 ms) and then twice as long each time
// up to 2 seconds, and finding exactly the same bytes already there counts
// as written (an earlier attempt succeeded without its answer arriving).
// Different bytes there give ErrExists.
func CreateOnce(ctx context.Context, a Archive, key string, data []byte, opts CreateOptions, wait time.Duration) (ObjectInfo, error) {
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])
	var err error
	if wait == 0 {
		wait = 100 * time.Millisecond
	}
	for attempt := 0; ; attempt++ {
		var info ObjectInfo
		info, err = a.Create(ctx, key, data, opts)
		if errors.Is(err, ErrExists) {
			existing, serr := a.Stat(ctx, key)
			if serr == nil && existing.SHA256 == want {
				return existing, nil
			}
			if serr != nil && !errors.Is(serr, ErrNotFound) {
				err = serr // unknown: retry below
			} else {
				return info, err
			}
		}
		if err == nil || !errors.Is(err, ErrUnavailable) || attempt >= WriteAttempts {
			return info, err
		}
		select {
		case <-ctx.Done():
			return info, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}
