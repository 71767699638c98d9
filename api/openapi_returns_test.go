package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"vanthu/documents/returns"
	"vanthu/documents/returns/returnstest"
	"vanthu/documents/review"
	"vanthu/templates/docxtest"
)

// returnUnits and returnFigures are a small return: two grassroots
// committees of Huyện ủy Mai Châu and two categories.
var returnUnits = []returns.Unit{{Code: "chieng-chau", Name: "Đảng ủy xã Chiềng Châu"}, {Code: "van-mai", Name: "Đảng ủy xã Vạn Mai"}}

var returnFigures = map[string][]review.Category{
	"chieng-chau": {
		{Label: "chi bộ trực thuộc", Group: review.GroupOrganizations, Total: 14, Counts: review.Counts{Evaluated: 14, Excellent: 2, Good: 10, Completed: 2}},
		{Label: "đảng viên", Group: review.GroupMembers, Total: 312, Counts: review.Counts{Evaluated: 301, Excellent: 45, Good: 231, Completed: 22, NotCompleted: 3}, NotEvaluatedNote: "11 đảng viên được miễn công tác và sinh hoạt đảng"},
	},
	"van-mai": {
		{Label: "chi bộ trực thuộc", Group: review.GroupOrganizations, Total: 12, Counts: review.Counts{Evaluated: 12, Excellent: 2, Good: 8, Completed: 1, NotCompleted: 1}},
		{Label: "đảng viên", Group: review.GroupMembers, Total: 268, Counts: review.Counts{Evaluated: 259, Excellent: 38, Good: 199, Completed: 19, NotCompleted: 3}},
	},
}

// returnResponses runs every route of returns on the real service, through
// each way a unit's figures come in, and checks every answer (and every
// accepted request) against the description.
func returnResponses(t *testing.T, ts *testServer) {
	const (
		list   = "/api/v1/returns"
		one    = "/api/v1/returns/{id}"
		unit   = one + "/units/{code}"
		tpl    = one + "/template.xlsx"
		export = one + "/xlsx"
		report = one + "/report"
	)
	def := returns.CreateRequest{Year: 2023, Title: "Tổng hợp kết quả đánh giá, xếp loại chất lượng năm 2023", Units: returnUnits,
		Categories: []returns.CategoryDef{{Label: "chi bộ trực thuộc", Group: review.GroupOrganizations}, {Label: "đảng viên", Group: review.GroupMembers}}}
	body, _ := json.Marshal(def)
	resp, b := ts.call(t, "post", list, list, ts.token, body)
	var created returns.View
	if err := json.Unmarshal(b, &created); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a return: %s %s", resp.Status, b)
	}
	if loc := resp.Header.Get("Location"); loc != list+"/"+created.ID {
		t.Errorf("Location %q, want %s/%s", loc, list, created.ID)
	}
	id := list + "/" + created.ID
	figures := func(code string, edit func([]review.Category)) []byte {
		cats := append([]review.Category(nil), returnFigures[code]...)
		if edit != nil {
			edit(cats)
		}
		b, _ := json.Marshal(map[string]any{"categories": cats})
		return b
	}
	text := unitText(returnFigures["van-mai"])
	wrong := append([]review.Category(nil), returnFigures["van-mai"]...)
	wrong[1].Good += 10 // the levels no longer add up to the evaluated: blocked
	textForm, textType := formBody(t, map[string][]byte{"text": []byte(unitText(wrong))})
	docxForm, docxType := formBody(t, map[string][]byte{"docx": docxtest.TextDOCX(t, text)})
	twoParts, twoType := formBody(t, map[string][]byte{"text": []byte(text), "docx": docxtest.TextDOCX(t, text)})
	reportReq := []byte(`{"issuer": {"superior": "Đảng bộ tỉnh Hòa Bình", "name": "Huyện ủy Mai Châu", "code": "HU"}, "place": "Mai Châu",
		"date": "2024-01-15", "recipients": ["Ban Tổ chức Tỉnh ủy", "Lưu Văn phòng Huyện ủy"],
		"signature": {"authority": "T/M", "authority_of": "BAN THƯỜNG VỤ", "position": "BÍ THƯ", "name": "Hà Văn Lâm"}}`)

	type request struct {
		method, route, path, token, ctype string
		body                              []byte
		status                            int
	}
	run := func(rs []request) {
		t.Helper()
		for _, r := range rs {
			if r.ctype == "" && r.body != nil {
				r.ctype = "application/json"
			}
			if resp, b := ts.callWith(t, r.method, r.route, r.path, r.token, r.ctype, r.body); resp.StatusCode != r.status {
				t.Errorf("%s %s: %s, want %d: %s", strings.ToUpper(r.method), r.path, resp.Status, r.status, b)
			}
		}
	}
	run([]request{
		{"post", list, list, ts.token, "", []byte(`{"year": `), 400},
		{"post", list, list, ts.token, "", []byte(`{"year": 1800, "title": "", "units": [], "categories": []}`), 422},
		{"post", list, list, ts.token, "", []byte(`{"colour": "red"}`), 422},
		{"post", list, list, ts.viewer, "", body, 403},
		{"post", list, list, "", "", body, 401},
		{"get", list, list, ts.token, "", nil, 200},
		{"get", list, list, ts.viewer, "", nil, 403},
		{"get", one, id, ts.token, "", nil, 200},
		{"get", one, list + "/000000000000000000000000", ts.token, "", nil, 404},
		{"get", one, list + "/khong-co", ts.token, "", nil, 404},
		{"get", tpl, id + "/template.xlsx?unit=khong-co", ts.token, "", nil, 404},
		{"post", report, id + "/report", ts.token, "", reportReq, 422}, // no unit has returned
		{"put", unit, id + "/units/chieng-chau", ts.token, "", figures("chieng-chau", nil), 200},
		{"put", unit, id + "/units/chieng-chau", ts.token, "", figures("chieng-chau", func(c []review.Category) { c[1].Good++ }), 422},
		{"put", unit, id + "/units/chieng-chau", ts.token, "", []byte(`{"categories": [{"label": "đảng viên", "total": "nhiều"}]}`), 422},
		{"put", unit, id + "/units/khong-co", ts.token, "", figures("chieng-chau", nil), 404},
		{"put", unit, id + "/units/van-mai", ts.token, textType, textForm, 200},
		{"get", one, id, ts.token, "", nil, 200},
	})
	if v := getReturn(t, ts, id); len(v.Blocked) != 1 || v.Units[1].State != returns.StateBlocked || len(v.Units[1].Blocked) == 0 {
		t.Errorf("after a report text whose levels do not add up, van-mai is %q (blocked %v), want blocked", v.Units[1].State, v.Blocked)
	}
	run([]request{{"put", unit, id + "/units/van-mai", ts.token, docxType, docxForm, 200}})
	if v := getReturn(t, ts, id); v.Units[1].State != returns.StateReceived || v.Units[1].Source != returns.SourceDOCX || !v.Complete {
		t.Errorf("after the unit's report as Word, van-mai is %q from %q, want received from docx", v.Units[1].State, v.Units[1].Source)
	}
	// The service refuses a form of two parts, and so does the description.
	form, _ := lookupObject(ts.doc, "paths", unit, "put", "requestBody", "content", "multipart/form-data")
	if errs := ts.vd.validate(form["schema"], map[string]any{"text": "…", "docx": "…"}, "$"); len(errs) == 0 {
		t.Error("the description allows a form with the parts text and docx")
	}
	run([]request{
		{"put", unit, id + "/units/van-mai", ts.token, twoType, twoParts, 422},
		{"put", unit, id + "/units/van-mai", ts.token, "multipart/form-data; boundary=x", []byte("not a form"), 400},
		{"get", unit, id + "/units/van-mai", ts.token, "", nil, 200},
		{"get", unit, id + "/units/van-mai?revision=1", ts.token, "", nil, 200},
		{"get", unit, id + "/units/van-mai?revision=x", ts.token, "", nil, 422},
		{"get", unit, id + "/units/van-mai?revision=9", ts.token, "", nil, 404},
	})
	// The workbooks are Excel files with the published sheets; the unit
	// fills its rows and sends the workbook back.
	empty := workbook(t, ts, tpl, id+"/template.xlsx?unit=van-mai", "Số liệu")
	filled := returnstest.FillWorkbook(t, empty, "van-mai", returnFigures["van-mai"], nil)
	xlsxForm, xlsxType := formBody(t, map[string][]byte{"xlsx": filled})
	run([]request{
		{"put", unit, id + "/units/van-mai", ts.token, xlsxType, xlsxForm, 200},
		{"post", report, id + "/report", ts.token, "", []byte(`{"place": "Mai Châu", "date": "15/01/2024"}`), 422},
	})
	workbook(t, ts, tpl, id+"/template.xlsx", "Số liệu")
	workbook(t, ts, export, id+"/xlsx", "Tổng hợp", "Số liệu")
	resp, b = ts.call(t, "post", report, id+"/report", ts.token, reportReq)
	var doc struct{ ID, Template string }
	if err := json.Unmarshal(b, &doc); err != nil || resp.StatusCode != http.StatusCreated || doc.Template != returns.ReportTemplate {
		t.Fatalf("make the report: %s %s", resp.Status, b)
	}
	// Once the report is issued, the return is frozen.
	run([]request{
		{"post", "/api/v1/documents/{id}/issue", "/api/v1/documents/" + doc.ID + "/issue", ts.token, "", nil, 200},
		{"put", unit, id + "/units/chieng-chau", ts.token, "", figures("chieng-chau", nil), 409},
		{"post", report, id + "/report", ts.token, "", reportReq, 409},
	})
	if v := getReturn(t, ts, id); !v.Complete || !v.Frozen || len(v.Reports) != 1 || v.Reports[0].Status != "issued" || !v.Reports[0].UpToDate {
		t.Errorf("the return after its report is issued: complete %v, frozen %v, reports %+v", v.Complete, v.Frozen, v.Reports)
	}
}

// getReturn reads a return through call.
func getReturn(t *testing.T, ts *testServer, path string) returns.View {
	t.Helper()
	resp, b := ts.call(t, "get", "/api/v1/returns/{id}", path, ts.token, nil)
	var v returns.View
	if err := json.Unmarshal(b, &v); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", path, resp.Status, b)
	}
	return v
}

// TestReturnsNotConfigured: on a server built without a returns service
// every route of returns is there and answers 503 in the error shape.
func TestReturnsNotConfigured(t *testing.T) {
	ts := newTestServerWith(t, false)
	for _, c := range []struct{ method, route, path string }{
		{"get", "/api/v1/returns", "/api/v1/returns"},
		{"get", "/api/v1/returns/{id}/units/{code}", "/api/v1/returns/000000000000000000000000/units/mai-chau"},
	} {
		resp, b := ts.call(t, c.method, c.route, c.path, ts.token, nil)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), `"unavailable"`) {
			t.Errorf("%s %s: %s %s", c.method, c.path, resp.Status, b)
		}
	}
	// Authentication still comes first.
	if resp, _ := ts.call(t, "get", "/api/v1/returns", "/api/v1/returns", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without a token: %s", resp.Status)
	}
}

// workbook downloads a workbook through call and checks that it opens
// with the sheets given.
func workbook(t *testing.T, ts *testServer, route, path string, sheets ...string) []byte {
	t.Helper()
	resp, b := ts.call(t, "get", route, path, ts.token, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", path, resp.Status, b)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET %s: not a workbook: %v", path, err)
	}
	defer f.Close()
	for _, s := range sheets {
		if idx, err := f.GetSheetIndex(s); err != nil || idx < 0 {
			t.Errorf("GET %s: no sheet %q in %v", path, s, f.GetSheetList())
		}
	}
	return b
}

// unitText is a unit's report in the wording of review reports.
func unitText(cats []review.Category) string {
	var b strings.Builder
	b.WriteString("BÁO CÁO\nkết quả kiểm điểm, đánh giá, xếp loại chất lượng năm 2023\n")
	for i, c := range cats {
		fmt.Fprintf(&b, "%d- Đối với %s\n%s\n", i+1, c.Label, review.Narrative(c))
	}
	return b.String()
}

// formBody is a multipart form with one file part per entry.
func formBody(t *testing.T, parts map[string][]byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, content := range parts {
		w, err := mw.CreateFormFile(name, "bao-cao."+name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}
