package facet

import (
	"maps"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanthu/search"
)

type add struct {
	facet, value string
	n            int
}

func TestCounts(t *testing.T) {
	tests := []struct {
		name string
		adds []add
		want map[string]map[string]int
	}{
		{
			name: "empty",
			want: map[string]map[string]int{"type": {}, "issuer": {}, "year": {}, "status": {}},
		},
		{
			name: "display values kept",
			adds: []add{{"type", "QĐ", 2}, {"type", "TB", 1}, {"issuer", "ĐU", 3}, {"status", "issued", 4}},
			want: map[string]map[string]int{"type": {"QĐ": 2, "TB": 1}, "issuer": {"ĐU": 3}, "year": {}, "status": {"issued": 4}},
		},
		{
			name: "filter-equal values grouped under the most frequent spelling",
			adds: []add{{"type", "QĐ", 2}, {"type", "QD", 1}, {"type", " qđ ", 1}, {"issuer", "du", 1}, {"issuer", "ĐU", 1}, {"issuer", norm.NFD.String("ĐU"), 1}},
			want: map[string]map[string]int{"type": {"QĐ": 4}, "issuer": {"ĐU": 3}, "year": {}, "status": {}},
		},
		{
			name: "tie goes to the spelling that sorts first",
			adds: []add{{"type", "QĐ", 1}, {"type", "QD", 1}},
			want: map[string]map[string]int{"type": {"QD": 2}, "issuer": {}, "year": {}, "status": {}},
		},
		{
			name: "several searches add up",
			adds: []add{{"year", "2019", 1}, {"year", "2019", 2}, {"year", "2021.0", 1}, {"year", "2021", 1}},
			want: map[string]map[string]int{"type": {}, "issuer": {}, "year": {"2019": 3, "2021": 2}, "status": {}},
		},
		{
			name: "ignored",
			adds: []add{{"year", "0", 5}, {"year", "0.0", 1}, {"year", "20.5", 1}, {"year", "x", 1}, {"type", "", 1}, {"type", "  ", 1}, {"status", "draft", 0}, {"signer", "A", 1}},
			want: map[string]map[string]int{"type": {}, "issuer": {}, "year": {}, "status": {}},
		},
	}
	for _, tc := range tests {
		c := New()
		for _, a := range tc.adds {
			c.Add(a.facet, a.value, a.n)
		}
		got := c.Result()
		if !equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	want := []string{search.FacetType, search.FacetIssuer, search.FacetYear, search.FacetStatus}
	got := New().Result()
	if len(got) != len(want) {
		t.Fatalf("Result has %d facets, want %d", len(got), len(want))
	}
	for _, name := range want {
		if values, ok := got[name]; !ok || values == nil {
			t.Errorf("facet %q missing or nil", name)
		}
	}
}

func equal(a, b map[string]map[string]int) bool {
	return maps.EqualFunc(a, b, func(x, y map[string]int) bool { return maps.Equal(x, y) })
}
