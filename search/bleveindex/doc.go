// Package bleveindex is the embedded [search.Index] driver: a bleve (scorch)
// index in a directory under vanthu's data directory. It needs no server and
// is the default when no Meilisearch URL is configured.
//
// # Analysis
//
// Vietnamese text (title, body, number, signer) is analysed with the unicode
// tokenizer, then lower-cased, then folded by the token filter registered as
// [FoldFilterName]: đ/Đ → d, NFD, combining marks dropped, NFC. The filter
// rewrites only the term and keeps the byte offsets of the original text, so
// highlights point at the original spelling and NFC and NFD input index the
// same terms. "ket luan" finds "kết luận", "dang" finds "Đảng" and the other
// way round.
//
// Citation keys (number_key, cites) and the compact number are keyword fields
// queried with term queries. Type, issuer and status codes are indexed folded
// and lower-cased (type_key, issuer_key, status_key), so their filters are
// case- and accent-insensitive. Year and secrecy are numeric; the document
// date (YYYY-MM-DD) is a keyword field used for sorting.
//
// # Facets
//
// The display values of type, issuer and status are stored keyword fields
// with doc values, and year_facet holds the year as a decimal string, so
// that [search.Result.Facets] comes from bleve term facets on these four
// fields, requested only when [search.Query.Facets] is set. The facets are
// computed in the same search as the hits and Total, over every match; for
// number queries the two searches are disjoint and their counts add up.
// Indexes created before these fields existed still open and search, but a
// facet search on them fails until they are rebuilt (vanthu reindex).
//
// The four facets are counted from one more keyword field with doc values,
// facets, which holds each of them as name, U+001F, value: one doc value
// lookup per match instead of four. Its term facet is split back per facet,
// keeping as many values of each as the separate facets would, in the same
// order, so the counts do not change. Indexes created before it count the
// four fields separately, more slowly, until rebuilt.
//
// # Ranking
//
// Full text is an AND query across fields: every query term must occur in at
// least one of title (boost 3), number (boost 2), body, signer, type or issuer.
// Entries whose title contains the whole query as a phrase score higher. Ties
// are broken by date, newest first, then by document ID, read from the doc
// values of id_sort rather than from every match's stored document (indexes
// created before that field sort by the stored ID, with the same order).
// Highlights are computed in a second search
// limited to the page's hits, so broad queries do not pay for term locations
// of every match. When [search.Query.TextNumberKey] is set,
// the entries with that number key are looked up first and always precede the
// full-text hits (which then also match the compact number form); the two
// lists are merged page by page so Total stays exact.
//
// # Snippets
//
// [search.Hit.Snippet] is one fragment of about 160 characters of the body,
// HTML-escaped, with the matched words wrapped in <mark>…</mark> and "…" where
// the body was cut. Without a text match it is the start of the body.
package bleveindex
