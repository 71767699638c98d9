package searchtest

import (
	"context"
	"testing"

	"vanthu/search"
)

// BenchmarkSize is the number of synthetic entries the search benchmarks
// index.
const BenchmarkSize = 10000

// BenchSearch loads SyntheticCorpus(BenchmarkSize) into idx in batches of
// 1000, then runs one sub-benchmark per query kind, and the same query with
// facet counts (name suffix "Facets"), and reports ms/op.
func BenchSearch(b *testing.B, idx search.Index) {
	ctx := context.Background()
	corpus := SyntheticCorpus(BenchmarkSize)
	for start := 0; start < len(corpus); start += 1000 {
		if err := idx.Upsert(ctx, corpus[start:min(start+1000, len(corpus))]...); err != nil {
			b.Fatalf("Upsert: %v", err)
		}
	}
	benchmarks := []struct {
		name string
		q    search.Query
	}{
		{"NumberKey", search.Query{NumberKey: Key(SyntheticNumber(623)), MaxSecrecy: search.SecrecyTuyetMat}},
		{"NumberAsText", numberQueryAll(SyntheticNumber(623))},
		{"Cites", search.Query{CitesKey: Key(SyntheticNumber(42)), MaxSecrecy: search.SecrecyTuyetMat}},
		{"Text", search.Query{Text: "ket luan doi moi"}},
		{"TextFiltered", search.Query{Text: "cong tac van thu", Year: 2020, Issuer: "tw"}},
		{"TextPage5", search.Query{Text: "dang uy", Page: 5}},
		{"FilterOnly", search.Query{Type: "QĐ", MaxSecrecy: search.SecrecyMat}},
	}
	for _, bm := range benchmarks {
		for _, withFacets := range []bool{false, true} {
			name, q := bm.name, bm.q
			if withFacets {
				name += "Facets"
				q.Facets = true
			}
			b.Run(name, func(b *testing.B) {
				var total int
				for b.Loop() {
					res, err := idx.Search(ctx, q)
					if err != nil {
						b.Fatalf("Search: %v", err)
					}
					if withFacets && res.Facets == nil {
						b.Fatal("Search: no facets")
					}
					total = res.Total
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
				b.ReportMetric(float64(total), "hits")
			})
		}
	}
}

// numberQueryAll is NumberQuery for a reader cleared for every level.
func numberQueryAll(display string) search.Query {
	q := NumberQuery(display)
	q.MaxSecrecy = search.SecrecyTuyetMat
	return q
}
