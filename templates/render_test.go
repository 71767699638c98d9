package templates

import (
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"vanthu/templates/docxtest"

	"golang.org/x/text/unicode/norm"
)

// render parses body (placeholders listed) and renders v, checking the
// output package, and returns the visible text of document.xml.
func render(t *testing.T, body string, v Values, placeholders ...string) string {
	t.Helper()
	tpl := mustParse(t, docxOf(t, body), placeholders...)
	out, err := tpl.Render(v)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return checkPackage(t, out, "word/document.xml")
}

func TestRenderValues(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn Thị Hương, Đảng ủy")
	cases := []struct {
		name  string
		value string
		want  string
	}{
		{"markup characters", `A & B <c> "d" 'e'`, `A & B <c> "d" 'e'`},
		{"Vietnamese NFC", "Thông báo kết luận của Tỉnh ủy", "Thông báo kết luận của Tỉnh ủy"},
		{"Vietnamese NFD comes out NFC", nfd, norm.NFC.String(nfd)},
		{"control characters dropped", "a\x00b\x01c\x08d\x0be\x0cf\x1fg\uFFFEh\uFFFFi", "abcdefghi"},
		{"tab kept", "a\tb", "a\tb"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"CRLF and CR are line breaks", "một\r\nhai\rba\nbốn", "một\nhai\nba\nbốn"},
		{"braces stay literal", "{b} and {a} and { and }", "{b} and {a} and { and }"},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range []string{"scalar", "collection"} {
				var text string
				if kind == "scalar" {
					text = render(t, para("[{a}]")+para("{b}"), Values{"a": tc.value, "b": "x"}, "a", "b")
				} else {
					text = render(t, para("[{l.a}]")+para("{b}"), Values{"l": []Values{{"a": tc.value}}, "b": "x"}, "l.a", "b")
				}
				if want := "[" + tc.want + "]\nx\n"; text != want {
					t.Errorf("%s: got %q, want %q", kind, text, want)
				}
			}
		})
	}
}

// A value containing a placeholder of the same document must not be
// substituted again, whichever of the two is filled first.
func TestRenderValueWithPlaceholderSyntax(t *testing.T) {
	body := para("{a}") + para("{b}") + para("{l.x}")
	v := Values{"a": "{b}", "b": "{a}{l.x}", "l": []Values{{"x": "{a}"}, {"x": "{b}"}}}
	got := lines(render(t, body, v, "a", "b", "l.x"))
	want := []string{"{b}", "{a}{l.x}", "{a}", "{b}"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderNumbers(t *testing.T) {
	body := para("{a}|{b}|{c}|{d}")
	got := render(t, body, Values{"a": 42, "b": int64(-7), "c": 94.54, "d": "94,54%"}, "a", "b", "c", "d")
	if got != "42|-7|94.54|94,54%\n" {
		t.Errorf("got %q", got)
	}
}

func TestRenderCollections(t *testing.T) {
	three := []Values{{"text": "một"}, {"text": "hai"}, {"text": "ba"}}
	cases := []struct {
		name string
		body string
		v    Values
		want []string
	}{
		{"paragraph per item", para("Nơi nhận:") + para("- ", "{nn.text}") + para("Lưu."),
			Values{"nn": three}, []string{"Nơi nhận:", "- một", "- hai", "- ba", "Lưu."}},
		{"empty list removes the paragraph", para("trước") + para("{nn.text}") + para("sau"),
			Values{"nn": []Values{}}, []string{"trước", "sau"}},
		{"optional paragraph present", para("{secrecy.text}") + para("x"),
			Values{"secrecy": []Values{{"text": "MẬT"}}}, []string{"MẬT", "x"}},
		{"JSON-decoded list", para("{nn.text}"),
			Values{"nn": []any{map[string]any{"text": "a"}, map[string]any{"text": "b"}}}, []string{"a", "b"}},
		{"table row per item", table(row(cell(para("STT")), cell(para("Tên"))), row(cell(para("{dv.stt}")), cell(para("{dv.ten}"))), row(cell(para("Tổng")), cell(para("{tong}")))),
			Values{"dv": []Values{{"stt": "1", "ten": "A"}, {"stt": "2", "ten": "B"}}, "tong": "2"},
			[]string{"STT", "Tên", "1", "A", "2", "B", "Tổng", "2"}},
		{"object fields do not repeat", table(row(cell(para("{nn.text}")), cell(para("{sig.name}")))),
			Values{"nn": three[:1], "sig": Values{"name": "Nguyễn Văn A"}}, []string{"một", "Nguyễn Văn A"}},
		{"block per item", para("{#sec}") + para("{sec.title}") + para("{sec.body}") + para("{/sec}") + para("hết"),
			Values{"sec": []Values{{"title": "I", "body": "a"}, {"title": "II", "body": "b"}}}, []string{"I", "a", "II", "b", "hết"}},
		{"empty block", para("đầu") + para("{#sec}") + para("{sec.title}") + para("{/sec}") + para("hết"),
			Values{"sec": []Values{}}, []string{"đầu", "hết"}},
		{"nested list in a block", para("{#sections}") + para("{sections.heading}") + para("{sections.items.no}- {sections.items.text}") + para("{/sections}"),
			Values{"sections": []Values{
				{"heading": "I- Đánh giá", "items": []Values{{"no": "1", "text": "x"}, {"no": "2", "text": "y"}}},
				{"heading": "II- Nhiệm vụ", "items": []Values{}},
				{"heading": "III- Tổ chức", "items": []Values{{"no": "1", "text": "z"}}},
			}},
			[]string{"I- Đánh giá", "1- x", "2- y", "II- Nhiệm vụ", "III- Tổ chức", "1- z"}},
		{"nested blocks", para("{#a}") + para("{a.t}") + para("{#a.b}") + para("{a.b.t}") + para("{/a.b}") + para("{/a}"),
			Values{"a": []Values{{"t": "A1", "b": []Values{{"t": "b1"}, {"t": "b2"}}}, {"t": "A2", "b": []Values{}}}},
			[]string{"A1", "b1", "b2", "A2"}},
		{"table inside a block", para("{#s}") + para("{s.h}") + table(row(cell(para("{s.rows.c}")))) + para("{/s}"),
			Values{"s": []Values{{"h": "H1", "rows": []Values{{"c": "r1"}, {"c": "r2"}}}, {"h": "H2", "rows": []Values{{"c": "r3"}}}}},
			[]string{"H1", "r1", "r2", "H2", "r3"}},
		{"block inside a cell repeats paragraphs, not the row", table(row(cell(para("Nơi nhận:"), para("{#nn}"), para("- {nn.text}"), para("{/nn}")), cell(para("{ky}")))),
			Values{"nn": three, "ky": "Nguyễn Văn A"}, []string{"Nơi nhận:", "- một", "- hai", "- ba", "Nguyễn Văn A"}},
		{"row per item of a list in an item", table(row(cell(para("{dv.ten}")), cell(para("{dv.con.x}")))),
			Values{"dv": []Values{{"ten": "A", "con": []Values{{"x": "1"}, {"x": "2"}}}, {"ten": "B", "con": []Values{{"x": "3"}}}}},
			[]string{"A", "1", "A", "2", "B", "3"}},
		{"object block written once", para("{#sig}") + para("{sig.name}") + para("{/sig}"),
			Values{"sig": Values{"name": "A"}}, []string{"A"}},
		{"scalar inside a block", para("{#s}") + para("{title}: {s.x}") + para("{/s}"),
			Values{"title": "T", "s": []Values{{"x": "1"}, {"x": "2"}}}, []string{"T: 1", "T: 2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := mustParse(t, docxOf(t, tc.body), placeholdersOf(tc.body)...)
			out, err := tpl.Render(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			text := checkPackage(t, out, "word/document.xml")
			if got := lines(text); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if strings.Contains(text, "{") {
				t.Errorf("placeholder or marker left: %q", text)
			}
			// The reference pipeline (go-docx fills everything) agrees.
			ref, err := referenceDocument(t, tpl, tc.v)
			if err != nil {
				t.Fatalf("reference: %v", err)
			}
			if a, b := docxtest.Part(t, out, "word/document.xml"), ref; a != b {
				t.Errorf("differs from the reference pipeline:\n%s\n%s", a, b)
			}
		})
	}
}

var placeholderRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_.-]*)\}`)

// placeholdersOf lists the placeholder paths of a test body.
func placeholdersOf(body string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(html.UnescapeString(body), -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// Removing the only paragraph of a cell leaves an empty <w:p/>; removing
// every row of a table drops the table.
func TestRenderEmptyCollectionsKeepStructureValid(t *testing.T) {
	body := table(row(cell(para("{#nn}"), para("{nn.text}"), para("{/nn}")), cell(para("x")))) +
		table(row(cell(para("{rows.a}")))) + para("sau")
	tpl := mustParse(t, docxOf(t, body), "nn.text", "rows.a")
	out, err := tpl.Render(Values{"nn": []Values{}, "rows": []Values{}})
	if err != nil {
		t.Fatal(err)
	}
	checkPackage(t, out, "word/document.xml")
	doc := docxtest.Part(t, out, "word/document.xml")
	if !strings.Contains(doc, "<w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>") {
		t.Errorf("emptied cell has no paragraph:\n%s", doc)
	}
	if n := strings.Count(doc, "<w:tbl>"); n != 1 {
		t.Errorf("want the row-less table dropped, found %d tables:\n%s", n, doc)
	}
}

func TestRenderFiftyRowTable(t *testing.T) {
	body := para("{title}") + table(row(cell(para("STT")), cell(para("Đơn vị")), cell(para("Số lượng")), cell(para("Tỷ lệ"))),
		row(cell(para("{dv.stt}")), cell(para("{dv.ten}")), cell(para("{dv.so_luong}")), cell(para("{dv.ty_le}"))),
		row(cell(para("Tổng")), cell(para("")), cell(para("{tong}")), cell(para(""))))
	rows := make([]Values, 50)
	for i := range rows {
		rows[i] = Values{"stt": i + 1, "ten": fmt.Sprintf("Chi bộ số %d", i+1), "so_luong": (i + 1) * 3, "ty_le": fmt.Sprintf("%d,5%%", i)}
	}
	tpl := mustParse(t, docxOf(t, body), "title", "dv.stt", "dv.ten", "dv.so_luong", "dv.ty_le", "tong")
	out, err := tpl.Render(Values{"title": "Bảng", "dv": rows, "tong": "3825"})
	if err != nil {
		t.Fatal(err)
	}
	text := checkPackage(t, out, "word/document.xml")
	doc := docxtest.Part(t, out, "word/document.xml")
	if n := strings.Count(doc, "<w:tr>"); n != 52 {
		t.Errorf("want 52 rows, got %d", n)
	}
	for _, want := range []string{"Chi bộ số 1\n", "Chi bộ số 50\n", "150\n", "49,5%\n", "3825"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		v      Values
		substr string
		large  bool
	}{
		{"missing scalar", para("{a}{b}"), Values{"a": "x"}, "missing value for placeholder {b}", false},
		{"nil scalar", para("{a}"), Values{"a": nil}, "missing value for placeholder {a}", false},
		{"missing object field", para("{sig.name}"), Values{"sig": Values{}}, "missing value for placeholder {sig.name}", false},
		{"missing field of an item", para("{#s}") + para("{s.h}") + para("{/s}"), Values{"s": []Values{{"h": "a"}, {}}}, "missing value for placeholder {s.1.h}", false},
		{"missing field in a nested item", para("{#s}") + para("{s.i.t}") + para("{/s}"), Values{"s": []Values{{"i": []Values{{"t": "a"}}}, {"i": []Values{{}, {"t": "b"}}}}}, "{s.1.i.0.t}", false},
		{"missing list of a block", para("{#s}") + para("{s.h}") + para("{/s}"), Values{}, "missing value for the block {#s}", false},
		{"block over text", para("{#s}") + para("{s.h}") + para("{/s}"), Values{"s": "x"}, "needs a list, got text", false},
		{"list for a scalar", para("{a}"), Values{"a": []Values{}}, "{a} is a list", false},
		{"object for a scalar", para("{a}"), Values{"a": Values{"b": "c"}}, "not text or a number", false},
		{"bool", para("{a}"), Values{"a": true}, "not text or a number", false},
		{"list item not an object", para("{l.a}"), Values{"l": []any{"x"}}, "item 0 is text, not an object", false},
		{"too many placeholders", para("{l.a}{l.b}"), Values{"l": make([]Values, 1001)}, "more than 2000 placeholders", true},
		{"too many blocks", para("{#l}") + para("x") + para("{/l}"), Values{"l": make([]Values, 2001)}, "more than 2000 repeated", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl := mustParse(t, docxOf(t, tc.body), placeholdersOf(tc.body)...)
			if tc.large {
				l := tc.v["l"].([]Values)
				for i := range l {
					l[i] = Values{"a": "x", "b": "y"}
				}
			}
			out, err := tpl.Render(tc.v)
			if out != nil {
				t.Error("output returned with an error")
			}
			if !errors.Is(err, ErrRender) {
				t.Fatalf("want ErrRender, got %v", err)
			}
			if tc.large != errors.Is(err, ErrTooLarge) {
				t.Errorf("ErrTooLarge: want %v, got %v", tc.large, err)
			}
			if !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("error %q does not contain %q", err, tc.substr)
			}
		})
	}
}

func TestRenderPlaceholderCapFromManifest(t *testing.T) {
	m := testManifest("l.a")
	m.MaxPlaceholders = 3
	tpl, err := Parse(docxOf(t, para("{l.a}")), m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.Render(Values{"l": []Values{{"a": "1"}, {"a": "2"}, {"a": "3"}}}); err != nil {
		t.Errorf("3 placeholders: %v", err)
	}
	if _, err := tpl.Render(Values{"l": []Values{{"a": "1"}, {"a": "2"}, {"a": "3"}, {"a": "4"}}}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("4 placeholders: want ErrTooLarge, got %v", err)
	}
}

func TestRenderSectionBreakParagraphIsNotRepeated(t *testing.T) {
	body := `<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr><w:r><w:t>{l.a}</w:t></w:r></w:p>`
	tpl := mustParse(t, docxOf(t, body), "l.a")
	_, err := tpl.Render(Values{"l": []Values{{"a": "1"}, {"a": "2"}}})
	if !errors.Is(err, ErrRender) || !strings.Contains(err.Error(), "section break") {
		t.Errorf("want a section break error, got %v", err)
	}
	// As an object it is an ordinary placeholder.
	if _, err := tpl.Render(Values{"l": Values{"a": "1"}}); err != nil {
		t.Error(err)
	}
	_, err = Parse(docxOf(t, para("{#l}")+body+para("{/l}")), testManifest("l.a"))
	if !errors.Is(err, ErrInvalidTemplate) || !strings.Contains(err.Error(), "section break") {
		t.Errorf("want a section break error, got %v", err)
	}
}

// Clones get fresh paragraph ids, bookmark ids and names and drawing ids.
func TestRenderDeduplicatesIDs(t *testing.T) {
	body := `<w:p w14:paraId="1A2B3C4D" w14:textId="77777777"><w:bookmarkStart w:id="5" w:name="muc"/><w:r><w:t>{l.a}</w:t></w:r><w:bookmarkEnd w:id="5"/>` +
		`<w:r><w:drawing><wp:inline><wp:docPr id="3" name="Hình 1"/></wp:inline></w:drawing></w:r></w:p>` +
		`<w:p w14:paraId="00000010" w14:textId="77777777"><w:r><w:t>x</w:t></w:r></w:p>`
	tpl := mustParse(t, docxOf(t, body), "l.a")
	out, err := tpl.Render(Values{"l": []Values{{"a": "1"}, {"a": "2"}, {"a": "3"}}})
	if err != nil {
		t.Fatal(err)
	}
	doc := docxtest.Part(t, out, "word/document.xml")
	unique := func(re string, want int) {
		t.Helper()
		all := regexp.MustCompile(re).FindAllStringSubmatch(doc, -1)
		seen := map[string]bool{}
		for _, m := range all {
			seen[m[1]] = true
		}
		if len(all) != want || len(seen) != want {
			t.Errorf("%s: %d values, %d distinct, want %d: %v", re, len(all), len(seen), want, all)
		}
	}
	unique(`w14:paraId="([0-9A-F]{8})"`, 4)
	unique(`w:bookmarkStart w:id="(\d+)"`, 3)
	unique(`w:name="([^"]+)"`, 3)
	unique(`wp:docPr id="(\d+)"`, 3)
	for _, m := range regexp.MustCompile(`w:bookmarkStart w:id="(\d+)"`).FindAllStringSubmatch(doc, -1) {
		if !strings.Contains(doc, `<w:bookmarkEnd w:id="`+m[1]+`"/>`) {
			t.Errorf("bookmark %s has no matching end", m[1])
		}
	}
	if !strings.Contains(doc, `w14:paraId="1A2B3C4D"`) || !strings.Contains(doc, `w:name="muc"`) {
		t.Error("the first copy should keep its ids")
	}
}

func TestRenderHeadersAndFooters(t *testing.T) {
	pkg := zipParts(t, map[string]string{
		"word/document.xml": document(para("{title}")),
		"word/header1.xml":  header(para("Số {number_line}")),
		"word/footer1.xml":  `<w:ftr ` + wNamespaces + `>` + para("{title} - trang") + `</w:ftr>`,
		"word/header2.xml":  header(para("tĩnh")),
	})
	tpl := mustParse(t, pkg, "title", "number_line")
	out, err := tpl.Render(Values{"title": "Thông báo", "number_line": "15-TB/TU"})
	if err != nil {
		t.Fatal(err)
	}
	if got := checkPackage(t, out, "word/header1.xml"); got != "Số 15-TB/TU\n" {
		t.Errorf("header: %q", got)
	}
	if got := checkPackage(t, out, "word/footer1.xml"); got != "Thông báo - trang\n" {
		t.Errorf("footer: %q", got)
	}
	if got := docxtest.Part(t, out, "word/header2.xml"); got != header(para("tĩnh")) {
		t.Errorf("untouched header changed: %q", got)
	}

	pkg = zipParts(t, map[string]string{"word/document.xml": document(para("x")), "word/header1.xml": header(para("{l.a}"))})
	tpl = mustParse(t, pkg, "l.a")
	if _, err := tpl.Render(Values{"l": []Values{{"a": "1"}}}); err == nil || !strings.Contains(err.Error(), "only supported in the document body") {
		t.Errorf("list in a header: %v", err)
	}
	if _, err := Parse(zipParts(t, map[string]string{"word/document.xml": document(para("x")), "word/header1.xml": header(para("{#l}") + para("{l.a}") + para("{/l}"))}), testManifest("l.a")); err == nil || !strings.Contains(err.Error(), "only supported in the document body") {
		t.Errorf("block in a header: %v", err)
	}
}

// Eight goroutines render at once; go test -race checks renders share no
// mutable state.
func TestRenderConcurrently(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	notice, err := r.Get("thong-bao-ket-luan")
	if err != nil {
		t.Fatal(err)
	}
	small := mustParse(t, docxOf(t, para("{a}")+para("{l.x}")), "a", "l.x")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if g%2 == 0 {
					v := noticeValues(1+i%3, 1+g%4)
					out, err := notice.Render(v)
					if err != nil {
						errs <- err
						return
					}
					want := fmt.Sprintf("Nội dung nhiệm vụ %d của phần %d", 1+g%4, 1+i%3)
					text, err := documentText(out)
					if err != nil {
						errs <- fmt.Errorf("goroutine %d: %w", g, err)
						return
					}
					if !strings.Contains(text, want) {
						errs <- fmt.Errorf("goroutine %d: %q missing", g, want)
						return
					}
					continue
				}
				want := fmt.Sprintf("g%d-i%d", g, i)
				out, err := small.Render(Values{"a": want, "l": []Values{{"x": want}}})
				if err != nil {
					errs <- err
					return
				}
				got, err := documentText(out)
				if err != nil {
					errs <- fmt.Errorf("goroutine %d: %w", g, err)
					return
				}
				if got != want+"\n"+want+"\n" {
					errs <- fmt.Errorf("goroutine %d: got %q", g, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Render writes every value exactly as go-docx would write it in place of
// the placeholder: the reference pipeline, where go-docx fills everything,
// gives the same bytes for values full of markup, breaks and braces, in
// scalars and in collection items.
func TestEscapingMatchesGoDocx(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab &<>\"'\n{}ễĐ\t.\r\x00")
	random := func() string {
		r := make([]rune, rng.IntN(12))
		for j := range r {
			r[j] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	var body strings.Builder
	v := Values{}
	var names []string
	for i := range 40 {
		k := fmt.Sprintf("k%d", i)
		body.WriteString(para("[{" + k + "}]"))
		v[k] = random()
		names = append(names, k)
	}
	body.WriteString(para("{l.x}"))
	items := make([]Values, 20)
	for i := range items {
		items[i] = Values{"x": random()}
	}
	v["l"] = items
	tpl := mustParse(t, docxOf(t, body.String()), append(names, "l.x")...)
	out, err := tpl.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := referenceDocument(t, tpl, v)
	if err != nil {
		t.Fatal(err)
	}
	if got := docxtest.Part(t, out, "word/document.xml"); got != ref {
		t.Errorf("Render and go-docx differ:\n%s\n%s", got, ref)
	}
}

// The fast path of scan treats runes below U+0300 and in U+1E00 to U+1EFF
// as NFC whatever surrounds them: each must be normal and never interact
// with the rune before it.
func TestScanNFCRanges(t *testing.T) {
	for r := rune(0x20); r < 0x1F00; r++ {
		if r >= 0x300 && r < 0x1E00 {
			continue
		}
		p := norm.NFC.PropertiesString(string(r))
		if !norm.NFC.IsNormalString(string(r)) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Errorf("%U is not a safe NFC starter", r)
		}
	}
}

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain":                     "plain",
		"a\r\nb":                    "a\nb",
		"a\rb":                      "a\nb",
		"\x00\x07\x0b\x0c\x1f":      "",
		"a\ufffeb\uffffc":           "abc",
		"bad \xc3\x28 utf8":         "bad \ufffd( utf8",
		norm.NFD.String("Tỉnh ủy"):  "Tỉnh ủy",
		"tab\tand\nnewline stay":    "tab\tand\nnewline stay",
		"U+0085 and U+2028 \u2028.": "U+0085 and U+2028 \u2028.",
	}
	for in, want := range cases {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
