package bleveindex

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"vanthu/search"
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
