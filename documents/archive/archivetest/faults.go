package archivetest

import (
	"context"
	"fmt"
	"io"
	"sync"

	"vanthu/documents/archive"
)

// ErrInjected is the cause of every error a [Faulty] archive makes up. It
// is reported as the archive being unavailable: the outcome a client sees
// when the connection breaks or the server answers 5xx.
var ErrInjected = fmt.Errorf("%w: injected fault", archive.ErrUnavailable)

// Fault makes the writes (Create) of the keys it matches fail.
type Fault struct {
	// Match chooses the keys.
	Match func(key string) bool
	// AfterWrite performs the write and then returns the error, as when
	// the answer is lost; otherwise the write fails before anything is
	// stored.
	AfterWrite bool
	// Times is how many writes fail; 0 means every one.
	Times int
	// BlindStat also makes Stat of the matched keys fail for as long as
	// the fault has uses left, so that a write cannot be settled by
	// reading it back that way.
	BlindStat bool
}

// Faulty wraps an archive and makes chosen writes fail. It is safe for
// concurrent use.
type Faulty struct {
	archive.Archive

	mu       sync.Mutex
	faults   []Fault
	used     []int
	Injected int // faults injected so far
}

// NewFaulty wraps a with the given faults.
func NewFaulty(a archive.Archive, faults ...Fault) *Faulty {
	return &Faulty{Archive: a, faults: faults, used: make([]int, len(faults))}
}

// Create applies the first fault that matches key and still has uses left.
func (f *Faulty) Create(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	fault, ok := f.take(key)
	if !ok {
		return f.Archive.Create(ctx, key, data, opts)
	}
	if !fault.AfterWrite {
		return archive.ObjectInfo{}, fmt.Errorf("create %q: %w", key, ErrInjected)
	}
	if _, err := f.Archive.Create(ctx, key, data, opts); err != nil {
		return archive.ObjectInfo{}, err
	}
	return archive.ObjectInfo{}, fmt.Errorf("create %q (stored): %w", key, ErrInjected)
}

func (f *Faulty) take(key string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, fault := range f.faults {
		if fault.Match(key) && (fault.Times == 0 || f.used[i] < fault.Times) {
			f.used[i]++
			f.Injected++
			return fault, true
		}
	}
	return Fault{}, false
}

// Stat fails for the keys of an active fault with BlindStat.
func (f *Faulty) Stat(ctx context.Context, key string) (archive.ObjectInfo, error) {
	f.mu.Lock()
	blind := false
	for i, fault := range f.faults {
		if fault.BlindStat && fault.Match(key) && (fault.Times == 0 || f.used[i] < fault.Times) {
			blind = true
		}
	}
	f.mu.Unlock()
	if blind {
		return archive.ObjectInfo{}, fmt.Errorf("stat %q: %w", key, ErrInjected)
	}
	return f.Archive.Stat(ctx, key)
}

// OpenVersion passes through to the wrapped archive when it keeps versions.
func (f *Faulty) OpenVersion(ctx context.Context, key, versionID string) (io.ReadCloser, archive.ObjectInfo, error) {
	return archive.OpenVersion(ctx, f.Archive, key, versionID)
}
