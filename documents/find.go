package documents

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"vanthu/documents/citation"
	"vanthu/search"
	"vanthu/search/fold"

	"golang.org/x/text/unicode/norm"
)

// SearchParams are the query parameters of GET /api/v1/documents, parsed
// by the caller (the API, the web pages). A zero Year, Page or PerPage was
// not given: any year, the first page, the default page size.
type SearchParams struct {
	Q, Number, Cites, Type, Issuer, Status string
	Year, Page, PerPage                    int
	// Facets adds counts by type, issuer, year and status.
	Facets bool
}

// Ranges of the numeric search parameters.
const (
	MinSearchYear, MaxSearchYear = 1930, 9999
	MaxSearchPage                = 100000
	MaxPerPage                   = 100
)

// maxQueryLen bounds free-text queries (runes).
const maxQueryLen = 500

// Query validates params and turns them into an index query for the actor:
// document numbers are normalised with the citation grammar, and the actor's
// clearance and role always restrict the result.
func (p SearchParams) Query(a Actor) (search.Query, error) {
	q := search.Query{MaxSecrecy: a.Clearance}
	ve := &ValidationError{}
	bad := func(path, format string, args ...any) {
		ve.Fields = append(ve.Fields, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	text := strings.TrimSpace(norm.NFC.String(p.Q))
	if utf8.RuneCountInString(text) > maxQueryLen {
		bad("q", "is longer than %d characters", maxQueryLen)
	}
	q.Text = text
	if ref, ok := citation.Parse(text); ok && isNumberQuery(text, ref) {
		q.TextNumberKey = ref.Key
		q.TextNumberCompact = fold.Compact(ref.Display)
	}
	if p.Number != "" {
		ref, ok := citation.Parse(p.Number)
		if !ok {
			bad("number", "%q is not a document number (expected e.g. 167-TB/TU or 30/2020/NĐ-CP)", p.Number)
		}
		q.NumberKey = ref.Key
	}
	if p.Cites != "" {
		ref, ok := citation.Parse(p.Cites)
		if !ok {
			bad("cites", "%q is not a document number (expected e.g. 28-CT/TW)", p.Cites)
		}
		q.CitesKey = ref.Key
	}
	q.Type = strings.TrimSpace(p.Type)
	q.Issuer = strings.TrimSpace(p.Issuer)
	if len(q.Type) > 20 {
		bad("type", "is not a type code (e.g. TB, BC)")
	}
	if len(q.Issuer) > 40 {
		bad("issuer", "is not an issuer code (e.g. TU)")
	}
	intParam := func(name string, n, min, max int) int {
		if n != 0 && (n < min || n > max) {
			bad(name, "must be an integer between %d and %d, got %q", min, max, strconv.Itoa(n))
			return 0
		}
		return n
	}
	q.Year = intParam("year", p.Year, MinSearchYear, MaxSearchYear)
	q.Page = intParam("page", p.Page, 1, MaxSearchPage)
	q.PerPage = intParam("per_page", p.PerPage, 1, MaxPerPage)
	q.Facets = p.Facets
	switch Status(p.Status) {
	case "", StatusIssued, StatusDraft:
		q.Status = p.Status
	default:
		bad("status", "must be %q or %q", StatusDraft, StatusIssued)
	}
	if !a.Can(RoleClerk) {
		if Status(q.Status) == StatusDraft {
			bad("status", "drafts are visible to clerks only")
		}
		q.Status = string(StatusIssued)
	}
	if len(ve.Fields) > 0 {
		return search.Query{}, ve
	}
	return q.Normalize(), nil
}

// isNumberQuery reports whether the text is essentially the number alone
// (optionally with a type word and "số"), not a sentence mentioning it.
func isNumberQuery(text string, ref citation.Ref) bool {
	rest := fold.String(text)
	rest = strings.Replace(rest, fold.String(ref.Raw), "", 1)
	rest = strings.Replace(rest, fold.String(ref.TypeWord), "", 1)
	rest = strings.TrimSpace(strings.Trim(strings.TrimSpace(rest), "sốo:"))
	rest = strings.TrimSpace(strings.TrimPrefix(rest, "so"))
	return len(rest) <= 3
}

// SearchResult is a page of hits, with numbers worth trying when a number
// search found nothing.
type SearchResult struct {
	search.Result
	// Suggestions are document numbers of the twin series that do have
	// documents, e.g. "37-QĐ/TW" for a search of "37-QĐi/TW" (Quy định of
	// the Politburo use QĐ, those of committees QĐi), or the resolutions of
	// a plenum.
	Suggestions []string `json:"suggestions,omitempty"`
}

// Search runs a query for the actor of ctx.
func (s *Service) Search(ctx context.Context, p SearchParams) (SearchResult, error) {
	q, err := p.Query(ActorFrom(ctx))
	if err != nil {
		return SearchResult{}, err
	}
	res, err := s.index.Search(ctx, q)
	if err != nil {
		return SearchResult{}, fmt.Errorf("search: %w", err)
	}
	if res.Hits == nil {
		res.Hits = []search.Hit{}
	}
	out := SearchResult{Result: res}
	if res.Total == 0 && (q.NumberKey != "" || q.CitesKey != "") {
		out.Suggestions = s.suggest(ctx, q)
	}
	return out, nil
}

// suggest tries the alternates of the number or cited number of q.
func (s *Service) suggest(ctx context.Context, q search.Query) []string {
	key := q.NumberKey
	if key == "" {
		key = q.CitesKey
	}
	var out []string
	for _, alt := range citation.Alternates(key) {
		q2 := q
		if q.NumberKey != "" {
			q2.NumberKey = alt
		} else {
			q2.CitesKey = alt
		}
		q2.Page, q2.PerPage = 1, 1
		if r, err := s.index.Search(ctx, q2); err == nil && r.Total > 0 {
			display := alt
			if ref, ok := citation.Parse(alt); ok {
				display = ref.Display
			}
			out = append(out, display)
		}
	}
	return out
}
