package meiliindex_test

import (
	"context"
	"testing"

	"vanthu/search/meiliindex"
	"vanthu/search/searchtest"
)

func BenchmarkSearch(b *testing.B) {
	srv := searchtest.StartMeilisearch(b)
	idx, err := meiliindex.Open(context.Background(), meiliindex.Options{URL: srv.URL(), APIKey: srv.Key(), Index: "bench"})
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	defer idx.Close()
	searchtest.BenchSearch(b, idx)
}
