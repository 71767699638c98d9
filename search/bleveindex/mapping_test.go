package bleveindex

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"vanthu/search"
	"vanthu/search/internal/facet"
	"vanthu/search/searchtest"
)

// TestIndexWithoutFacetFields opens an index created with the mapping from
// before facet counts (type, issuer and status stored only, no year_facet):
// searches work, facet searches fail with a hint to rebuild, and Reset
// (what vanthu reindex does first) brings the facet fields.
func TestIndexWithoutFacetFields(t *testing.T) {
	dir := t.TempDir()
	m, err := newMapping()
	if err != nil {
		t.Fatalf("newMapping: %v", err)
	}
	for _, f := range []string{fieldType, fieldIssuer, fieldStatus} {
		old := bleve.NewTextFieldMapping()
		old.Index, old.Store, old.IncludeTermVectors, old.IncludeInAll, old.DocValues = false, true, false, false, false
		m.DefaultMapping.Properties[f].Fields = nil
		m.DefaultMapping.AddFieldMappingsAt(f, old)
	}
	delete(m.DefaultMapping.Properties, fieldYearFacet)
	if hasFacetFields(m) {
		t.Fatal("hasFacetFields of the old mapping = true")
	}
	old, err := bleve.New(dir, m)
	if err != nil {
		t.Fatalf("bleve.New: %v", err)
	}
	if err := old.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	ctx := context.Background()
	idx, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer idx.Close()
	if err := idx.Upsert(ctx, searchtest.Corpus()...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	res, err := idx.Search(ctx, search.Query{Text: "ket luan"})
	if err != nil || res.Total != 2 {
		t.Fatalf("Search without facets: %d hits, %v; want 2", res.Total, err)
	}
	if _, err := idx.Search(ctx, search.Query{Text: "ket luan", Facets: true}); err == nil || !strings.Contains(err.Error(), "vanthu reindex") {
		t.Fatalf("Search with facets: %v, want an error that asks for vanthu reindex", err)
	}

	if err := idx.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if !idx.combined || !idx.idSort {
		t.Errorf("after Reset: combined %v, idSort %v; want both", idx.combined, idx.idSort)
	}
	if err := idx.Upsert(ctx, searchtest.Corpus()...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	res, err = idx.Search(ctx, search.Query{Text: "ket luan", Facets: true})
	if err != nil {
		t.Fatalf("Search with facets after Reset: %v", err)
	}
	if got := res.Facets[search.FacetYear]; len(got) != 2 || got["2021"] != 1 || got["2023"] != 1 {
		t.Errorf("year facet after Reset: %v, want 2021 and 2023 once each", got)
	}
}

func TestNewMappingHasFacetFields(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatalf("newMapping: %v", err)
	}
	if !hasFacetFields(m) {
		t.Error("hasFacetFields(newMapping()) = false")
	}
}

// TestFastPathsMatchOriginal runs searches on one index with each of the
// cheaper ways of counting facets (one combined field) and of breaking ties
// (the ID's doc values) switched on and off: the results, facet counts
// included, are the same as with per-field facets and bleve's own ID sort,
// which is what indexes created before those fields use.
func TestFastPathsMatchOriginal(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatalf("newMapping: %v", err)
	}
	delete(m.DefaultMapping.Properties, fieldFacets)
	delete(m.DefaultMapping.Properties, fieldIDSort)
	if !hasFacetFields(m) || hasCombinedFacets(m) || hasIDSort(m) {
		t.Fatal("the mapping before the combined facet and ID sort fields: want facet fields only")
	}

	ctx := context.Background()
	idx, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer idx.Close()
	if !idx.combined || !idx.idSort {
		t.Fatalf("new index: combined %v, idSort %v; want both", idx.combined, idx.idSort)
	}
	if err := idx.Upsert(ctx, searchtest.SyntheticCorpus(1500)...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	run := func(q search.Query, combined, idSort bool) search.Result {
		idx.mu.Lock()
		idx.combined, idx.idSort = combined, idSort
		idx.mu.Unlock()
		res, err := idx.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%+v) combined %v idSort %v: %v", q, combined, idSort, err)
		}
		return res
	}
	for _, q := range []search.Query{
		{Text: "ket luan doi moi", MaxSecrecy: search.SecrecyTuyetMat},
		{Text: "dang uy", Page: 3},
		{Text: "cong tac van thu", Year: 2020, Issuer: "tw", MaxSecrecy: search.SecrecyMat},
		{Type: "QĐ", MaxSecrecy: search.SecrecyMat},
		{MaxSecrecy: search.SecrecyToiMat, PerPage: 50, Page: 2},
		{Text: "khong co tu nay"},
	} {
		q.Facets = true
		want := run(q, false, false)
		if q.Text != "khong co tu nay" && len(want.Facets[search.FacetYear]) == 0 {
			t.Errorf("Search(%+v): no year facet; the comparison proves nothing", q)
		}
		for _, c := range [][2]bool{{true, false}, {false, true}, {true, true}} {
			if got := run(q, c[0], c[1]); !reflect.DeepEqual(got, want) {
				t.Errorf("Search(%+v) combined %v idSort %v:\n got  %+v\n want %+v", q, c[0], c[1], got, want)
			}
		}
	}
}

// TestSplitCombined keeps facet.MaxValues values of each facet, the most
// frequent first, whatever the other facets hold.
func TestSplitCombined(t *testing.T) {
	var terms []*bsearch.TermFacet
	for i := range facet.MaxValues + 5 {
		terms = append(terms, &bsearch.TermFacet{Term: search.FacetIssuer + facetSep + fmt.Sprintf("I%04d", i), Count: 2})
	}
	terms = append(terms, &bsearch.TermFacet{Term: search.FacetYear + facetSep + "2024", Count: 1})
	counts := facet.New()
	splitCombined(counts, terms)
	res := counts.Result()
	if got := len(res[search.FacetIssuer]); got != facet.MaxValues {
		t.Errorf("issuer values = %d, want %d", got, facet.MaxValues)
	}
	if got := res[search.FacetYear]["2024"]; got != 1 {
		t.Errorf("year 2024 = %d, want 1", got)
	}
}
