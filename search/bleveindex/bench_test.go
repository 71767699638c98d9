package bleveindex_test

import (
	"testing"

	"vanthu/search/bleveindex"
	"vanthu/search/searchtest"
)

func BenchmarkSearch(b *testing.B) {
	idx, err := bleveindex.Open(b.TempDir())
	if err != nil {
		b.Fatalf("Open: %v", err)
	}
	defer idx.Close()
	searchtest.BenchSearch(b, idx)
}
