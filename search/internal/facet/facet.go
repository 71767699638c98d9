// Package facet turns the facet counts that index drivers read from their
// engines into [search.Result.Facets], so that every driver groups, labels
// and filters values the same way.
package facet

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/search"
	"vanthu/search/fold"
)

// MaxValues is the number of distinct values per facet a driver asks its
// engine for: the most frequent ones are kept.
const MaxValues = 1000

// Names are the facets every result with facets has, in a stable order.
var Names = []string{search.FacetType, search.FacetIssuer, search.FacetYear, search.FacetStatus}

// Counts accumulates facet counts, possibly from several engine searches
// over disjoint sets of entries. The zero value is not usable; call [New].
type Counts struct {
	facets map[string]map[string]*group // facet name → group key → group
}

// group is one value as the filters see it, with the spellings it was
// reported under.
type group struct {
	total     int
	spellings map[string]int
}

// New returns empty counts.
func New() *Counts {
	c := &Counts{facets: make(map[string]map[string]*group, len(Names))}
	for _, name := range Names {
		c.facets[name] = make(map[string]*group)
	}
	return c
}

// Add counts n entries whose facet has value. Unknown facet names, empty
// values, year 0 and non-positive n are ignored. Type, issuer and status
// values are grouped by their filter form (folded, trimmed); years are
// normalised to decimal integers ("2019.0" → "2019").
func (c *Counts) Add(facet, value string, n int) {
	groups, ok := c.facets[facet]
	if !ok || n <= 0 {
		return
	}
	label := norm.NFC.String(strings.TrimSpace(value))
	key := fold.String(label)
	if facet == search.FacetYear {
		year, ok := yearLabel(label)
		if !ok {
			return
		}
		label, key = year, year
	}
	if key == "" {
		return
	}
	g := groups[key]
	if g == nil {
		g = &group{spellings: make(map[string]int, 1)}
		groups[key] = g
	}
	g.total += n
	g.spellings[label] += n
}

// yearLabel returns the decimal form of a year value, or false for year 0
// and values that are not whole numbers.
func yearLabel(v string) (string, bool) {
	if n, err := strconv.Atoi(v); err == nil {
		return strconv.Itoa(n), n != 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || f == 0 || math.Abs(f) > math.MaxInt32 {
		return "", false
	}
	return strconv.Itoa(int(f)), true
}

// Result returns the counts in the form of [search.Result.Facets]: every
// facet of [Names] present, each group under its most frequent spelling
// (ties go to the spelling that sorts first).
func (c *Counts) Result() map[string]map[string]int {
	out := make(map[string]map[string]int, len(c.facets))
	for name, groups := range c.facets {
		values := make(map[string]int, len(groups))
		for _, g := range groups {
			values[g.label()] = g.total
		}
		out[name] = values
	}
	return out
}

func (g *group) label() string {
	best, bestN := "", -1
	for s, n := range g.spellings {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best
}
