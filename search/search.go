// Package search defines the index seam of vanthu: the [Index] interface that
// every index driver implements, the entries it stores and the queries it
// answers. The index is always derived from the archive and can be rebuilt
// from it at any time (vanthu reindex).
//
// Drivers:
//   - search/bleveindex: embedded bleve index under the data directory (default).
//   - search/meiliindex: Meilisearch, chosen when VANTHU_MEILI_URL is set.
//
// Every driver runs the conformance suite in search/searchtest.
package search

import (
	"context"
	"errors"

	"vanthu/documents/secrecy"
)

// Errors returned by drivers; callers test them with errors.Is.
var (
	// ErrUnavailable means the index engine could not be reached. Writes that
	// fail with it are retried later from the durable pending queue.
	ErrUnavailable = errors.New("search: index unavailable")
	// ErrInvalidQuery means the query could not be executed as given.
	ErrInvalidQuery = errors.New("search: invalid query")
)

// Secrecy levels (see package secrecy), ordered: a reader with clearance c
// sees entries with Secrecy <= c.
const (
	SecrecyNone     = secrecy.None     // not secret
	SecrecyMat      = secrecy.Mat      // MẬT
	SecrecyToiMat   = secrecy.ToiMat   // TỐI MẬT
	SecrecyTuyetMat = secrecy.TuyetMat // TUYỆT MẬT
)

// Entry is one document as the index stores it. All text is NFC.
type Entry struct {
	ID            string        `json:"id"`
	Number        string        `json:"number"`         // display form, "167-TB/TU"; empty for drafts without a number
	NumberKey     string        `json:"number_key"`     // citation search key, "167-tb/tu"
	NumberCompact string        `json:"number_compact"` // fold.Compact of Number, "167TBTU"
	Type          string        `json:"type"`           // type code, "TB"
	Issuer        string        `json:"issuer"`         // issuer code, "TU"
	Year          int           `json:"year"`           // year of the document date
	Date          string        `json:"date"`           // YYYY-MM-DD
	Title         string        `json:"title"`          // trích yếu
	Body          string        `json:"body"`           // full visible text
	Cites         []string      `json:"cites"`          // citation search keys found in the text
	Secrecy       secrecy.Level `json:"secrecy"`
	Status        string        `json:"status"` // "draft" or "issued"
	Template      string        `json:"template"`
	Signer        string        `json:"signer"`
}

// Query selects entries. Empty fields do not filter.
type Query struct {
	// Text is Vietnamese full text, matched accent-insensitively (đ = d).
	Text string
	// TextNumberKey and TextNumberCompact are set (by ParseQuery in the caller)
	// when Text itself is a document number: the entry with that number must
	// rank first.
	TextNumberKey     string
	TextNumberCompact string
	NumberKey         string // exact filter on Entry.NumberKey
	CitesKey          string // entries whose Cites contains this key
	Type              string // exact type code, case-insensitive
	Issuer            string // exact issuer code, case-insensitive
	Year              int
	Status            string
	// MaxSecrecy hides every entry with Secrecy above it. It is always
	// applied; the zero value shows only non-secret entries.
	MaxSecrecy secrecy.Level
	Page       int // 1-based; 0 means 1
	PerPage    int // 0 means 20
	// Facets asks for facet counts in Result.Facets. They cost extra work
	// in the engine, so drivers compute them only when it is set.
	Facets bool
}

// Facet names, the keys of Result.Facets.
const (
	FacetType   = "type"   // Entry.Type
	FacetIssuer = "issuer" // Entry.Issuer
	FacetYear   = "year"   // Entry.Year as a decimal string, "2019"
	FacetStatus = "status" // Entry.Status
)

// Result is one page of hits and the total count of matching entries.
type Result struct {
	Total int   `json:"total"`
	Hits  []Hit `json:"hits"`
	// Facets holds facet counts when Query.Facets was set and is nil
	// otherwise. It then has exactly the keys FacetType, FacetIssuer,
	// FacetYear and FacetStatus, each mapping a value to the number of
	// entries that have it (a map with no values when nothing matched).
	//
	// The counts are over every entry the query matches, the same entries
	// Total counts, not only the page: every filter applies, MaxSecrecy
	// included, so entries hidden from the reader are never counted, and a
	// number-like query (TextNumberKey set) counts the exact-number entries
	// together with the text matches, each entry once.
	//
	// Values are the display values stored in the entries ("QĐ", "ĐU",
	// "issued"), years as decimal strings ("2019"). Values that the filters
	// of Query treat as equal (type, issuer and status compare case- and
	// accent-insensitively, ignoring surrounding spaces) are counted together
	// under one of their spellings, so a value's count is the Total of
	// the same query with that value added as a filter. Empty values and
	// year 0 are not counted, so a facet's counts can add up to less than
	// Total. Each facet holds at most its 1000 most frequent values.
	Facets map[string]map[string]int `json:"facets,omitempty"`
}

// Hit is one matching entry as shown in a result list.
//
// Snippet is a short excerpt of the body as an HTML fragment: the text is
// HTML-escaped, matched words are wrapped in <mark>…</mark> and "…" marks
// where the body was cut. Without a text match it is the start of the body.
type Hit struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	Type    string `json:"type"`
	Issuer  string `json:"issuer"`
	Date    string `json:"date"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
	Status  string `json:"status,omitempty"`
}

// Index is the contract every index driver fulfils.
//
// Upsert must make the entries visible to Search before it returns
// (read-after-write). Delete of an unknown id is not an error. Search applies
// every filter of the query, including MaxSecrecy, inside the engine so that
// neither Total nor the facet counts ever count hidden entries. Ordering:
// when TextNumberKey is set the entry with that number comes first;
// otherwise by relevance, then by date descending; filter-only queries are
// ordered by date descending.
type Index interface {
	Upsert(ctx context.Context, entries ...Entry) error
	Delete(ctx context.Context, ids ...string) error
	Search(ctx context.Context, q Query) (Result, error)
	// Reset removes every entry (used by reindex before a rebuild).
	Reset(ctx context.Context) error
	// Ping reports ErrUnavailable when the engine cannot be reached.
	Ping(ctx context.Context) error
	Close() error
}

// Normalize fills in paging defaults and caps PerPage at 100.
func (q Query) Normalize() Query {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = 20
	}
	if q.PerPage > 100 {
		q.PerPage = 100
	}
	return q
}
