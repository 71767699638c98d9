package meiliindex

import (
	"encoding/json"
	"maps"
	"testing"

	"vanthu/search"
	"vanthu/search/internal/facet"
)

func TestDocID(t *testing.T) {
	tests := []struct {
		id    string
		plain bool
	}{
		{"abc-123_X", true},
		{"2025/167-TB-TU", false},
		{"_x", false},
		{"có dấu", false},
		{"a.b", false},
	}
	for _, tc := range tests {
		got, err := docID(tc.id)
		if err != nil {
			t.Fatalf("docID(%q): %v", tc.id, err)
		}
		if (got == tc.id) != tc.plain {
			t.Errorf("docID(%q) = %q, plain = %v", tc.id, got, tc.plain)
		}
		if !plainID(got) && got[0] != '_' {
			t.Errorf("docID(%q) = %q is not a valid Meilisearch ID", tc.id, got)
		}
		if back := entryID(got); back != tc.id {
			t.Errorf("entryID(docID(%q)) = %q", tc.id, back)
		}
	}
	if _, err := docID(""); err == nil {
		t.Error("docID of an empty ID: want an error")
	}
}

func TestFilterExpr(t *testing.T) {
	tests := []struct {
		q    search.Query
		want string
	}{
		{search.Query{}, "secrecy <= 0"},
		{search.Query{MaxSecrecy: 2, Year: 2021}, "secrecy <= 2 AND year = 2021"},
		{search.Query{NumberKey: "124-qd/tw", Type: "QĐ", Issuer: " ĐU "}, `secrecy <= 0 AND number_key = "124-qd/tw" AND type_key = "qd" AND issuer_key = "du"`},
		{search.Query{CitesKey: `a"b\c`, Status: "Draft"}, `secrecy <= 0 AND cites = "a\"b\\c" AND status_key = "draft"`},
	}
	for _, tc := range tests {
		if got := filterExpr(tc.q); got != tc.want {
			t.Errorf("filterExpr(%+v) = %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…" + preTag + "Kết" + postTag + " <b>luận</b> & co…", "…<mark>Kết</mark> &lt;b&gt;luận&lt;/b&gt; &amp; co…"},
		{"ke\u0302\u0301t", "kết"},
		{"bad \xff byte", "bad  byte"},
	}
	for _, tc := range tests {
		if got := snippet(tc.in); got != tc.want {
			t.Errorf("snippet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := stripMarkers("a" + preTag + "b" + postTag); got != "ab" {
		t.Errorf("stripMarkers = %q", got)
	}
}

func TestAddFacets(t *testing.T) {
	tests := []struct {
		name string
		raw  []string // facetDistribution objects of successive searches
		want map[string]map[string]int
	}{
		{"none", nil, map[string]map[string]int{"type": {}, "issuer": {}, "year": {}, "status": {}}},
		{"null", []string{`null`}, map[string]map[string]int{"type": {}, "issuer": {}, "year": {}, "status": {}}},
		{
			"grouped and summed",
			[]string{
				`{"type":{"QĐ":2,"QD":1},"issuer":{"ĐU":1},"year":{"2019":1,"0":3},"status":{}}`,
				`{"type":{"TB":1},"year":{"2019":2}}`,
			},
			map[string]map[string]int{"type": {"QĐ": 3, "TB": 1}, "issuer": {"ĐU": 1}, "year": {"2019": 3}, "status": {}},
		},
	}
	for _, tc := range tests {
		counts := facet.New()
		for _, raw := range tc.raw {
			if err := addFacets(counts, json.RawMessage(raw)); err != nil {
				t.Fatalf("%s: addFacets(%s): %v", tc.name, raw, err)
			}
		}
		got := counts.Result()
		if !maps.EqualFunc(got, tc.want, func(a, b map[string]int) bool { return maps.Equal(a, b) }) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, raw := range []string{`[]`, `{"type":{"QĐ":"x"}}`} {
		if err := addFacets(facet.New(), json.RawMessage(raw)); err == nil {
			t.Errorf("addFacets(%s): want an error", raw)
		}
	}
}
