package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bolterrors "go.etcd.io/bbolt/errors"

	"vanthu/search"
)

// metaFile is the file bleve writes at the root of every index directory.
const metaFile = "index_meta.json"

// errClosed is returned by every method after Close.
var errClosed = fmt.Errorf("bleveindex: index is closed: %w", search.ErrUnavailable)

// Index is a bleve index in one directory. It is safe for concurrent use.
type Index struct {
	dir string

	mu       sync.RWMutex // guards the fields below; Reset and Close hold it exclusively
	idx      bleve.Index
	analyzer analysis.Analyzer
	facets   bool // the mapping has the facet fields (see hasFacetFields)
	combined bool // the mapping has the combined facet field (see hasCombinedFacets)
	idSort   bool // the mapping has the ID with doc values (see hasIDSort)
}

var _ search.Index = (*Index)(nil)

// ErrInUse is returned by Open when another process has the index open: an
// embedded index belongs to one process at a time.
var ErrInUse = errors.New("the index is in use by another process (a running vanthu serve?); stop it first")

// lockTimeout is how long Open waits for another process to release the
// index.
var lockTimeout = 3 * time.Second

// Open opens the index in dir, creating it (and dir) when dir holds no index
// yet. The directory belongs to the index: Reset deletes and recreates it.
func Open(dir string) (*Index, error) {
	idx, err := openOrCreate(dir)
	if err != nil {
		return nil, err
	}
	x := &Index{dir: dir}
	if err := x.attach(idx); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return x, nil
}

func openOrCreate(dir string) (bleve.Index, error) {
	_, err := os.Stat(filepath.Join(dir, metaFile))
	switch {
	case err == nil:
		idx, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("bleveindex: open %s: %w", dir, ErrInUse)
		}
		if err != nil {
			return nil, fmt.Errorf("bleveindex: open %s: %w", dir, err)
		}
		return idx, nil
	case errors.Is(err, os.ErrNotExist):
		m, err := newMapping()
		if err != nil {
			return nil, err
		}
		idx, err := bleve.New(dir, m)
		if err != nil {
			return nil, fmt.Errorf("bleveindex: create %s: %w", dir, err)
		}
		return idx, nil
	default:
		return nil, fmt.Errorf("bleveindex: open %s: %w", dir, err)
	}
}

// attach makes idx the live index; the caller holds mu or owns x.
func (x *Index) attach(idx bleve.Index) error {
	an := idx.Mapping().AnalyzerNamed(analyzerName)
	if an == nil {
		return fmt.Errorf("bleveindex: index in %s has no analyzer %q; rebuild it (vanthu reindex)", x.dir, analyzerName)
	}
	x.idx, x.analyzer, x.facets = idx, an, hasFacetFields(idx.Mapping())
	x.combined = x.facets && hasCombinedFacets(idx.Mapping())
	x.idSort = hasIDSort(idx.Mapping())
	return nil
}

// Upsert indexes entries, replacing entries with the same ID. The entries are
// searchable when Upsert returns.
func (x *Index) Upsert(ctx context.Context, entries ...search.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	return x.batch(ctx, "upsert", func(b *bleve.Batch) error {
		for i, e := range entries {
			if e.ID == "" {
				return fmt.Errorf("bleveindex: upsert: entry %d has no ID", i)
			}
			if err := b.Index(e.ID, document(e)); err != nil {
				return fmt.Errorf("bleveindex: upsert %q: %w", e.ID, err)
			}
		}
		return nil
	})
}

// Delete removes entries by ID; unknown IDs are ignored.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	return x.batch(ctx, "delete", func(b *bleve.Batch) error {
		for _, id := range ids {
			b.Delete(id)
		}
		return nil
	})
}

// batch applies one batch of changes that fill adds, under the read lock;
// op names the operation in errors.
func (x *Index) batch(ctx context.Context, op string, fill func(b *bleve.Batch) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bleveindex: %s: %w", op, err)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return errClosed
	}
	b := x.idx.NewBatch()
	if err := fill(b); err != nil {
		return err
	}
	if err := x.idx.Batch(b); err != nil {
		return fmt.Errorf("bleveindex: %s: %w", op, err)
	}
	return nil
}

// Reset removes every entry by deleting the index directory and creating an
// empty index in its place.
func (x *Index) Reset(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bleveindex: reset: %w", err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return errClosed
	}
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("bleveindex: reset: close: %w", err)
	}
	x.idx, x.analyzer, x.facets, x.combined, x.idSort = nil, nil, false, false, false
	if err := os.RemoveAll(x.dir); err != nil {
		return fmt.Errorf("bleveindex: reset: remove %s: %w", x.dir, err)
	}
	idx, err := openOrCreate(x.dir)
	if err != nil {
		return fmt.Errorf("bleveindex: reset: %w", err)
	}
	if err := x.attach(idx); err != nil {
		_ = idx.Close()
		return err
	}
	return nil
}

// Ping reports whether the index is open and readable.
func (x *Index) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bleveindex: ping: %w", err)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return errClosed
	}
	if _, err := x.idx.DocCount(); err != nil {
		return fmt.Errorf("bleveindex: ping: %w: %w", search.ErrUnavailable, err)
	}
	return nil
}

// Close closes the index. Later calls return errors that match
// [search.ErrUnavailable]; closing twice is not an error.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx, x.analyzer, x.facets, x.combined, x.idSort = nil, nil, false, false, false
	if err != nil {
		return fmt.Errorf("bleveindex: close: %w", err)
	}
	return nil
}
