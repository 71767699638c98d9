package web

import (
	"errors"
	"html"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"vanthu/documents"
	"vanthu/documents/find"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/search"
)

// segment is a piece of text, marked when it matched the query. Snippets
// from the index are HTML fragments; they are split back into text here so
// that html/template escapes everything the page shows.
type segment struct {
	Text string
	Mark bool
}

func splitSnippet(snippet string) []segment {
	var out []segment
	rest := snippet
	for rest != "" {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			out = append(out, segment{Text: html.UnescapeString(rest)})
			break
		}
		if i > 0 {
			out = append(out, segment{Text: html.UnescapeString(rest[:i])})
		}
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			out = append(out, segment{Text: html.UnescapeString(rest), Mark: true})
			break
		}
		out = append(out, segment{Text: html.UnescapeString(rest[:j]), Mark: true})
		rest = rest[j+len("</mark>"):]
	}
	return out
}

type hitView struct {
	search.Hit
	Segments []segment
}

type facetValue struct {
	Value, Label string
	Count        int
	Active       bool
	URL          string
}

type facetView struct {
	Name, Param string
	Values      []facetValue
}

type filterView struct {
	Param, Label, Value, Raw, RemoveURL string
}

type searchView struct {
	Params      documents.SearchParams
	Searched    bool
	Total       int
	Hits        []hitView
	Facets      []facetView
	Filters     []filterView
	Suggestions []string
	Error       string
	Page, Pages int
	PrevURL     string
	NextURL     string
	First, Last int
}

var facetOrder = []struct{ name, param string }{
	{search.FacetType, "type"}, {search.FacetIssuer, "issuer"}, {search.FacetYear, "year"}, {search.FacetStatus, "status"},
}

const perPage = 20

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := documents.SearchParams{
		Q: q.Get("q"), Number: q.Get("number"), Cites: q.Get("cites"), Type: q.Get("type"), Issuer: q.Get("issuer"),
		Status: q.Get("status"), PerPage: perPage,
	}
	var err error
	if p.Year, err = find.Int(q, "year", find.MinYear, find.MaxYear); err == nil {
		p.Page, err = find.Int(q, "page", 1, find.MaxPage)
	}
	searched := p.Q != "" || p.Number != "" || p.Cites != "" || p.Type != "" || p.Issuer != "" || q.Get("year") != "" || p.Status != ""
	if searched || q.Get("page") != "" {
		// The start page lists the newest documents; counting the whole
		// archive by facet is left to searches.
		p.Facets = true
	}
	v := searchView{Params: p}
	var res documents.SearchResult
	if err == nil {
		res, err = s.docs.Search(actorCtx(r), p)
	}
	var ve *kind.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Error = translate(ve.Fields[0])
		v.Searched = true
		s.render(w, r, http.StatusUnprocessableEntity, "search", "Tra cứu văn bản", "search", v)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	v.Total, v.Suggestions = res.Total, res.Suggestions
	v.Searched = searched
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, hitView{Hit: h, Segments: splitSnippet(h.Snippet)})
	}
	base := url.Values{}
	for k, vals := range q {
		if k != "page" && len(vals) > 0 && vals[0] != "" {
			base.Set(k, vals[0])
		}
	}
	for _, f := range facetOrder {
		counts := res.Facets[f.name]
		fv := facetView{Name: f.name, Param: f.param}
		for val, n := range counts {
			u := cloneValues(base)
			active := strings.EqualFold(base.Get(f.param), val)
			if active {
				u.Del(f.param)
			} else {
				u.Set(f.param, val)
			}
			fv.Values = append(fv.Values, facetValue{Value: val, Label: facetLabel(f.name, val), Count: n, Active: active, URL: "/?" + u.Encode()})
		}
		sort.Slice(fv.Values, func(i, j int) bool {
			a, b := fv.Values[i], fv.Values[j]
			if f.name == search.FacetYear {
				return a.Value > b.Value
			}
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Value < b.Value
		})
		if len(fv.Values) > 12 {
			fv.Values = fv.Values[:12]
		}
		v.Facets = append(v.Facets, fv)
	}
	for _, f := range []struct{ param, label string }{{"number", "number"}, {"cites", "cites"}, {"type", "type"}, {"issuer", "issuer"}, {"year", "year"}, {"status", "status"}} {
		if val := base.Get(f.param); val != "" {
			u := cloneValues(base)
			u.Del(f.param)
			label := val
			if f.param == "status" {
				label = facetLabel(search.FacetStatus, val)
			}
			v.Filters = append(v.Filters, filterView{Param: f.param, Label: f.label, Value: label, Raw: val, RemoveURL: "/?" + u.Encode()})
		}
	}
	v.Page = p.Page
	if v.Page < 1 {
		v.Page = 1
	}
	v.Pages = (res.Total + perPage - 1) / perPage
	if len(v.Hits) > 0 {
		v.First = (v.Page-1)*perPage + 1
		v.Last = v.First + len(v.Hits) - 1
	}
	if v.Page > 1 {
		u := cloneValues(base)
		u.Set("page", strconv.Itoa(v.Page-1))
		v.PrevURL = "/?" + u.Encode()
	}
	if v.Page < v.Pages {
		u := cloneValues(base)
		u.Set("page", strconv.Itoa(v.Page+1))
		v.NextURL = "/?" + u.Encode()
	}
	s.render(w, r, http.StatusOK, "search", "Tra cứu văn bản", "search", v)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}

// facetLabel is the Vietnamese name of a facet value.
func facetLabel(facet, value string) string {
	switch facet {
	case search.FacetType:
		if n, ok := typeNames[value]; ok {
			return n + " (" + value + ")"
		}
	case search.FacetIssuer:
		if n, ok := issuerNames[value]; ok {
			return n + " (" + value + ")"
		}
	}
	if facet == search.FacetStatus {
		switch record.Status(value) {
		case record.StatusIssued:
			return "Đã ban hành"
		case record.StatusDraft:
			return "Dự thảo"
		}
	}
	return value
}

// typeNames are the names of the Party's document types by their codes
// (Hướng dẫn 36-HD/VPTW).
var typeNames = map[string]string{
	"NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "QĐi": "Quy định",
	"QC": "Quy chế", "HD": "Hướng dẫn", "BC": "Báo cáo", "KH": "Kế hoạch", "CTr": "Chương trình",
	"TB": "Thông báo", "TTr": "Tờ trình", "CV": "Công văn", "BB": "Biên bản",
	"ĐA": "Đề án", "PA": "Phương án", "TT": "Thông tri",
}

// issuerNames are the names of the usual issuing bodies by their codes.
var issuerNames = map[string]string{
	"TW": "Trung ương", "TU": "Tỉnh ủy", "HU": "Huyện ủy", "QU": "Quận ủy", "TX": "Thị ủy", "ĐU": "Đảng ủy",
	"VPTU": "Văn phòng Tỉnh ủy", "BTCTU": "Ban Tổ chức Tỉnh ủy", "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
	"BDVTU": "Ban Dân vận Tỉnh ủy", "BNCTU": "Ban Nội chính Tỉnh ủy", "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
	"ĐUK": "Đảng ủy Khối", "BCĐ": "Ban Chỉ đạo",
}
