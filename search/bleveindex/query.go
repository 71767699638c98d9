package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"

	"vanthu/search"
	"vanthu/search/internal/facet"
)

// textFields are the fields full text searches, with their boosts: every
// query term must match at least one of them.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldTitle, 3},
	{fieldNumber, 2},
	{fieldBody, 1},
	{fieldSigner, 1},
	{fieldTypeKey, 1},
	{fieldIssuerKey, 1},
}

// compactBoost lifts entries whose compact number equals the query's compact
// form above plain full-text matches.
const compactBoost = 10

// Search runs q. Without TextNumberKey it is one bleve search. With it, the
// entries whose number key equals TextNumberKey are fetched first (newest
// first) and the full-text hits, minus those entries, follow; Total is the
// sum of both counts. Facet counts, when asked for, come from term facets
// of the same searches, so they cover exactly the entries Total counts.
func (x *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	if err := ctx.Err(); err != nil {
		return search.Result{}, fmt.Errorf("bleveindex: search: %w", err)
	}
	q = q.Normalize()
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return search.Result{}, errClosed
	}
	var counts *facet.Counts
	if q.Facets {
		if !x.facets {
			return search.Result{}, fmt.Errorf("bleveindex: search: index in %s has no facet fields; rebuild it (vanthu reindex)", x.dir)
		}
		counts = facet.New()
	}
	result, err := x.searchLocked(ctx, q, counts)
	if err != nil {
		return search.Result{}, err
	}
	if counts != nil {
		result.Facets = counts.Result()
	}
	return result, nil
}

// searchLocked runs q, adding facet counts to counts unless it is nil; the
// caller holds mu.
func (x *Index) searchLocked(ctx context.Context, q search.Query, counts *facet.Counts) (search.Result, error) {
	offset, limit := (q.Page-1)*q.PerPage, q.PerPage
	filter := filterQuery(q)
	text := textQuery(x.analyzer, q.Text)

	if q.TextNumberKey == "" {
		total, hits, err := x.run(ctx, boolQuery(text, filter, nil), text, offset, limit, counts)
		if err != nil {
			return search.Result{}, err
		}
		return search.Result{Total: total, Hits: hits}, nil
	}

	numberKey := termQuery(fieldNumberKey, q.TextNumberKey, 1)
	exactFilter := query.NewConjunctionQuery([]query.Query{filter, numberKey})
	exactTotal, exactHits, err := x.run(ctx, boolQuery(nil, exactFilter, nil), nil, offset, limit, counts)
	if err != nil {
		return search.Result{}, err
	}
	result := search.Result{Total: exactTotal, Hits: exactHits}
	var alternatives []query.Query
	if text != nil {
		alternatives = append(alternatives, text)
	}
	if q.TextNumberCompact != "" {
		alternatives = append(alternatives, termQuery(fieldNumberCompact, q.TextNumberCompact, compactBoost))
	}
	if len(alternatives) == 0 {
		return result, nil
	}
	match := query.NewDisjunctionQuery(alternatives)
	restOffset := max(0, offset-exactTotal)
	restLimit := limit - len(exactHits)
	// The exclusion keeps the two searches disjoint, so their totals and
	// facet counts add up without counting an entry twice.
	restTotal, restHits, err := x.run(ctx, boolQuery(match, filter, numberKey), match, restOffset, restLimit, counts)
	if err != nil {
		return search.Result{}, err
	}
	result.Total += restTotal
	result.Hits = append(result.Hits, restHits...)
	return result, nil
}

// run executes one search and returns its total and hits. match is the
// scoring part of qq (nil for filter-only searches); when set, hits are
// sorted by score, then date descending, otherwise by date descending. The
// document ID breaks ties so that pages never overlap. Unless counts is nil,
// the search also counts the facet values of every match into it.
func (x *Index) run(ctx context.Context, qq, match query.Query, offset, limit int, counts *facet.Counts) (int, []search.Hit, error) {
	req := bleve.NewSearchRequestOptions(qq, limit, offset, false)
	req.Fields = hitFields
	if counts != nil {
		if x.combined {
			// One field holds every facet's values: one doc value lookup
			// per match instead of one per facet. No size limit here;
			// splitCombined keeps facet.MaxValues per facet.
			req.AddFacet(fieldFacets, bleve.NewFacetRequest(fieldFacets, math.MaxInt32))
		} else {
			for name, field := range facetFields {
				req.AddFacet(name, bleve.NewFacetRequest(field, facet.MaxValues))
			}
		}
	}
	order := bsearch.SortOrder{
		&bsearch.SortField{Field: fieldDate, Desc: true, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast},
		x.idOrder(),
	}
	if match != nil {
		order = append(bsearch.SortOrder{&bsearch.SortScore{Desc: true}}, order...)
	} else {
		// Without term matches the snippet is the start of the body, which
		// costs no term vectors: highlight in the same search.
		req.Highlight = snippetRequest()
	}
	req.SortByCustom(order)
	res, err := x.search(ctx, req)
	if err != nil {
		return 0, nil, err
	}
	if counts != nil {
		addFacets(counts, res.Facets)
	}
	hits := toHits(res)
	if match != nil && len(hits) > 0 {
		if err := x.addSnippets(ctx, match, hits); err != nil {
			return 0, nil, err
		}
	}
	return int(res.Total), hits, nil
}

// idOrder is the last sort key: the document ID, ascending. The doc values
// of fieldIDSort hold it in the same bytes; reading them costs far less
// than the stored document bleve loads to sort by the ID itself.
func (x *Index) idOrder() bsearch.SearchSort {
	if x.idSort {
		return &bsearch.SortField{Field: fieldIDSort, Type: bsearch.SortFieldAsString, Missing: bsearch.SortFieldMissingLast}
	}
	return &bsearch.SortDocID{}
}

// addFacets adds the term facets of one search to counts.
func addFacets(counts *facet.Counts, results bsearch.FacetResults) {
	for name, fr := range results {
		if fr == nil {
			continue
		}
		if name == fieldFacets {
			splitCombined(counts, fr.Terms.Terms())
			continue
		}
		for _, tf := range fr.Terms.Terms() {
			counts.Add(name, tf.Term, tf.Count)
		}
	}
}

// splitCombined adds the counts of the combined facet field to counts,
// keeping the facet.MaxValues most frequent values of each facet. terms
// come sorted by count descending, then term ascending, which within one
// facet's prefix is the order a term facet of that facet's own field
// would trim in: the counts are the same as with one term facet per field.
func splitCombined(counts *facet.Counts, terms []*bsearch.TermFacet) {
	kept := make(map[string]int, len(facet.Names))
	for _, tf := range terms {
		name, value, ok := strings.Cut(tf.Term, facetSep)
		if !ok || kept[name] >= facet.MaxValues {
			continue
		}
		kept[name]++
		counts.Add(name, value, tf.Count)
	}
}

// addSnippets highlights the page's hits in a second, small search: asking
// for highlights in the main search would make bleve read term locations for
// every match instead of only for the page.
func (x *Index) addSnippets(ctx context.Context, match query.Query, hits []search.Hit) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), match})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Highlight = snippetRequest()
	res, err := x.search(ctx, req)
	if err != nil {
		return err
	}
	snippets := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		snippets[h.ID] = snippetOf(h)
	}
	for i := range hits {
		hits[i].Snippet = snippets[hits[i].ID]
	}
	return nil
}

func snippetRequest() *bleve.HighlightRequest {
	h := bleve.NewHighlightWithStyle(highlighterName)
	h.AddField(fieldBody)
	return h
}

func (x *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("bleveindex: search: %w", ctxErr)
		}
		if errors.Is(err, bleve.ErrorIndexClosed) {
			return nil, fmt.Errorf("bleveindex: search: %w: %w", search.ErrUnavailable, err)
		}
		return nil, fmt.Errorf("bleveindex: search: %w", err)
	}
	return res, nil
}

// boolQuery combines a scoring query (nil: filter only), a filter that does
// not change scores, and an optional exclusion. The filter joins the scoring
// query in a conjunction, so that a selective filter drives the search
// instead of being checked against every text match.
func boolQuery(must, filter, mustNot query.Query) query.Query {
	q := query.Query(unscored{filter})
	if must != nil {
		q = query.NewConjunctionQuery([]query.Query{must, q})
	}
	if mustNot == nil {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q}, nil, []query.Query{mustNot})
}

// unscored wraps a query whose matches must not affect scores: its searcher
// computes no scores (they are 0) and no term vectors.
type unscored struct{ query.Query }

// Searcher builds the wrapped query's searcher without scoring.
func (u unscored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.Score = "none"
	options.IncludeTermVectors = false
	options.Explain = false
	return u.Query.Searcher(ctx, r, m, options)
}

// filterQuery holds every filter of q, secrecy included.
func filterQuery(q search.Query) query.Query {
	maxSecrecy, incl := float64(q.MaxSecrecy), true
	secrecy := query.NewNumericRangeInclusiveQuery(nil, &maxSecrecy, nil, &incl)
	secrecy.SetField(fieldSecrecy)
	filters := []query.Query{secrecy}
	add := func(field, value string) {
		if value != "" {
			filters = append(filters, termQuery(field, value, 1))
		}
	}
	add(fieldNumberKey, strings.TrimSpace(q.NumberKey))
	add(fieldCites, strings.TrimSpace(q.CitesKey))
	add(fieldTypeKey, codeKey(q.Type))
	add(fieldIssuerKey, codeKey(q.Issuer))
	add(fieldStatusKey, codeKey(q.Status))
	if q.Year != 0 {
		year := float64(q.Year)
		yq := query.NewNumericRangeInclusiveQuery(&year, &year, &incl, &incl)
		yq.SetField(fieldYear)
		filters = append(filters, yq)
	}
	return query.NewConjunctionQuery(filters)
}

// textQuery is the AND-across-fields query for Vietnamese text, or nil when
// the text has no terms. Each distinct term must match one of textFields; a
// phrase match on title or body adds to the score.
func textQuery(an analysis.Analyzer, text string) query.Query {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	seen := make(map[string]bool)
	var terms []query.Query
	for _, tok := range an.Analyze([]byte(text)) {
		term := string(tok.Term)
		if seen[term] {
			continue
		}
		seen[term] = true
		alts := make([]query.Query, 0, len(textFields))
		for _, f := range textFields {
			alts = append(alts, termQuery(f.name, term, f.boost))
		}
		terms = append(terms, query.NewDisjunctionQuery(alts))
	}
	if len(terms) == 0 {
		return nil
	}
	var phrases []query.Query
	if len(terms) > 1 {
		for _, f := range []struct {
			name  string
			boost float64
		}{{fieldTitle, 2}} {
			pq := query.NewMatchPhraseQuery(text)
			pq.SetField(f.name)
			pq.SetBoost(f.boost)
			phrases = append(phrases, pq)
		}
	}
	return query.NewBooleanQuery([]query.Query{query.NewConjunctionQuery(terms)}, phrases, nil)
}

func termQuery(field, term string, boost float64) query.Query {
	tq := query.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

// toHits converts bleve hits; text is returned in NFC.
func toHits(res *bleve.SearchResult) []search.Hit {
	out := make([]search.Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, search.Hit{
			ID:      h.ID,
			Number:  norm.NFC.String(stringField(h, fieldNumber)),
			Type:    stringField(h, fieldType),
			Issuer:  stringField(h, fieldIssuer),
			Date:    stringField(h, fieldDate),
			Title:   norm.NFC.String(stringField(h, fieldTitle)),
			Snippet: snippetOf(h),
			Status:  stringField(h, fieldStatus),
		})
	}
	return out
}

func snippetOf(h *bsearch.DocumentMatch) string {
	if frags := h.Fragments[fieldBody]; len(frags) > 0 {
		return cleanSnippet(frags[0])
	}
	return ""
}

func stringField(h *bsearch.DocumentMatch, field string) string {
	s, _ := h.Fields[field].(string)
	return s
}

// cleanSnippet returns the fragment in NFC, dropping combining marks left
// without a base letter where the fragmenter cut a decomposed (NFD) character.
func cleanSnippet(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, ""))
	var b strings.Builder
	b.Grow(len(s))
	prevLetter := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) && !prevLetter {
			continue
		}
		b.WriteRune(r)
		prevLetter = unicode.IsLetter(r) || (prevLetter && unicode.Is(unicode.Mn, r))
	}
	return b.String()
}
