// Package find turns the query strings of the listing requests (the
// document search, the audit log, the register) into typed parameters,
// each malformed value named by its parameter, and builds the index query
// of a search for a reader. It reads no archive and no index, except
// [Suggest], which asks the index for the twin numbers of a search that
// found nothing. The access rules stay with the documents service, which
// says what a reader may see ([Reader]).
package find

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/citation"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/secrecy"
	"vanthu/search"
	"vanthu/search/fold"
	"vanthu/templates"
)

// Params are the query parameters of GET /api/v1/documents (and of the
// search page), typed. A zero Year, Page or PerPage was not given: any
// year, the first page, the default page size.
type Params struct {
	Q, Number, Cites, Type, Issuer, Status string
	Year, Page, PerPage                    int
	// Facets adds counts by type, issuer, year and status.
	Facets bool
}

// Ranges of the numeric search parameters.
const (
	MinYear, MaxYear = 1930, 9999
	MaxPage          = 100000
	MaxPerPage       = 100
)

// maxQueryLen bounds free-text queries (runes).
const maxQueryLen = 500

func invalid(path, format string, args ...any) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}

// fieldError is the *kind.ValidationError of one field.
func fieldError(fe templates.FieldError) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{fe}}
}

// Int reads the integer parameter name of q, between min and max; an
// absent or empty one is 0. Anything else is a *kind.ValidationError
// naming the parameter.
func Int(q url.Values, name string, min, max int) (int, error) {
	n, fe := intParam(q, name, min, max)
	if fe != nil {
		return 0, fieldError(*fe)
	}
	return n, nil
}

func intParam(q url.Values, name string, min, max int) (int, *templates.FieldError) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		fe := templates.IntegerRange(name, min, max, v)
		return 0, &fe
	}
	return n, nil
}

// ParseParams reads the query string of GET /api/v1/documents: numbers
// and booleans are typed here, and every malformed one is named in one
// *kind.ValidationError. The text parameters are checked by [Params.Query].
func ParseParams(q url.Values) (Params, error) {
	p := Params{
		Q: q.Get("q"), Number: q.Get("number"), Cites: q.Get("cites"), Type: q.Get("type"),
		Issuer: q.Get("issuer"), Status: q.Get("status"),
	}
	ve := &kind.ValidationError{}
	integer := func(name string, min, max int) int {
		n, fe := intParam(q, name, min, max)
		if fe != nil {
			ve.Fields = append(ve.Fields, *fe)
		}
		return n
	}
	p.Year = integer("year", MinYear, MaxYear)
	p.Page = integer("page", 1, MaxPage)
	p.PerPage = integer("per_page", 1, MaxPerPage)
	switch v := q.Get("facets"); v {
	case "", "false", "0":
	case "true", "1":
		p.Facets = true
	default:
		ve.Fields = append(ve.Fields, templates.FieldError{Path: "facets", Message: fmt.Sprintf("must be true or false, got %q", v)})
	}
	if len(ve.Fields) > 0 {
		return p, ve
	}
	return p, nil
}

// Reader is what the reader of a search may see, as the documents service
// decides it: documents up to Clearance, and drafts when Drafts is set.
type Reader struct {
	Clearance secrecy.Level
	Drafts    bool
}

// Query validates p and turns it into an index query for r: document
// numbers are normalised with the citation grammar, and the reader's
// clearance and right to drafts always restrict the result. Every invalid
// parameter is named in one *kind.ValidationError.
func (p Params) Query(r Reader) (search.Query, error) {
	q := search.Query{MaxSecrecy: r.Clearance}
	ve := &kind.ValidationError{}
	add := func(fe templates.FieldError) { ve.Fields = append(ve.Fields, fe) }
	bad := func(path, format string, args ...any) {
		add(templates.FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	text := strings.TrimSpace(norm.NFC.String(p.Q))
	if utf8.RuneCountInString(text) > maxQueryLen {
		add(templates.QueryTooLong("q", maxQueryLen))
	}
	q.Text = text
	if ref, ok := citation.Parse(text); ok && isNumberQuery(text, ref) {
		q.TextNumberKey = ref.Key
		q.TextNumberCompact = fold.Compact(ref.Display)
	}
	if p.Number != "" {
		ref, ok := citation.Parse(p.Number)
		if !ok {
			add(templates.NotDocumentNumber("number", p.Number, "167-TB/TU or 30/2020/NĐ-CP"))
		}
		q.NumberKey = ref.Key
	}
	if p.Cites != "" {
		ref, ok := citation.Parse(p.Cites)
		if !ok {
			add(templates.NotDocumentNumber("cites", p.Cites, "28-CT/TW"))
		}
		q.CitesKey = ref.Key
	}
	q.Type = strings.TrimSpace(p.Type)
	q.Issuer = strings.TrimSpace(p.Issuer)
	if len(q.Type) > 20 {
		add(templates.BadTypeCode("type"))
	}
	if len(q.Issuer) > 40 {
		add(templates.BadIssuerCode("issuer"))
	}
	inRange := func(name string, n, min, max int) int {
		if n != 0 && (n < min || n > max) {
			add(templates.IntegerRange(name, min, max, strconv.Itoa(n)))
			return 0
		}
		return n
	}
	q.Year = inRange("year", p.Year, MinYear, MaxYear)
	q.Page = inRange("page", p.Page, 1, MaxPage)
	q.PerPage = inRange("per_page", p.PerPage, 1, MaxPerPage)
	q.Facets = p.Facets
	switch record.Status(p.Status) {
	case "", record.StatusIssued, record.StatusDraft:
		q.Status = p.Status
	default:
		bad("status", "must be %q or %q", record.StatusDraft, record.StatusIssued)
	}
	if !r.Drafts {
		if record.Status(q.Status) == record.StatusDraft {
			add(templates.DraftsClerksOnly("status"))
		}
		q.Status = string(record.StatusIssued)
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

// Result is a page of hits, with numbers worth trying when a number
// search found nothing.
type Result struct {
	search.Result
	// Suggestions are document numbers of the twin series that do have
	// documents, e.g. "37-QĐ/TW" for a search of "37-QĐi/TW" (Quy định of
	// the Politburo use QĐ, those of committees QĐi), or the resolutions of
	// a plenum.
	Suggestions []string `json:"suggestions,omitempty"`
}

// Suggest tries the alternates of the number or cited number of q (a
// query built by [Params.Query], so restricted to what its reader may
// see) and returns those that find documents.
func Suggest(ctx context.Context, idx search.Index, q search.Query) []string {
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
		if r, err := idx.Search(ctx, q2); err == nil && r.Total > 0 {
			display := alt
			if ref, ok := citation.Parse(alt); ok {
				display = ref.Display
			}
			out = append(out, display)
		}
	}
	return out
}
