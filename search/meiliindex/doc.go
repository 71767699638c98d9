// Package meiliindex is the Meilisearch [search.Index] driver, used when
// vanthu is configured with a Meilisearch URL. It needs Meilisearch 1.21 or
// later (federated search, đ → d folding, typoTolerance.disableOnNumbers).
//
// # Index design
//
// [Open] creates the index (primary key "id") and applies its settings on
// every start; applying unchanged settings is a no-op for Meilisearch.
//
//   - searchable, in this order: number_compact, number, title, issuer,
//     signer, type, body;
//   - filterable: number_key, cites, type_key, issuer_key, status_key, year,
//     secrecy, template, and type, issuer, status. Meilisearch's = on strings
//     folds case but not diacritics, so type, issuer and status are filtered
//     on folded copies (fold.String) while the display values are stored as
//     given; the display values are filterable only for facet counts;
//   - sortable: year, date_unix, id; ranking rules end with date_unix:desc, id:asc, so
//     ties in relevance and filter-only queries are ordered newest first;
//   - typo tolerance on (one typo from 5 letters, two from 9), off for numbers
//     and for number and number_compact;
//   - pagination.maxTotalHits 100000: totals and pages are exact up to that
//     many matches;
//   - faceting: up to 1000 values per facet, the most frequent first.
//
// Entry IDs that are valid Meilisearch document IDs (letters, digits, - and
// _, not starting with _) are used as they are; others are stored as "_"
// followed by their unpadded base64url form and decoded in hits.
//
// # Queries
//
// Full text uses matchingStrategy "all": every query word must match, as in
// the bleve driver. Meilisearch reads at most 10 query words. Every filter,
// secrecy <= MaxSecrecy included, is part of the Meilisearch filter.
//
// When [search.Query.TextNumberKey] is set, the entries with that number key
// are fetched first with a filter-only search, then a federated multi-search
// ranks the other matches: the compact number on number_compact (weight 2)
// and the normal full-text query (weight 1), both excluding the exact
// entries. Total is the count of the exact entries plus the federated
// result's count; Meilisearch 1.21 computes the latter from the union of
// the matching documents, so it is exact for the matching strategy used.
//
// # Facets
//
// With [search.Query.Facets] the search asks for the facet distribution of
// type, issuer, year and status. A number query adds the distribution of
// its exact-number search to that of the federated search
// (federation.facetsByIndex with mergeFacets), which Meilisearch computes
// over the same union of documents as the count, so each document is counted
// once; the two searches exclude each other. Meilisearch groups facet values
// that differ only in case; the driver then groups values the filters treat
// as equal (see [search.Result.Facets]).
//
// # Snippets
//
// [search.Hit.Snippet] is the body cropped to about 32 words around the
// best match ("…" where cut), HTML-escaped, with matched words wrapped in
// <mark>…</mark>; the start of the body without a match.
//
// # Connections
//
// Meilisearch 1.21 writes response headers and body separately without
// TCP_NODELAY; on a kept-alive connection the body then waits for the
// client's delayed ACK, about 40 ms on Linux, for any response larger than a
// few hundred bytes. On Linux the driver's connections set TCP_QUICKACK
// before each read, which removes that delay (measured: 48 ms → 7 ms for a
// filter-only page of 20 hits).
//
// # Errors
//
// Network failures, timeouts and 5xx answers are wrapped with
// [search.ErrUnavailable]; invalid search parameters with
// [search.ErrInvalidQuery]. Writes wait until Meilisearch has processed
// their task and report failed tasks as errors.
package meiliindex
