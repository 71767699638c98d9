package searchtest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanthu/search"
)

// Run runs the conformance suite. newIndex must return a new, empty index
// that is closed when the test ends; it is called once per subtest, from
// parallel subtests.
func Run(t *testing.T, newIndex func(t *testing.T) search.Index) {
	tests := []struct {
		name string
		fn   func(t *testing.T, idx search.Index)
	}{
		{"Ping", testPing},
		{"NumberKeyFilter", testNumberKeyFilter},
		{"CitesFilter", testCitesFilter},
		{"TextAccentInsensitive", testTextAccentInsensitive},
		{"NumberAsText", testNumberAsText},
		{"MetadataFilters", testMetadataFilters},
		{"Secrecy", testSecrecy},
		{"FilterOnlyOrder", testFilterOnlyOrder},
		{"Paging", testPaging},
		{"Snippet", testSnippet},
		{"UpsertReplaces", testUpsertReplaces},
		{"Delete", testDelete},
		{"Reset", testReset},
		{"EmptyID", testEmptyID},
		{"Canceled", testCanceled},
		{"Facets", testFacets},
		{"FacetsSecrecy", testFacetsSecrecy},
		{"FacetsNumberAsText", testFacetsNumberAsText},
		{"FacetsMatchFilters", testFacetsMatchFilters},
		{"FacetsOff", testFacetsOff},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			idx := newIndex(t)
			tc.fn(t, idx)
		})
	}
}

// loaded upserts the corpus into idx.
func loaded(t *testing.T, idx search.Index) search.Index {
	t.Helper()
	if err := idx.Upsert(context.Background(), Corpus()...); err != nil {
		t.Fatalf("Upsert(corpus): %v", err)
	}
	return idx
}

func find(t *testing.T, idx search.Index, q search.Query) search.Result {
	t.Helper()
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// wantOrdered checks the hits and Total of res against want, in order.
func wantOrdered(t *testing.T, label string, res search.Result, want ...string) {
	t.Helper()
	if got := ids(res); !slices.Equal(got, want) || res.Total != len(want) {
		t.Errorf("%s: got %v (total %d), want %v (total %d)", label, got, res.Total, want, len(want))
	}
}

// wantSet checks the hits and Total of res against want, in any order.
func wantSet(t *testing.T, label string, res search.Result, want ...string) {
	t.Helper()
	got := slices.Sorted(slices.Values(ids(res)))
	w := slices.Sorted(slices.Values(want))
	if !slices.Equal(got, w) || res.Total != len(want) {
		t.Errorf("%s: got %v (total %d), want %v (total %d)", label, got, res.Total, w, len(w))
	}
}

func testPing(t *testing.T, idx search.Index) {
	if err := idx.Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func testNumberKeyFilter(t *testing.T, idx search.Index) {
	loaded(t, idx)
	wantOrderedCases(t, idx, []orderedCase{
		{"visible", search.Query{NumberKey: Key("124-QĐ/TW")}, []string{"a"}},
		{"leading zero", search.Query{NumberKey: Key("5-KL/TW")}, []string{"e"}},
		{"secret hidden", search.Query{NumberKey: Key("28-CT/TW")}, nil},
		{"clearance shows secret, newest first", search.Query{NumberKey: Key("124-QĐ/TW"), MaxSecrecy: search.SecrecyTuyetMat}, []string{"g", "a"}},
		{"neighbour is not matched", search.Query{NumberKey: Key("124-QĐ/TU")}, []string{"b"}},
		{"unknown", search.Query{NumberKey: Key("999-NQ/TW")}, nil},
	})
	res := find(t, idx, search.Query{NumberKey: Key("124-QĐ/TW")})
	if len(res.Hits) == 1 {
		h := res.Hits[0]
		want := search.Hit{ID: "a", Number: "124-QĐ/TW", Type: "QĐ", Issuer: "TW", Date: "2019-05-10",
			Title: "Quy định về công tác kiểm tra, giám sát của Đảng", Status: "issued"}
		h.Snippet = ""
		if h != want {
			t.Errorf("hit = %+v, want %+v", h, want)
		}
	}
}

func testCitesFilter(t *testing.T, idx search.Index) {
	loaded(t, idx)
	wantOrderedCases(t, idx, []orderedCase{
		{"visible only", search.Query{CitesKey: Key("28-CT/TW")}, []string{"a", "c"}},
		{"all levels", search.Query{CitesKey: Key("28-CT/TW"), MaxSecrecy: search.SecrecyTuyetMat}, []string{"g", "a", "c"}},
		{"NFD source", search.Query{CitesKey: Key("124-QĐ/TW")}, []string{"d"}},
		{"MẬT clearance", search.Query{CitesKey: Key("124-QĐ/TW"), MaxSecrecy: search.SecrecyMat}, []string{"d", "f"}},
		{"with issuer", search.Query{CitesKey: Key("28-CT/TW"), Type: "ct"}, []string{"c"}},
		{"uncited", search.Query{CitesKey: Key("1-NQ/TW")}, nil},
	})
}

func testTextAccentInsensitive(t *testing.T, idx search.Index) {
	loaded(t, idx)
	tests := []struct {
		text string
		want []string
	}{
		{"ket luan", []string{"d", "e"}},                  // NFD "Kết luận" and plain "Ket luan"
		{"Kết luận", []string{"d", "e"}},                  // accents in the query, none in e
		{norm.NFD.String("kết luận"), []string{"d", "e"}}, // NFD query
		{"KẾT LUẬN", []string{"d", "e"}},
		{"dang", []string{"a", "c", "d", "h"}}, // đ → d: Đảng
		{"Đảng", []string{"a", "c", "d", "h"}},
		{"quyet dinh", []string{"b", "h"}},
		{"quyết định", []string{"b", "h"}},
		{"doi moi phuong thuc", []string{"e"}},
		{"đổi mới", []string{"e"}},
		{"văn thư", []string{"c"}},
		{"xyzzy", nil},
	}
	for _, tc := range tests {
		wantSet(t, fmt.Sprintf("%q", tc.text), find(t, idx, search.Query{Text: tc.text}), tc.want...)
	}
	wantSet(t, "text with issuer", find(t, idx, search.Query{Text: "ket luan", Issuer: "tw"}), "e")
	wantSet(t, "text with year", find(t, idx, search.Query{Text: "dang", Year: 2023}), "d")
}

func testNumberAsText(t *testing.T, idx search.Index) {
	loaded(t, idx)
	// d quotes 124-QĐ/TW in its body; b (124-QĐ/TU), c (12-CT/TW) are the
	// neighbours; g is a secret entry with the same number as a.
	res := find(t, idx, NumberQuery("124-QĐ/TW"))
	wantOrdered(t, "124-QĐ/TW", res, "a", "d")
	for _, tc := range []struct{ number, first string }{
		{"124-QĐ/TU", "b"},
		{"12-CT/TW", "c"},
		{"124-QD/TW", "a"},
		{"167-TB/TU", "d"},
		{"5-KL/TW", "e"},
	} {
		res := find(t, idx, NumberQuery(tc.number))
		if len(res.Hits) == 0 || res.Hits[0].ID != tc.first {
			t.Errorf("%s: got %v, want %s first", tc.number, ids(res), tc.first)
		}
		if res.Total < len(res.Hits) {
			t.Errorf("%s: total %d < %d hits", tc.number, res.Total, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.ID == "f" || h.ID == "g" {
				t.Errorf("%s: secret entry %s returned", tc.number, h.ID)
			}
		}
	}
	res = find(t, idx, search.Query{Text: "124-QĐ/TW", TextNumberKey: Key("124-QĐ/TW"), TextNumberCompact: "124QDTW", MaxSecrecy: search.SecrecyTuyetMat})
	if got := ids(res); len(got) < 2 || !slices.Equal(slices.Sorted(slices.Values(got[:2])), []string{"a", "g"}) {
		t.Errorf("124-QĐ/TW with clearance: got %v, want a and g first", got)
	}
	if res.Total != len(res.Hits) || !slices.Contains(ids(res), "f") || !slices.Contains(ids(res), "d") {
		t.Errorf("124-QĐ/TW with clearance: got %v (total %d), want a, g, then d and f", ids(res), res.Total)
	}
	// Paging through the merged list: exact entries first, then text hits.
	for page, want := range []string{"a", "d"} {
		res := find(t, idx, search.Query{Text: "124-QĐ/TW", TextNumberKey: Key("124-QĐ/TW"), TextNumberCompact: "124QDTW", Page: page + 1, PerPage: 1})
		wantPage(t, fmt.Sprintf("number page %d", page+1), res, 2, want)
	}
	res = find(t, idx, search.Query{Text: "124-QĐ/TW", TextNumberKey: Key("124-QĐ/TW"), TextNumberCompact: "124QDTW", Page: 3, PerPage: 1})
	wantPage(t, "number page 3", res, 2)
	// A number nobody has: no exact entry, text hits only.
	res = find(t, idx, NumberQuery("999-QĐ/TW"))
	wantOrdered(t, "999-QĐ/TW", res)
}

// orderedCase is a query and the IDs it must find, in order.
type orderedCase struct {
	name string
	q    search.Query
	want []string
}

// wantOrderedCases runs the queries of cases on idx, checking each with
// wantOrdered.
func wantOrderedCases(t *testing.T, idx search.Index, cases []orderedCase) {
	t.Helper()
	for _, tc := range cases {
		wantOrdered(t, tc.name, find(t, idx, tc.q), tc.want...)
	}
}

func wantPage(t *testing.T, label string, res search.Result, total int, want ...string) {
	t.Helper()
	if got := ids(res); !slices.Equal(got, want) || res.Total != total {
		t.Errorf("%s: got %v (total %d), want %v (total %d)", label, got, res.Total, want, total)
	}
}

func testMetadataFilters(t *testing.T, idx search.Index) {
	loaded(t, idx)
	wantOrderedCases(t, idx, []orderedCase{
		{"type folded lower", search.Query{Type: "qđ"}, []string{"b", "a"}},
		{"type without Đ", search.Query{Type: "QD"}, []string{"b", "a"}},
		{"type with clearance", search.Query{Type: "QĐ", MaxSecrecy: search.SecrecyTuyetMat}, []string{"g", "b", "a"}},
		{"issuer lower", search.Query{Issuer: "tu"}, []string{"d", "b"}},
		{"issuer Đ", search.Query{Issuer: "ĐU"}, []string{"h"}},
		{"issuer folded", search.Query{Issuer: "du"}, []string{"h"}},
		{"year", search.Query{Year: 2021}, []string{"e", "b"}},
		{"status", search.Query{Status: "draft"}, []string{"h"}},
		{"status upper", search.Query{Status: "ISSUED"}, []string{"d", "e", "b", "a", "c"}},
		{"combined", search.Query{Type: "TB", Issuer: "TU", Year: 2023}, []string{"d"}},
		{"no match", search.Query{Type: "CT", Year: 2023}, nil},
		{"number key and type", search.Query{NumberKey: Key("124-QĐ/TU"), Type: "QĐ", Issuer: "TU"}, []string{"b"}},
		{"number key, other issuer", search.Query{NumberKey: Key("124-QĐ/TU"), Issuer: "TW"}, nil},
	})
}

func testSecrecy(t *testing.T, idx search.Index) {
	loaded(t, idx)
	wantOrderedCases(t, idx, []orderedCase{
		{"none", search.Query{}, visibleByDate},
		{"MẬT", search.Query{MaxSecrecy: search.SecrecyMat}, []string{"h", "d", "e", "b", "f", "a", "c"}},
		{"TỐI MẬT", search.Query{MaxSecrecy: search.SecrecyToiMat}, []string{"h", "d", "g", "e", "b", "f", "a", "c"}},
		{"TUYỆT MẬT", search.Query{MaxSecrecy: search.SecrecyTuyetMat}, []string{"h", "d", "g", "e", "b", "f", "a", "c"}},
	})
	wantSet(t, "text, none", find(t, idx, search.Query{Text: "quyet dinh"}), "b", "h")
	wantSet(t, "text, MẬT", find(t, idx, search.Query{Text: "quyet dinh", MaxSecrecy: search.SecrecyMat}), "b", "h", "f")
	wantSet(t, "text, TỐI MẬT", find(t, idx, search.Query{Text: "quyet dinh", MaxSecrecy: search.SecrecyToiMat}), "b", "h", "f", "g")
	wantSet(t, "secret number as text", find(t, idx, NumberQuery("28-CT/TW")), "a", "c")
	wantOrdered(t, "secret number key", find(t, idx, search.Query{NumberKey: Key("28-CT/TW"), Text: "chi thi"}))
	res := find(t, idx, search.Query{Text: "ket luan", PerPage: 1})
	if res.Total != 2 {
		t.Errorf("text total with one per page: %d, want 2", res.Total)
	}
}

func testFilterOnlyOrder(t *testing.T, idx search.Index) {
	loaded(t, idx)
	wantOrdered(t, "all visible, newest first", find(t, idx, search.Query{}), visibleByDate...)
}

func testPaging(t *testing.T, idx search.Index) {
	loaded(t, idx)
	var all []string
	for page := 1; page <= 4; page++ {
		res := find(t, idx, search.Query{Page: page, PerPage: 2})
		if res.Total != len(visibleByDate) {
			t.Errorf("page %d: total %d, want %d", page, res.Total, len(visibleByDate))
		}
		if page == 4 && len(res.Hits) != 0 {
			t.Errorf("page 4: got %v, want no hits", ids(res))
		}
		all = append(all, ids(res)...)
	}
	if !slices.Equal(all, visibleByDate) {
		t.Errorf("pages joined: %v, want %v", all, visibleByDate)
	}

	full := find(t, idx, search.Query{Text: "dang"})
	var paged []string
	for page := 1; page <= len(full.Hits)+1; page++ {
		res := find(t, idx, search.Query{Text: "dang", Page: page, PerPage: 1})
		if res.Total != full.Total {
			t.Errorf("text page %d: total %d, want %d", page, res.Total, full.Total)
		}
		paged = append(paged, ids(res)...)
	}
	if !slices.Equal(paged, ids(full)) {
		t.Errorf("text pages joined: %v, want %v", paged, ids(full))
	}

	res := find(t, idx, search.Query{PerPage: 1000})
	if len(res.Hits) != len(visibleByDate) {
		t.Errorf("PerPage 1000: %d hits, want %d", len(res.Hits), len(visibleByDate))
	}
}

func testSnippet(t *testing.T, idx search.Index) {
	loaded(t, idx)
	res := find(t, idx, search.Query{Text: "ket luan"})
	snippets := make(map[string]string)
	for _, h := range res.Hits {
		snippets[h.ID] = h.Snippet
		if !utf8.ValidString(h.Snippet) {
			t.Errorf("%s: snippet is not valid UTF-8: %q", h.ID, h.Snippet)
		}
		if !norm.NFC.IsNormalString(h.Snippet) || !norm.NFC.IsNormalString(h.Title) {
			t.Errorf("%s: snippet or title not NFC: %q, %q", h.ID, h.Snippet, h.Title)
		}
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("%s: snippet without <mark>: %q", h.ID, h.Snippet)
		}
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
		if strings.ContainsAny(plain, "<>") {
			t.Errorf("%s: snippet has raw markup besides <mark>: %q", h.ID, h.Snippet)
		}
	}
	if s := snippets["d"]; !strings.Contains(s, "<mark>Kết</mark>") || !strings.Contains(s, "<mark>luận</mark>") {
		t.Errorf("d: snippet %q, want <mark>Kết</mark> and <mark>luận</mark>", s)
	}
	if s := snippets["e"]; !strings.Contains(s, "&lt;b&gt;") || !strings.Contains(s, "&amp;") {
		t.Errorf("e: snippet %q, want the document's markup escaped", s)
	}
	if s := html.UnescapeString(snippets["e"]); !strings.Contains(s, "<b>ve</b>") {
		t.Errorf("e: unescaped snippet %q, want the original text", s)
	}

	res = find(t, idx, search.Query{NumberKey: Key("12-CT/TW")})
	if len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Snippet, "Tiếp tục thực hiện") {
		t.Errorf("filter-only snippet: %+v, want the start of the body", res.Hits)
	}
}

func testUpsertReplaces(t *testing.T, idx search.Index) {
	loaded(t, idx)
	ctx := context.Background()
	e := Corpus()[0]
	e.Title = "Quy định mới về lưu trữ điện tử"
	e.Body = "Nội dung thay thế hoàn toàn."
	e.Type = "QĐi"
	if err := idx.Upsert(ctx, e); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	wantSet(t, "new text", find(t, idx, search.Query{Text: "luu tru dien tu"}), "a")
	wantSet(t, "old text", find(t, idx, search.Query{Text: "kiem tra giam sat"}))
	wantOrdered(t, "old type", find(t, idx, search.Query{Type: "QĐ"}), "b")
	wantOrdered(t, "new type", find(t, idx, search.Query{Type: "qdi"}), "a")
	wantOrdered(t, "count unchanged", find(t, idx, search.Query{}), visibleByDate...)

	// An entry can become secret: it must disappear at once.
	e.Secrecy = search.SecrecyTuyetMat
	if err := idx.Upsert(ctx, e); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	wantOrdered(t, "now secret", find(t, idx, search.Query{NumberKey: Key("124-QĐ/TW")}))
}

func testDelete(t *testing.T, idx search.Index) {
	loaded(t, idx)
	ctx := context.Background()
	if err := idx.Delete(ctx, "a", "no-such-id"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	wantOrdered(t, "number key", find(t, idx, search.Query{NumberKey: Key("124-QĐ/TW")}))
	wantOrdered(t, "rest", find(t, idx, search.Query{}), "h", "d", "e", "b", "c")
	if err := idx.Delete(ctx, "a"); err != nil {
		t.Fatalf("Delete again: %v", err)
	}
	if err := idx.Delete(ctx); err != nil {
		t.Fatalf("Delete(): %v", err)
	}
}

func testReset(t *testing.T, idx search.Index) {
	loaded(t, idx)
	ctx := context.Background()
	if err := idx.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	wantOrdered(t, "after reset", find(t, idx, search.Query{MaxSecrecy: search.SecrecyTuyetMat}))
	wantOrdered(t, "text after reset", find(t, idx, search.Query{Text: "dang"}))
	loaded(t, idx)
	wantOrdered(t, "reloaded", find(t, idx, search.Query{}), visibleByDate...)
	if err := idx.Ping(ctx); err != nil {
		t.Fatalf("Ping after Reset: %v", err)
	}
}

func testEmptyID(t *testing.T, idx search.Index) {
	e := Corpus()[1]
	e.ID = ""
	if err := idx.Upsert(context.Background(), e); err == nil {
		t.Fatal("Upsert of an entry without ID: want an error")
	}
}

func testCanceled(t *testing.T, idx search.Index) {
	loaded(t, idx)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := idx.Search(ctx, search.Query{Text: "dang"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search with a canceled context: %v, want context.Canceled", err)
	}
	if err := idx.Upsert(ctx, Corpus()[0]); !errors.Is(err, context.Canceled) {
		t.Errorf("Upsert with a canceled context: %v, want context.Canceled", err)
	}
}
