package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/returns/returnstest"
	"vanthu/documents/review"
	"vanthu/templates/docxtest"
)

// The lower units of a provincial committee (Tỉnh ủy Phú Thọ before the
// 2025 reorganisation): district-level committees, the bloc committees, the
// armed forces committees and two grassroots committees under the province.
var phuThoUnits = []struct{ code, name string }{
	{"viet-tri", "Thành ủy Việt Trì"}, {"phu-tho", "Thị ủy Phú Thọ"}, {"cam-khe", "Huyện ủy Cẩm Khê"},
	{"doan-hung", "Huyện ủy Đoan Hùng"}, {"ha-hoa", "Huyện ủy Hạ Hòa"}, {"lam-thao", "Huyện ủy Lâm Thao"},
	{"phu-ninh", "Huyện ủy Phù Ninh"}, {"tam-nong", "Huyện ủy Tam Nông"}, {"tan-son", "Huyện ủy Tân Sơn"},
	{"thanh-ba", "Huyện ủy Thanh Ba"}, {"thanh-son", "Huyện ủy Thanh Sơn"}, {"thanh-thuy", "Huyện ủy Thanh Thủy"},
	{"yen-lap", "Huyện ủy Yên Lập"}, {"khoi-cq", "Đảng ủy Khối các cơ quan tỉnh"},
	{"khoi-dn", "Đảng ủy Khối doanh nghiệp tỉnh"}, {"quan-su", "Đảng ủy Quân sự tỉnh"},
	{"cong-an", "Đảng ủy Công an tỉnh"}, {"bv-da-khoa", "Đảng ủy Bệnh viện Đa khoa tỉnh"},
	{"dh-hung-vuong", "Đảng ủy Trường Đại học Hùng Vương"},
}

var returnCategories = []struct{ label, group string }{
	{"tổ chức cơ sở đảng", review.GroupOrganizations},
	{"chi bộ trực thuộc đảng ủy cơ sở", review.GroupOrganizations},
	{"đảng viên", review.GroupMembers},
	{"cán bộ lãnh đạo, quản lý", review.GroupLeaders},
}

// unitFigures makes plausible counts of one unit: a few not evaluated, about
// 15% excellent (within the quota), most good, a few completed and some
// not completed.
func unitFigures(r *rand.Rand) []review.Category {
	scale := []int64{40, 300, 6000, 80}
	out := make([]review.Category, len(returnCategories))
	for i, c := range returnCategories {
		total := scale[i]/4 + r.Int64N(scale[i])
		ev := total - r.Int64N(total/20+1)
		exc := ev * (12 + r.Int64N(5)) / 100
		notc := r.Int64N(ev/50 + 1)
		comp := ev / 20
		out[i] = review.Category{Label: c.label, Group: c.group, Total: total,
			Counts: review.Counts{Evaluated: ev, Excellent: exc, Good: ev - exc - comp - notc, Completed: comp, NotCompleted: notc}}
	}
	return out
}

// unitReportText is a unit's own report, in the wording of review reports.
func unitReportText(name string, cats []review.Category) string {
	var b strings.Builder
	fmt.Fprintf(&b, "BÁO CÁO\nkết quả kiểm điểm, đánh giá, xếp loại chất lượng năm 2025 của %s\n", name)
	b.WriteString("I- KẾT QUẢ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG\n")
	for i, c := range cats {
		fmt.Fprintf(&b, "%d- Đối với %s\n%s\n", i+1, c.Label, review.Narrative(c))
	}
	b.WriteString("II- ĐÁNH GIÁ CHUNG\nCông tác kiểm điểm được tiến hành nghiêm túc, đúng quy trình, thời gian quy định.\n")
	return b.String()
}

// multipartBody is a form with one file part.
func multipartBody(t *testing.T, field, filename string, content []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(content)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// cellOf is a table cell of the report: "180 (15,00%)", or "0".
func cellOf(n, ev int64) string {
	if n == 0 {
		return "0"
	}
	return vnInt(n) + " (" + share(n, ev) + ")"
}

// TestReturnConsolidation enters the returns of 19 units by JSON, Excel
// workbook, report text and DOCX; consolidates them; checks every figure
// of the province's report draft and of its annex against sums and shares
// recomputed here from the inputs with big.Rat; and reads the exported
// workbook back through LibreOffice Calc.
func TestReturnConsolidation(t *testing.T) {
	returnScenario(t, startServer(t, testConfig(t)), true)
}

// TestReturnConsolidationEngines runs the same on MinIO (object lock) and
// Meilisearch, without the LibreOffice checks.
func TestReturnConsolidationEngines(t *testing.T) {
	_, _, vars := engines(t)
	returnScenario(t, startServer(t, testConfig(t, vars...)), false)
}

// returnScenario is the consolidation of 19 units on a running server;
// withOffice adds the checks that print the report and read the workbook
// with LibreOffice.
func returnScenario(t *testing.T, ts *testServer, withOffice bool) {
	r := rand.New(rand.NewPCG(2025, 19))
	var units []map[string]string
	inputs := map[string][]review.Category{}
	for _, u := range phuThoUnits {
		units = append(units, map[string]string{"code": u.code, "name": u.name})
		inputs[u.code] = unitFigures(r)
	}
	var cats []map[string]string
	for _, c := range returnCategories {
		cats = append(cats, map[string]string{"label": c.label, "group": c.group})
	}
	def := ts.jsonDo("clerk", "POST", "/api/v1/returns", mustJSON(t, map[string]any{
		"year": 2025, "title": "Tổng hợp kết quả đánh giá, xếp loại chất lượng năm 2025", "units": units, "categories": cats}), 201)
	id := def["id"].(string)
	base := "/api/v1/returns/" + id

	// Bad definitions and roles are refused naming the field.
	code, body, _ := ts.do("clerk", "POST", "/api/v1/returns", mustJSON(t, map[string]any{
		"year": 2025, "title": "x", "units": []map[string]string{{"code": "Viet Tri", "name": "Thành ủy Việt Trì"}}, "categories": cats}))
	if code != 422 || !strings.Contains(string(body), `"units[0].code"`) {
		t.Errorf("bad unit code: %d %s", code, body)
	}
	if code, _, _ := ts.do("viewer", "GET", base, nil); code != 403 {
		t.Errorf("a viewer read a return: %d", code)
	}

	// 1. JSON: seven units.
	for _, u := range phuThoUnits[:7] {
		got := ts.jsonDo("clerk", "PUT", base+"/units/"+u.code, mustJSON(t, map[string]any{"categories": inputs[u.code]}), 200)
		if got["state"] != "received" {
			t.Fatalf("%s: %v", u.code, got)
		}
	}
	bad := inputs["cam-khe"]
	bad[2].Excellent++
	code, body, _ = ts.do("clerk", "PUT", base+"/units/cam-khe", mustJSON(t, map[string]any{"categories": bad}))
	bad[2].Excellent--
	if code != 422 || !strings.Contains(string(body), `"categories[2].evaluated"`) {
		t.Errorf("levels not adding up: %d %s", code, body)
	}

	// 2. Excel: six units, each on the workbook of its own.
	for _, u := range phuThoUnits[7:13] {
		code, tpl, _ := ts.do("clerk", "GET", base+"/template.xlsx?unit="+u.code, nil)
		if code != 200 {
			t.Fatalf("template: %d %s", code, tpl)
		}
		form, ct := multipartBody(t, "xlsx", u.code+".xlsx", returnstest.FillWorkbook(t, tpl, u.code, inputs[u.code], nil))
		code, body, _ = ts.do("clerk", "PUT", base+"/units/"+u.code, form, "Content-Type", ct)
		if code != 200 || !strings.Contains(string(body), `"state":"received"`) {
			t.Fatalf("xlsx of %s: %d %s", u.code, code, body)
		}
	}
	_, tpl, _ := ts.do("clerk", "GET", base+"/template.xlsx?unit=tan-son", nil)
	form, ct := multipartBody(t, "xlsx", "tan-son.xlsx", returnstest.FillWorkbook(t, tpl, "tan-son", inputs["tan-son"], map[string]any{"G7": 12.5}))
	code, body, _ = ts.do("clerk", "PUT", base+"/units/tan-son", form, "Content-Type", ct)
	if code != 422 || !strings.Contains(string(body), `"xlsx:Số liệu!G7"`) {
		t.Errorf("a fraction in the workbook: %d %s", code, body)
	}

	// 3. The units' own reports: three as text, three as DOCX. One text has
	// a rounding slip: the unit is blocked until its figures are entered by
	// hand.
	slipUnit := phuThoUnits[13].code
	for i, u := range phuThoUnits[13:] {
		text := unitReportText(u.name, inputs[u.code])
		if u.code == slipUnit {
			c := inputs[u.code][2]
			right := share(c.Completed, c.Evaluated)
			text = strings.Replace(text, "hoàn thành nhiệm vụ, chiếm "+right, "hoàn thành nhiệm vụ, chiếm "+strings.Replace(right, ",", ",9", 1)[:len(right)], 1)
		}
		var form []byte
		var ct string
		if i < 3 {
			form, ct = multipartBody(t, "text", u.code+".txt", []byte(text))
		} else {
			form, ct = multipartBody(t, "docx", u.code+".docx", docxtest.TextDOCX(t, text))
		}
		code, body, _ := ts.do("clerk", "PUT", base+"/units/"+u.code, form, "Content-Type", ct)
		if code != 200 {
			t.Fatalf("report of %s: %d %s", u.code, code, body)
		}
		var got struct {
			State    string
			Revision struct {
				Text    string
				Figures []struct {
					Path, Excerpt string
					Value         int64
					Start, End    int
				}
				Blocked []struct{ Path, Message string }
			}
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if u.code == slipUnit {
			if got.State != "blocked" || len(got.Revision.Blocked) == 0 || !strings.HasPrefix(got.Revision.Blocked[0].Path, "categories[2]") {
				t.Fatalf("the slip did not block %s: %s", u.code, body)
			}
			continue
		}
		if got.State != "received" || len(got.Revision.Figures) != 24 {
			t.Fatalf("report of %s: state %s, %d figures: %s", u.code, got.State, len(got.Revision.Figures), body)
		}
		for _, f := range got.Revision.Figures {
			if got.Revision.Text[f.Start:f.End] != f.Excerpt || !strings.Contains(f.Excerpt, vnInt(f.Value)) && f.Value != 0 && !strings.HasSuffix(f.Path, ".good") {
				t.Errorf("%s %s = %d: source %q at %d–%d", u.code, f.Path, f.Value, f.Excerpt, f.Start, f.End)
			}
		}
	}

	// The board sees who is blocked and why; a report cannot be made yet.
	v := ts.jsonDo("clerk", "GET", base, nil, 200)
	if fmt.Sprint(v["blocked"]) != "["+slipUnit+"]" || v["complete"] != false || len(v["missing"].([]any)) != 0 {
		t.Fatalf("states: missing %v blocked %v complete %v", v["missing"], v["blocked"], v["complete"])
	}
	header := map[string]any{
		"issuer": map[string]string{"name": "Tỉnh ủy Phú Thọ", "code": "TU"}, "place": "Phú Thọ", "date": "2026-01-20",
		"recipients": []string{"Ban Tổ chức Trung ương", "Thường trực Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy"},
		"signature":  map[string]string{"authority": "T/M", "authority_of": "BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ THƯỜNG TRỰC", "name": "Bùi Minh Châu"},
	}
	code, body, _ = ts.do("clerk", "POST", base+"/report", mustJSON(t, header))
	if code != 422 || !strings.Contains(string(body), `"units.`+slipUnit+`"`) {
		t.Fatalf("report with a blocked unit: %d %s", code, body)
	}
	// Corrected by hand: a new revision.
	fixed := ts.jsonDo("clerk", "PUT", base+"/units/"+slipUnit, mustJSON(t, map[string]any{"categories": inputs[slipUnit]}), 200)
	if fixed["revision"].(map[string]any)["revision"].(float64) != 2 || fixed["state"] != "received" {
		t.Fatalf("correction: %v", fixed)
	}

	// The unit's history keeps the blocked revision with the checker's
	// findings and the text they point into.
	hist := ts.jsonDo("clerk", "GET", base+"/units/"+slipUnit, nil, 200)
	if h := hist["history"].([]any); len(h) != 2 || h[0].(map[string]any)["state"] != "blocked" || h[1].(map[string]any)["source"] != "json" {
		t.Errorf("history of %s: %v", slipUnit, hist["history"])
	}
	first := ts.jsonDo("clerk", "GET", base+"/units/"+slipUnit+"?revision=1", nil, 200)["revision"].(map[string]any)
	if first["text"] == "" || len(first["findings"].([]any)) == 0 || first["file"].(map[string]any)["key"] == "" {
		t.Errorf("revision 1 lacks its text, findings or file: %v", first)
	}
	for _, tc := range []struct {
		method, path string
		body         []byte
		want         int
		field        string
	}{
		{"GET", "/api/v1/returns/000000000000000000000000", nil, 404, ""},
		{"GET", "/api/v1/returns/..%2f..%2fdocs", nil, 404, ""},
		{"PUT", base + "/units/khong-co", mustJSON(t, map[string]any{"categories": inputs["viet-tri"]}), 404, ""},
		{"PUT", base + "/units/viet-tri", []byte(`{"categories": [{"label": "đảng viên", "total": 1.5}]}`), 422, "categories.total"},
		{"PUT", base + "/units/viet-tri", []byte(`{"figures": []}`), 422, "figures"},
		{"POST", base + "/report", []byte(`{"date": "20/01/2026"}`), 422, "date"},
	} {
		code, body, _ := ts.do("clerk", tc.method, tc.path, tc.body)
		if code != tc.want || !strings.Contains(string(body), `"error"`) || (tc.field != "" && !strings.Contains(string(body), `"path":"`+tc.field+`"`)) {
			t.Errorf("%s %s: %d %s, want %d naming %q", tc.method, tc.path, code, body, tc.want, tc.field)
		}
	}
	both := &bytes.Buffer{}
	mw := multipart.NewWriter(both)
	_ = mw.WriteField("text", "Có 1/1 đảng viên được đánh giá, xếp loại.")
	fw, _ := mw.CreateFormFile("xlsx", "x.xlsx")
	_, _ = fw.Write([]byte("x"))
	_ = mw.Close()
	if code, body, _ := ts.do("clerk", "PUT", base+"/units/viet-tri", both.Bytes(), "Content-Type", mw.FormDataContentType()); code != 422 {
		t.Errorf("two parts at once: %d %s", code, body)
	}

	// Independent sums.
	sums := make([]review.Category, len(returnCategories))
	for _, u := range phuThoUnits {
		for i, c := range inputs[u.code] {
			s := &sums[i]
			s.Label = c.Label
			s.Total += c.Total
			s.Evaluated += c.Evaluated
			s.Excellent += c.Excellent
			s.Good += c.Good
			s.Completed += c.Completed
			s.NotCompleted += c.NotCompleted
		}
	}
	v = ts.jsonDo("clerk", "GET", base, nil, 200)
	if v["complete"] != true || v["received"].(float64) != 19 {
		t.Fatalf("not complete: %v", v)
	}
	for i, c := range v["categories"].([]any) {
		m := c.(map[string]any)
		s := sums[i]
		for k, want := range map[string]int64{"total": s.Total, "evaluated": s.Evaluated, "excellent": s.Excellent, "good": s.Good, "completed": s.Completed, "not_completed": s.NotCompleted} {
			if int64(m[k].(float64)) != want {
				t.Errorf("consolidated %s %s = %v, want %d", s.Label, k, m[k], want)
			}
		}
	}

	// The province's report draft.
	doc := ts.document("clerk", "POST", base+"/report", mustJSON(t, header), 201)
	if doc.Status != "draft" || doc.Type != "BC" {
		t.Fatalf("report: %v", doc)
	}
	_, docx, _ := ts.do("clerk", "GET", "/api/v1/documents/"+doc.ID+"/docx", nil)
	text := checkDOCX(t, docx)
	var wants []string
	for i, s := range sums {
		ev, above := s.Evaluated, s.Excellent+s.Good
		wants = append(wants,
			fmt.Sprintf("Có %s/%s %s được đánh giá, xếp loại", vnInt(ev), vnInt(s.Total), s.Label),
			fmt.Sprintf("có %s/%s %s hoàn thành tốt nhiệm vụ trở lên, chiếm %s", vnInt(above), vnInt(ev), s.Label, share(above, ev)),
			fmt.Sprintf("trong đó có %s %s hoàn thành xuất sắc nhiệm vụ, chiếm %s", vnInt(s.Excellent), s.Label, share(s.Excellent, above)),
			fmt.Sprintf("%s/%s %s hoàn thành nhiệm vụ, chiếm %s", vnInt(s.Completed), vnInt(ev), s.Label, share(s.Completed, ev)),
			notCompletedClause(s),
			// The summary table: one cell per line.
			strings.Join([]string{fmt.Sprint(i + 1), upperFirst(s.Label), vnInt(s.Total), vnInt(ev),
				cellOf(s.Excellent, ev), cellOf(s.Good, ev), cellOf(s.Completed, ev), cellOf(s.NotCompleted, ev)}, "\n"),
			// The annex: the sum row of the category's table.
			strings.Join([]string{"Cộng", vnInt(s.Total), vnInt(ev), cellOf(s.Excellent, ev), cellOf(s.Good, ev), cellOf(s.Completed, ev), cellOf(s.NotCompleted, ev)}, "\n"))
		for n, u := range phuThoUnits {
			c := inputs[u.code][i]
			wants = append(wants, strings.Join([]string{fmt.Sprint(n + 1), u.name, vnInt(c.Total), vnInt(c.Evaluated),
				cellOf(c.Excellent, c.Evaluated), cellOf(c.Good, c.Evaluated), cellOf(c.Completed, c.Evaluated), cellOf(c.NotCompleted, c.Evaluated)}, "\n"))
		}
	}
	wants = append(wants, "PHỤ LỤC", "Trên cơ sở báo cáo của 19/19 đơn vị trực thuộc")
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("report text:\n%s", text)
	}

	if withOffice {
		checkAnnexPage(t, docx)
	}

	// The consolidated workbook, read by LibreOffice Calc.
	code, xlsx, _ := ts.do("clerk", "GET", base+"/xlsx", nil)
	if code != 200 {
		t.Fatalf("export: %d %s", code, xlsx)
	}
	if withOffice {
		checkExportWithCalc(t, xlsx, sums, inputs)
	} else if f, err := excelize.OpenReader(bytes.NewReader(xlsx)); err != nil {
		t.Errorf("export is not a workbook: %v", err)
	} else {
		f.Close()
	}

	// Issued by a signer, the return is frozen.
	ts.document("signer", "POST", "/api/v1/documents/"+doc.ID+"/issue", nil, 200)
	code, body, _ = ts.do("clerk", "PUT", base+"/units/viet-tri", mustJSON(t, map[string]any{"categories": inputs["viet-tri"]}))
	if code != 409 {
		t.Errorf("a frozen return took a revision: %d %s", code, body)
	}
	if v := ts.jsonDo("clerk", "GET", base, nil, 200); v["frozen"] != true {
		t.Errorf("not frozen after issuing: %v", v["frozen"])
	}
	audit := ts.jsonDo("admin", "GET", "/api/v1/audit", nil, 200)
	n := 0
	for _, e := range audit["events"].([]any) {
		if e.(map[string]any)["action"] == "return_unit" {
			n++
		}
	}
	if n != 20 {
		t.Errorf("%d return_unit audit events, want 20 (19 units and one correction)", n)
	}
}

// checkExportWithCalc converts every sheet of the exported workbook to CSV
// with LibreOffice and compares the cells with the independent sums.
func checkExportWithCalc(t *testing.T, xlsx []byte, sums []review.Category, inputs map[string][]review.Category) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is required in CI (installed by .ci/test.sh)")
		}
		t.Skip("soffice not installed: the Calc check of the export is skipped")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "tong-hop.xlsx")
	if err := os.WriteFile(src, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	// 44,34,76: comma, double quote, UTF-8; the last token -1 writes every
	// sheet to a file of its own (tong-hop-<sheet>.csv).
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	read := func(sheet string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, "tong-hop-"+sheet+".csv"))
		if err != nil {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("%v (files: %v)", err, entries)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	summary := read("Tổng hợp")
	for i, s := range sums {
		row := summary[4+i]
		ev := s.Evaluated
		want := []string{fmt.Sprint(i + 1), s.Label, fmt.Sprint(s.Total), fmt.Sprint(ev),
			fmt.Sprint(s.Excellent), share(s.Excellent, ev), fmt.Sprint(s.Good), share(s.Good, ev),
			fmt.Sprint(s.Completed), share(s.Completed, ev), fmt.Sprint(s.NotCompleted), share(s.NotCompleted, ev),
			fmt.Sprint(s.Excellent + s.Good), share(s.Excellent+s.Good, ev), share(s.Excellent, s.Excellent+s.Good)}
		if strings.Join(row[:len(want)], "|") != strings.Join(want, "|") {
			t.Errorf("Calc reads the summary row of %s as\n %v\nwant\n %v", s.Label, row, want)
		}
	}
	data := read("Số liệu")
	seen := 0
	for _, row := range data[4:] {
		cats := inputs[row[0]]
		for _, c := range cats {
			if c.Label != row[2] {
				continue
			}
			want := fmt.Sprint(c.Total, c.Evaluated, c.Excellent, c.Good, c.Completed, c.NotCompleted)
			if got := strings.Join(row[4:10], " "); got != want {
				t.Errorf("Calc reads %s, %s as %s, want %s", row[0], row[2], got, want)
			}
			seen++
		}
	}
	if seen != len(inputs)*len(sums) {
		t.Errorf("Calc read %d unit rows, want %d", seen, len(inputs)*len(sums))
	}
}

func notCompletedClause(s review.Category) string {
	if s.NotCompleted == 0 {
		return "không có " + s.Label + " không hoàn thành nhiệm vụ"
	}
	return fmt.Sprintf("%s/%s %s không hoàn thành nhiệm vụ, chiếm %s", vnInt(s.NotCompleted), vnInt(s.Evaluated), s.Label, share(s.NotCompleted, s.Evaluated))
}

func upperFirst(s string) string {
	r := []rune(s)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// checkAnnexPage prints the report with LibreOffice and checks that the
// annex starts on a page of its own, after the signature.
func checkAnnexPage(t *testing.T, docx []byte) {
	t.Helper()
	soffice, pdftotext := converttest.OfficeTools(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "bao-cao.docx")
	if err := os.WriteFile(src, docx, 0o600); err != nil {
		t.Fatal(err)
	}
	converttest.ConvertFile(t, soffice, src, dir, "pdf")
	text := converttest.PDFText(t, pdftotext, filepath.Join(dir, "bao-cao.pdf"))
	signed, annex := -1, -1
	for i, page := range strings.Split(text, "\f") {
		if strings.Contains(page, "Bùi Minh Châu") {
			signed = i
		}
		if strings.Contains(page, "PHỤ LỤC") && annex < 0 {
			annex = i
		}
	}
	t.Logf("signature on page %d, annex from page %d", signed+1, annex+1)
	if signed < 0 || annex <= signed {
		t.Errorf("the signature is on page %d and the annex starts on page %d; want the annex on a later page", signed+1, annex+1)
	}
}
