package searchtest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"testing"

	"vanthu/documents/secrecy"
	"vanthu/search"
)

// facetCorpus returns Corpus with entries that widen the facets:
//   - s: TUYỆT MẬT, with a type, issuer and year no other entry has;
//   - q: type "QD", which the type filter treats as "QĐ";
//   - n: number 124-QĐ-TW, whose compact form and words match the number
//     query for 124-QĐ/TW but whose number key does not, so that it is
//     found by both the compact-number and the text part of that query.
func facetCorpus() []search.Entry {
	return append(Corpus(),
		entry(search.Entry{
			ID: "s", Number: "3-BC/BTCTW", Type: "BC", Issuer: "BTCTW", Date: "2016-09-09", Secrecy: search.SecrecyTuyetMat,
			Title:  "Báo cáo tuyệt mật về công tác nhân sự",
			Body:   "Báo cáo kết luận về nhân sự.",
			Status: "issued", Template: "bao-cao",
		}),
		entry(search.Entry{
			ID: "q", Number: "9-QD/TU", Type: "QD", Issuer: "TU", Date: "2021-04-04",
			Title:  "Quyet dinh kien toan to chuc",
			Body:   "Quyet dinh kien toan to chuc bo may.",
			Status: "issued", Template: "quyet-dinh",
		}),
		entry(search.Entry{
			ID: "n", Number: "124-QĐ-TW", Type: "HD", Issuer: "VPTW", Date: "2017-02-02",
			Title:  "Hướng dẫn thi hành",
			Body:   "Hướng dẫn thi hành, số hiệu ghi sai dấu gạch.",
			Status: "issued", Template: "huong-dan",
		}),
	)
}

// facetLoaded upserts facetCorpus into idx.
func facetLoaded(t *testing.T, idx search.Index) {
	t.Helper()
	if err := idx.Upsert(context.Background(), facetCorpus()...); err != nil {
		t.Fatalf("Upsert(facet corpus): %v", err)
	}
}

// facets builds an expected Result.Facets.
func facets(types, issuers, years, statuses map[string]int) map[string]map[string]int {
	norm := func(m map[string]int) map[string]int {
		if m == nil {
			return map[string]int{}
		}
		return m
	}
	return map[string]map[string]int{
		search.FacetType:   norm(types),
		search.FacetIssuer: norm(issuers),
		search.FacetYear:   norm(years),
		search.FacetStatus: norm(statuses),
	}
}

func equalFacets(a, b map[string]map[string]int) bool {
	return (a == nil) == (b == nil) && maps.EqualFunc(a, b, func(x, y map[string]int) bool {
		return (x == nil) == (y == nil) && maps.Equal(x, y)
	})
}

// facetCase is a query, the total it must find and the facets of its
// result.
type facetCase struct {
	name  string
	q     search.Query
	total int
	want  map[string]map[string]int
}

// wantFacetCases runs the queries of cases on idx with facets asked for,
// checking each with wantFacets.
func wantFacetCases(t *testing.T, idx search.Index, cases []facetCase) {
	t.Helper()
	for _, tc := range cases {
		tc.q.Facets = true
		wantFacets(t, tc.name, find(t, idx, tc.q), tc.total, tc.want)
	}
}

// wantFacets checks the facets of res, and that Total agrees with them:
// every facet entry of the corpus has a type, issuer, year and status, so
// each facet's counts add up to Total.
func wantFacets(t *testing.T, label string, res search.Result, total int, want map[string]map[string]int) {
	t.Helper()
	if !equalFacets(res.Facets, want) {
		t.Errorf("%s: facets\n got %v\nwant %v", label, res.Facets, want)
	}
	if res.Total != total {
		t.Errorf("%s: total %d, want %d", label, res.Total, total)
	}
	for name, values := range res.Facets {
		sum := 0
		for _, n := range values {
			sum += n
		}
		if sum != res.Total {
			t.Errorf("%s: %s counts add up to %d, total %d", label, name, sum, res.Total)
		}
	}
}

func testFacets(t *testing.T, idx search.Index) {
	facetLoaded(t, idx)
	allIssued := func(n int) map[string]int { return map[string]int{"issued": n} }
	tests := []facetCase{
		{
			"all visible", search.Query{}, 8,
			facets(
				map[string]int{"QĐ": 3, "CT": 1, "TB": 1, "KL": 1, "NQ": 1, "HD": 1},
				map[string]int{"TW": 3, "TU": 3, "ĐU": 1, "VPTW": 1},
				map[string]int{"2017": 1, "2018": 1, "2019": 1, "2021": 3, "2023": 1, "2024": 1},
				map[string]int{"issued": 7, "draft": 1}),
		},
		{
			"counts cover every page", search.Query{Page: 2, PerPage: 3}, 8,
			facets(
				map[string]int{"QĐ": 3, "CT": 1, "TB": 1, "KL": 1, "NQ": 1, "HD": 1},
				map[string]int{"TW": 3, "TU": 3, "ĐU": 1, "VPTW": 1},
				map[string]int{"2017": 1, "2018": 1, "2019": 1, "2021": 3, "2023": 1, "2024": 1},
				map[string]int{"issued": 7, "draft": 1}),
		},
		{
			"issuer filter", search.Query{Issuer: "tw"}, 3,
			facets(map[string]int{"QĐ": 1, "CT": 1, "KL": 1}, map[string]int{"TW": 3},
				map[string]int{"2018": 1, "2019": 1, "2021": 1}, allIssued(3)),
		},
		{
			"type filter folds", search.Query{Type: "qd"}, 3,
			facets(map[string]int{"QĐ": 3}, map[string]int{"TW": 1, "TU": 2},
				map[string]int{"2019": 1, "2021": 2}, allIssued(3)),
		},
		{
			"year and status filters", search.Query{Year: 2024, Status: "draft"}, 1,
			facets(map[string]int{"NQ": 1}, map[string]int{"ĐU": 1}, map[string]int{"2024": 1}, map[string]int{"draft": 1}),
		},
		{
			"cites filter", search.Query{CitesKey: Key("28-CT/TW")}, 2,
			facets(map[string]int{"QĐ": 1, "CT": 1}, map[string]int{"TW": 2}, map[string]int{"2018": 1, "2019": 1}, allIssued(2)),
		},
		{
			"text", search.Query{Text: "ket luan"}, 2,
			facets(map[string]int{"TB": 1, "KL": 1}, map[string]int{"TU": 1, "TW": 1},
				map[string]int{"2021": 1, "2023": 1}, allIssued(2)),
		},
		{
			"text with a filter", search.Query{Text: "dang", Issuer: "TW"}, 2,
			facets(map[string]int{"QĐ": 1, "CT": 1}, map[string]int{"TW": 2},
				map[string]int{"2018": 1, "2019": 1}, allIssued(2)),
		},
		{
			"no match", search.Query{Text: "xyzzy"}, 0,
			facets(nil, nil, nil, nil),
		},
		{
			"filter without match", search.Query{Type: "CT", Year: 2023}, 0,
			facets(nil, nil, nil, nil),
		},
	}
	wantFacetCases(t, idx, tests)
}

func testFacetsSecrecy(t *testing.T, idx search.Index) {
	facetLoaded(t, idx)
	tests := []facetCase{
		{
			// f (MẬT, CT, 2020), g (TỐI MẬT, QĐ, 2022) and s (TUYỆT
			// MẬT, BC, BTCTW, 2016) are hidden: not even their values appear.
			"none", search.Query{Type: "CT"}, 1,
			facets(map[string]int{"CT": 1}, map[string]int{"TW": 1}, map[string]int{"2018": 1}, map[string]int{"issued": 1}),
		},
		{
			"MẬT", search.Query{MaxSecrecy: search.SecrecyMat, Issuer: "TW"}, 4,
			facets(map[string]int{"QĐ": 1, "CT": 2, "KL": 1}, map[string]int{"TW": 4},
				map[string]int{"2018": 1, "2019": 1, "2020": 1, "2021": 1}, map[string]int{"issued": 4}),
		},
		{
			"TỐI MẬT", search.Query{MaxSecrecy: search.SecrecyToiMat, Issuer: "TW"}, 5,
			facets(map[string]int{"QĐ": 2, "CT": 2, "KL": 1}, map[string]int{"TW": 5},
				map[string]int{"2018": 1, "2019": 1, "2020": 1, "2021": 1, "2022": 1}, map[string]int{"issued": 5}),
		},
		{
			"TUYỆT MẬT", search.Query{MaxSecrecy: search.SecrecyTuyetMat, Year: 2016}, 1,
			facets(map[string]int{"BC": 1}, map[string]int{"BTCTW": 1}, map[string]int{"2016": 1}, map[string]int{"issued": 1}),
		},
		{
			"text, none", search.Query{Text: "nhan su"}, 0,
			facets(nil, nil, nil, nil),
		},
		{
			"text, MẬT", search.Query{Text: "nhan su", MaxSecrecy: search.SecrecyMat}, 1,
			facets(map[string]int{"CT": 1}, map[string]int{"TW": 1}, map[string]int{"2020": 1}, map[string]int{"issued": 1}),
		},
		{
			"text, TUYỆT MẬT", search.Query{Text: "nhan su", MaxSecrecy: search.SecrecyTuyetMat}, 2,
			facets(map[string]int{"CT": 1, "BC": 1}, map[string]int{"TW": 1, "BTCTW": 1},
				map[string]int{"2016": 1, "2020": 1}, map[string]int{"issued": 2}),
		},
	}
	wantFacetCases(t, idx, tests)

	// Every value of every reader's facets, over all entries.
	for _, level := range []secrecy.Level{search.SecrecyNone, search.SecrecyMat, search.SecrecyToiMat} {
		res := find(t, idx, search.Query{MaxSecrecy: level, Facets: true})
		for _, tc := range []struct{ facet, value string }{
			{search.FacetType, "BC"}, {search.FacetIssuer, "BTCTW"}, {search.FacetYear, "2016"},
		} {
			if _, ok := res.Facets[tc.facet][tc.value]; ok {
				t.Errorf("clearance %d: %s %q of a TUYỆT MẬT entry counted: %v", level, tc.facet, tc.value, res.Facets[tc.facet])
			}
		}
		if _, ok := res.Facets[search.FacetYear]["2022"]; ok && level < search.SecrecyToiMat {
			t.Errorf("clearance %d: year 2022 of a TỐI MẬT entry counted: %v", level, res.Facets[search.FacetYear])
		}
	}

	// An entry that becomes secret leaves the counts at once.
	e := facetCorpus()[1] // b: QĐ, TU, 2021
	e.Secrecy = search.SecrecyMat
	if err := idx.Upsert(context.Background(), e); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	// q ("QD") is now the only entry of its group: its spelling is the label.
	wantFacets(t, "b now secret", find(t, idx, search.Query{Issuer: "TU", Facets: true}), 2,
		facets(map[string]int{"TB": 1, "QD": 1}, map[string]int{"TU": 2}, map[string]int{"2021": 1, "2023": 1}, map[string]int{"issued": 2}))
}

func testFacetsNumberAsText(t *testing.T, idx search.Index) {
	facetLoaded(t, idx)
	number := func(display string, clearance secrecy.Level, page, perPage int) search.Query {
		q := NumberQuery(display)
		q.MaxSecrecy, q.Page, q.PerPage, q.Facets = clearance, page, perPage, true
		return q
	}
	issuerTW := func(q search.Query) search.Query {
		q.Issuer = "TW"
		return q
	}
	// 124-QĐ/TW: a has the number, d quotes it, n matches both the compact
	// form and the words (counted once); g has the number and f quotes it,
	// both secret.
	visible := facets(
		map[string]int{"QĐ": 1, "TB": 1, "HD": 1}, map[string]int{"TW": 1, "TU": 1, "VPTW": 1},
		map[string]int{"2017": 1, "2019": 1, "2023": 1}, map[string]int{"issued": 3})
	cleared := facets(
		map[string]int{"QĐ": 2, "TB": 1, "HD": 1, "CT": 1}, map[string]int{"TW": 3, "TU": 1, "VPTW": 1},
		map[string]int{"2017": 1, "2019": 1, "2020": 1, "2022": 1, "2023": 1}, map[string]int{"issued": 5})
	tests := []facetCase{
		{"visible", number("124-QĐ/TW", search.SecrecyNone, 1, 20), 3, visible},
		{"visible, exact entries only on the page", number("124-QĐ/TW", search.SecrecyNone, 1, 1), 3, visible},
		{"visible, text hits only on the page", number("124-QĐ/TW", search.SecrecyNone, 2, 1), 3, visible},
		{"visible, past the end", number("124-QĐ/TW", search.SecrecyNone, 9, 1), 3, visible},
		{"all levels", number("124-QĐ/TW", search.SecrecyTuyetMat, 1, 20), 5, cleared},
		{"all levels, second page", number("124-QĐ/TW", search.SecrecyTuyetMat, 2, 2), 5, cleared},
		{
			"secret number", number("28-CT/TW", search.SecrecyNone, 1, 20), 2,
			facets(map[string]int{"QĐ": 1, "CT": 1}, map[string]int{"TW": 2}, map[string]int{"2018": 1, "2019": 1}, map[string]int{"issued": 2}),
		},
		{
			"with a filter", issuerTW(number("124-QĐ/TW", search.SecrecyTuyetMat, 1, 20)), 3,
			facets(map[string]int{"QĐ": 2, "CT": 1}, map[string]int{"TW": 3}, map[string]int{"2019": 1, "2020": 1, "2022": 1}, map[string]int{"issued": 3}),
		},
		{
			"unknown number", number("999-QĐ/TW", search.SecrecyNone, 1, 20), 0,
			facets(nil, nil, nil, nil),
		},
	}
	wantFacetCases(t, idx, tests)
	// Without text, only the exact entries.
	q := search.Query{TextNumberKey: Key("124-QĐ/TW"), MaxSecrecy: search.SecrecyTuyetMat, Facets: true}
	wantFacets(t, "number key only", find(t, idx, q), 2,
		facets(map[string]int{"QĐ": 2}, map[string]int{"TW": 2}, map[string]int{"2019": 1, "2022": 1}, map[string]int{"issued": 2}))
}

// testFacetsMatchFilters checks that the count of every facet value is the
// Total of the same query filtered by that value.
func testFacetsMatchFilters(t *testing.T, idx search.Index) {
	facetLoaded(t, idx)
	queries := []search.Query{
		{},
		{MaxSecrecy: search.SecrecyTuyetMat},
		{Text: "quyet dinh", MaxSecrecy: search.SecrecyMat},
		NumberQuery("124-QĐ/TW"),
	}
	for _, base := range queries {
		base.Facets = true
		res := find(t, idx, base)
		for _, name := range slices.Sorted(maps.Keys(res.Facets)) {
			for value, n := range res.Facets[name] {
				q := base
				q.Facets = false
				switch name {
				case search.FacetType:
					q.Type = value
				case search.FacetIssuer:
					q.Issuer = value
				case search.FacetStatus:
					q.Status = value
				case search.FacetYear:
					year, err := strconv.Atoi(value)
					if err != nil {
						t.Errorf("%+v: year %q is not a decimal integer", base, value)
						continue
					}
					q.Year = year
				}
				label := fmt.Sprintf("%+v, %s %q", base, name, value)
				if got := find(t, idx, q).Total; got != n {
					t.Errorf("%s: count %d, filtered total %d", label, n, got)
				}
			}
		}
	}
}

func testFacetsOff(t *testing.T, idx search.Index) {
	facetLoaded(t, idx)
	for _, q := range []search.Query{
		{},
		{Text: "ket luan"},
		{Type: "QĐ", MaxSecrecy: search.SecrecyTuyetMat},
		NumberQuery("124-QĐ/TW"),
		{Text: "xyzzy"},
	} {
		if res := find(t, idx, q); res.Facets != nil {
			t.Errorf("%+v: facets %v without Query.Facets, want nil", q, res.Facets)
		}
	}
}
