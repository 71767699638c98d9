package meiliindex_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"vanthu/search"
	"vanthu/search/meiliindex"
	"vanthu/search/searchtest"
)

// indexSeq makes index names unique within a test binary run.
var indexSeq atomic.Int64

func open(t *testing.T, srv *searchtest.MeiliServer) *meiliindex.Index {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := fmt.Sprintf("vanthu_test_%d", indexSeq.Add(1))
	idx, err := meiliindex.Open(ctx, meiliindex.Options{URL: srv.URL(), APIKey: srv.Key(), Index: name})
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() {
		if err := idx.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return idx
}

func TestConformance(t *testing.T) {
	srv := searchtest.StartMeilisearch(t)
	searchtest.Run(t, func(t *testing.T) search.Index { return open(t, srv) })
}

// TestUnavailable stops the server under an open index: every call must
// fail with search.ErrUnavailable, and work again once the server is back.
func TestUnavailable(t *testing.T) {
	srv := searchtest.StartMeilisearch(t)
	idx := open(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	corpus := searchtest.Corpus()
	if err := idx.Upsert(ctx, corpus[:2]...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}

	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Search(ctx, search.Query{Text: "dang"}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Search while stopped: %v, want ErrUnavailable", err)
	}
	if _, err := idx.Search(ctx, searchtest.NumberQuery("124-QĐ/TW")); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("number Search while stopped: %v, want ErrUnavailable", err)
	}
	if err := idx.Upsert(ctx, corpus[2]); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Upsert while stopped: %v, want ErrUnavailable", err)
	}
	if err := idx.Delete(ctx, "a"); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Delete while stopped: %v, want ErrUnavailable", err)
	}
	if err := idx.Ping(ctx); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Ping while stopped: %v, want ErrUnavailable", err)
	}
	if _, err := meiliindex.Open(ctx, meiliindex.Options{URL: srv.URL(), APIKey: srv.Key(), Index: "other"}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Open while stopped: %v, want ErrUnavailable", err)
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Ping(ctx); err != nil {
		t.Fatalf("Ping after restart: %v", err)
	}
	if err := idx.Upsert(ctx, corpus[2]); err != nil {
		t.Fatalf("Upsert after restart: %v", err)
	}
	res, err := idx.Search(ctx, search.Query{})
	if err != nil {
		t.Fatalf("Search after restart: %v", err)
	}
	if res.Total != 3 {
		t.Errorf("Search after restart: total %d, want 3 (data kept across the restart)", res.Total)
	}
}

func TestWrongKey(t *testing.T) {
	srv := searchtest.StartMeilisearch(t)
	_, err := meiliindex.Open(context.Background(), meiliindex.Options{URL: srv.URL(), APIKey: "wrong", Index: "x"})
	if err == nil || errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Open with a wrong key: %v, want an error that is not ErrUnavailable", err)
	}
}

// TestIDs stores IDs that are not valid Meilisearch document IDs.
func TestIDs(t *testing.T) {
	srv := searchtest.StartMeilisearch(t)
	idx := open(t, srv)
	ctx := context.Background()
	ids := []string{"2025/167-TB-TU", "_leading", "có dấu", "plain-id_1"}
	var entries []search.Entry
	for i, id := range ids {
		e := searchtest.Corpus()[i]
		e.ID = id
		entries = append(entries, e)
	}
	if err := idx.Upsert(ctx, entries...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	res, err := idx.Search(ctx, search.Query{PerPage: 10})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	got := make(map[string]bool)
	for _, h := range res.Hits {
		got[h.ID] = true
	}
	for _, id := range ids {
		if !got[id] {
			t.Errorf("ID %q not returned; got %v", id, got)
		}
	}
	if err := idx.Delete(ctx, ids...); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if res, err := idx.Search(ctx, search.Query{}); err != nil || res.Total != 0 {
		t.Errorf("after Delete: %+v, %v; want nothing", res, err)
	}
}

// TestReopen opens an existing index again: settings are re-applied without
// error and the documents stay.
func TestReopen(t *testing.T) {
	srv := searchtest.StartMeilisearch(t)
	ctx := context.Background()
	opts := meiliindex.Options{URL: srv.URL() + "/", APIKey: srv.Key(), Index: "reopen"}
	first, err := meiliindex.Open(ctx, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := first.Upsert(ctx, searchtest.Corpus()...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	first.Close()
	second, err := meiliindex.Open(ctx, opts)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer second.Close()
	res, err := second.Search(ctx, search.Query{Text: "ket luan"})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if res.Total != 2 {
		t.Errorf("Search after reopen: total %d, want 2", res.Total)
	}
}
