package meiliindex

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/meilisearch/meilisearch-go"
	"golang.org/x/text/unicode/norm"

	"vanthu/search"
	"vanthu/search/internal/facet"
)

// cropWords is the snippet length in words.
const cropWords = 32

// compactWeight is the federation weight of the compact-number query.
const compactWeight = 2

// hitAttributes are the stored attributes returned for each hit.
var hitAttributes = []string{"id", "number", "type", "issuer", "date", "title", "status"}

// facetAttributes are the attributes facet counts are asked for: the
// display values, and year. Their names are the facet names of
// search.Result.Facets.
var facetAttributes = facet.Names

// Search runs q; see the package documentation for the number-query flow.
func (x *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q = q.Normalize()
	var counts *facet.Counts
	if q.Facets {
		counts = facet.New()
	}
	result, err := x.search(ctx, q, counts)
	if err != nil {
		return search.Result{}, err
	}
	if counts != nil {
		result.Facets = counts.Result()
	}
	return result, nil
}

// search runs q, adding facet counts to counts unless it is nil.
func (x *Index) search(ctx context.Context, q search.Query, counts *facet.Counts) (search.Result, error) {
	filter := filterExpr(q)
	text := strings.TrimSpace(q.Text)

	if q.TextNumberKey == "" {
		hits, total, err := x.page(ctx, "search", text, filter, int64(q.Page), int64(q.PerPage), counts)
		if err != nil {
			return search.Result{}, err
		}
		return search.Result{Total: int(total), Hits: hits}, nil
	}

	offset, limit := (q.Page-1)*q.PerPage, q.PerPage
	keyFilter := "number_key = " + quote(q.TextNumberKey)

	// The entries with the number itself, newest first. They are few, so
	// fetching up to the end of the requested page is cheap.
	hits, total, err := x.page(ctx, "search number", "", filter+" AND "+keyFilter, 1, int64(offset+limit), counts)
	if err != nil {
		return search.Result{}, err
	}
	if offset < len(hits) {
		hits = hits[offset:]
	} else {
		hits = nil
	}
	result := search.Result{Total: int(total), Hits: hits}

	// Everything else, ranked by a federated search.
	restFilter := filter + " AND NOT " + keyFilter
	var queries []*meilisearch.SearchRequest
	if q.TextNumberCompact != "" {
		cq := x.request(restFilter)
		cq.IndexUID = x.uid
		cq.Query = q.TextNumberCompact
		cq.AttributesToSearchOn = []string{"number_compact"}
		cq.FederationOptions = &meilisearch.SearchFederationOptions{Weight: compactWeight}
		queries = append(queries, cq)
	}
	if text != "" {
		tq := x.request(restFilter)
		tq.IndexUID = x.uid
		tq.Query = text
		tq.FederationOptions = &meilisearch.SearchFederationOptions{Weight: 1}
		queries = append(queries, tq)
	}
	if len(queries) == 0 {
		return result, nil
	}
	restOffset := max(0, offset-result.Total)
	restLimit := limit - len(result.Hits)
	fed := &meilisearch.MultiSearchFederation{Offset: int64(restOffset), Limit: int64(max(restLimit, 1))}
	if counts != nil {
		// Meilisearch computes the facets of an index over the union of
		// the documents its queries match, like estimatedTotalHits, so a
		// document matched by both queries is counted once. The filter
		// excludes the exact entries, so the two searches add up.
		fed.FacetsByIndex = map[string][]string{x.uid: facetAttributes}
		fed.MergeFacets = &meilisearch.MultiSearchFederationMergeFacets{MaxValuesPerFacet: facet.MaxValues}
	}
	rest, err := x.client.MultiSearchWithContext(ctx, &meilisearch.MultiSearchRequest{Federation: fed, Queries: queries})
	if err != nil {
		return search.Result{}, x.fail(ctx, "search federated", err)
	}
	restHits, err := decodeHits(rest.Hits)
	if err != nil {
		return search.Result{}, err
	}
	if counts != nil {
		for name, raw := range rest.FacetDistribution {
			if err := addFacet(counts, name, raw); err != nil {
				return search.Result{}, err
			}
		}
	}
	if restLimit > 0 {
		result.Hits = append(result.Hits, restHits[:min(len(restHits), restLimit)]...)
	}
	result.Total += int(rest.EstimatedTotalHits)
	return result, nil
}

// page runs one search for text under filter, page page of perPage hits,
// adding its facet counts to counts unless it is nil; op names the search
// in errors. It returns the hits and the total.
func (x *Index) page(ctx context.Context, op, text, filter string, page, perPage int64, counts *facet.Counts) ([]search.Hit, int64, error) {
	req := x.request(filter)
	req.Page = page
	req.HitsPerPage = &perPage
	if counts != nil {
		req.Facets = facetAttributes
	}
	res, err := x.index.SearchWithContext(ctx, text, req)
	if err != nil {
		return nil, 0, x.fail(ctx, op, err)
	}
	hits, err := decodeHits(res.Hits)
	if err != nil {
		return nil, 0, err
	}
	if counts != nil {
		if err := addFacets(counts, res.FacetDistribution); err != nil {
			return nil, 0, err
		}
	}
	return hits, res.TotalHits, nil
}

// addFacets adds a facetDistribution object of a search response to counts.
func addFacets(counts *facet.Counts, raw json.RawMessage) error {
	if len(raw) == 0 {
		return nil
	}
	var dist map[string]json.RawMessage
	if err := json.Unmarshal(raw, &dist); err != nil {
		return fmt.Errorf("meiliindex: decode facet distribution: %w", err)
	}
	for name, values := range dist {
		if err := addFacet(counts, name, values); err != nil {
			return err
		}
	}
	return nil
}

// addFacet adds the value counts of one facet to counts.
func addFacet(counts *facet.Counts, name string, raw json.RawMessage) error {
	var values map[string]int
	if err := json.Unmarshal(raw, &values); err != nil {
		return fmt.Errorf("meiliindex: decode facet %q: %w", name, err)
	}
	for value, n := range values {
		counts.Add(name, value, n)
	}
	return nil
}

// request returns a search request with the common options: filter,
// matching strategy "all", attributes, crop and highlight of the body.
func (x *Index) request(filter string) *meilisearch.SearchRequest {
	return &meilisearch.SearchRequest{
		Filter:                filter,
		MatchingStrategy:      meilisearch.All,
		AttributesToRetrieve:  hitAttributes,
		AttributesToCrop:      []string{"body"},
		CropLength:            cropWords,
		CropMarker:            "…",
		AttributesToHighlight: []string{"body"},
		HighlightPreTag:       preTag,
		HighlightPostTag:      postTag,
	}
}

// filterExpr is the Meilisearch filter for every filter of q, secrecy
// included.
func filterExpr(q search.Query) string {
	parts := []string{fmt.Sprintf("secrecy <= %d", q.MaxSecrecy)}
	add := func(attr, value string) {
		if value != "" {
			parts = append(parts, attr+" = "+quote(value))
		}
	}
	add("number_key", strings.TrimSpace(q.NumberKey))
	add("cites", strings.TrimSpace(q.CitesKey))
	add("type_key", codeKey(q.Type))
	add("issuer_key", codeKey(q.Issuer))
	add("status_key", codeKey(q.Status))
	if q.Year != 0 {
		parts = append(parts, fmt.Sprintf("year = %d", q.Year))
	}
	return strings.Join(parts, " AND ")
}

// quote makes s a double-quoted filter value.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// hitDoc is the part of a Meilisearch hit the driver reads.
type hitDoc struct {
	ID        string `json:"id"`
	Number    string `json:"number"`
	Type      string `json:"type"`
	Issuer    string `json:"issuer"`
	Date      string `json:"date"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Formatted struct {
		Body string `json:"body"`
	} `json:"_formatted"`
}

func decodeHits(in meilisearch.Hits) ([]search.Hit, error) {
	out := make([]search.Hit, 0, len(in))
	for _, h := range in {
		var d hitDoc
		if err := h.DecodeInto(&d); err != nil {
			return nil, fmt.Errorf("meiliindex: decode hit: %w", err)
		}
		out = append(out, search.Hit{
			ID:      entryID(d.ID),
			Number:  norm.NFC.String(d.Number),
			Type:    d.Type,
			Issuer:  d.Issuer,
			Date:    d.Date,
			Title:   norm.NFC.String(d.Title),
			Snippet: snippet(d.Formatted.Body),
			Status:  d.Status,
		})
	}
	return out, nil
}

// snippet turns a cropped, highlighted body into the snippet format: NFC,
// HTML-escaped, matches in <mark>…</mark>.
func snippet(formatted string) string {
	s := html.EscapeString(norm.NFC.String(strings.ToValidUTF8(formatted, "")))
	return strings.NewReplacer(preTag, "<mark>", postTag, "</mark>").Replace(s)
}
