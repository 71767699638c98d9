package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"vanthu/api"
	"vanthu/templates/docxtest"
)

// share recomputes a percentage independently of the service: exact
// rational arithmetic, rounded half-up to two decimals, Vietnamese comma.
func share(part, whole int64) string {
	r := new(big.Rat).SetFrac64(part*100, whole)
	return strings.Replace(r.FloatString(2), ".", ",", 1) + "%"
}

// vnInt groups thousands with dots.
func vnInt(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// TestReviewReport creates the example report and checks every figure of
// every category against an independent recomputation.
func TestReviewReport(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	req := exampleRequest(t, "bao-cao-danh-gia-xep-loai.json")
	doc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, req), 201)
	if doc.Type != "BC" {
		t.Fatalf("report: %v", doc)
	}
	_, docx, _ := ts.do("admin", "GET", "/api/v1/documents/"+doc.ID+"/docx", nil)
	text := checkDOCX(t, docx)
	if strings.Contains(text, "{") {
		t.Fatalf("placeholder left:\n%s", text)
	}
	cats := req["data"].(map[string]any)["categories"].([]any)
	if len(cats) < 4 {
		t.Fatalf("the example should have several categories, has %d", len(cats))
	}
	groups := map[string]bool{}
	for _, c := range cats {
		m := c.(map[string]any)
		n := func(k string) int64 { return int64(m[k].(float64)) }
		label := m["label"].(string)
		groups[m["group"].(string)] = true
		ev, exc, good, comp, notc := n("evaluated"), n("excellent"), n("good"), n("completed"), n("not_completed")
		wants := []string{
			fmt.Sprintf("%s/%s %s hoàn thành tốt nhiệm vụ trở lên, chiếm %s", vnInt(exc+good), vnInt(ev), label, share(exc+good, ev)),
			fmt.Sprintf("%s/%s %s hoàn thành nhiệm vụ, chiếm %s", vnInt(comp), vnInt(ev), label, share(comp, ev)),
		}
		if exc > 0 {
			wants = append(wants, fmt.Sprintf("có %s %s hoàn thành xuất sắc nhiệm vụ, chiếm %s", vnInt(exc), label, share(exc, exc+good)))
		}
		if notc > 0 {
			wants = append(wants, fmt.Sprintf("%s/%s %s không hoàn thành nhiệm vụ, chiếm %s", vnInt(notc), vnInt(ev), label, share(notc, ev)))
		}
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("report lacks %q", w)
			}
		}
	}
	if len(groups) != 4 {
		t.Errorf("the example covers groups %v, want all four", groups)
	}

	// Wrong sums are refused with the category and the numbers.
	bad := func(edit func(c map[string]any)) (int, string) {
		b, _ := json.Marshal(req)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		delete(m["data"].(map[string]any), "number") // numbered by the register
		edit(m["data"].(map[string]any)["categories"].([]any)[0].(map[string]any))
		code, body, _ := ts.do("admin", "POST", "/api/v1/documents", mustJSON(t, m))
		return code, string(body)
	}
	first := cats[0].(map[string]any)
	code, body := bad(func(c map[string]any) { c["excellent"] = c["excellent"].(float64) + 1 })
	if code != 422 || !strings.Contains(body, "data.categories[0]") || !strings.Contains(body, first["label"].(string)) {
		t.Errorf("levels not adding up: %d %s", code, body)
	}
	code, body = bad(func(c map[string]any) { c["evaluated"] = c["total"].(float64) + 5 })
	if code != 422 || !strings.Contains(body, "data.categories[0]") {
		t.Errorf("evaluated above total: %d %s", code, body)
	}
	code, body = bad(func(c map[string]any) { c["good"] = -1 })
	if code != 422 || !strings.Contains(body, "data.categories[0].good") {
		t.Errorf("negative count: %d %s", code, body)
	}
	code, body = bad(func(c map[string]any) { c["good"] = 2.5 })
	if code != 422 || !strings.Contains(body, "data.categories[0].good") {
		t.Errorf("non-integer count: %d %s", code, body)
	}
	// Over the 20% quota: a warning, never a refusal.
	code, body = bad(func(c map[string]any) {
		moved := c["good"].(float64) / 2
		c["excellent"] = c["excellent"].(float64) + moved
		c["good"] = c["good"].(float64) - moved
	})
	if code != 201 || !strings.Contains(body, `"warnings":[{`) {
		t.Errorf("quota: %d %s", code, body)
	}
	res := ts.search("admin", "/api/v1/documents?type=BC")
	if res.Total != 2 {
		t.Errorf("refused reports were stored: %v", res.Total)
	}
}

// TestStatisticsChecker posts a report paragraph with planted slips.
func TestStatisticsChecker(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	text := "Kết quả, có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54% (trong đó có 92 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 17,93%); 20/513 chi bộ hoàn thành nhiệm vụ, chiếm 3,90%; 8/513 chi bộ không hoàn thành nhiệm vụ, chiếm 1,56%."
	res := ts.jsonDo("viewer", "POST", "/api/v1/checks/statistics", mustJSON(t, map[string]string{"text": text}), 200)
	claims := res["claims"].([]any)
	verdicts := map[string]string{}
	for _, c := range claims {
		m := c.(map[string]any)
		verdicts[m["stated"].(string)] = m["verdict"].(string)
		if m["stated"] == "17,93%" && m["computed"] != "18,97%" {
			t.Errorf("wrong base not corrected: %v", m)
		}
	}
	if verdicts["94,54%"] != "ok" || verdicts["17,93%"] != "wrong" || verdicts["3,90%"] != "ok" || verdicts["1,56%"] != "ok" {
		t.Errorf("verdicts: %v", verdicts)
	}
	for _, body := range []string{`{"text": ""}`, `{"text": 5}`, `{`} {
		if code, b, _ := ts.do("viewer", "POST", "/api/v1/checks/statistics", []byte(body)); code < 400 || !strings.Contains(string(b), `"error"`) {
			t.Errorf("checker with %s: %d %s", body, code, b)
		}
	}
}

// docxWith builds a minimal Word file whose body holds the given paragraphs;
// extra adds or replaces parts.
func docxWith(t *testing.T, paragraphs []string, extra map[string]string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, p)
	}
	return docxtest.Package(t, body.String()+`<w:sectPr/>`, extra)
}

func (ts *testServer) upload(role string, docx []byte, manifest string) (int, string) {
	ts.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("docx", "mau.docx")
	_, _ = fw.Write(docx)
	_ = mw.WriteField("manifest", manifest)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", ts.base+"/api/v1/templates", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+ts.tokens[role])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

const planManifest = `{"name": "ke-hoach-kiem-tra", "title": "Kế hoạch kiểm tra", "type_code": "KH", "type_name": "KẾ HOẠCH", "kind": "generic",
 "fields": [
  {"name": "issuer", "type": "object", "required": true, "fields": [{"name": "name", "type": "string", "required": true}, {"name": "code", "type": "string", "required": true}]},
  {"name": "number", "type": "integer", "min": 1},
  {"name": "place", "type": "string", "required": true},
  {"name": "date", "type": "date", "required": true},
  {"name": "title", "type": "string", "required": true},
  {"name": "don_vi", "type": "list", "item": {"type": "string"}, "required": true}
 ],
 "placeholders": ["issuer_name", "number_line", "place_date", "title", "don_vi.text"]}`

// TestUploadedTemplate: staff add a template of their own; it fills and
// downloads like a built-in one, survives a restart, and hostile files are
// refused with a clear message.
func TestUploadedTemplate(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	good := docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "KẾ HOẠCH", "{title}", "- {don_vi.text}"}, nil)
	if code, body := ts.upload("clerk", good, planManifest); code != 403 {
		t.Errorf("clerk uploading: %d %s", code, body)
	}
	hostile := []struct {
		name     string
		docx     []byte
		manifest string
		want     string
	}{
		{"not a zip", []byte("MZ not a word file"), planManifest, "zip"},
		{"mustache braces", docxWith(t, []string{"{{issuer_name}}", "{number_line}", "{place_date}", "{title}", "{don_vi.text}"}, nil), planManifest, "{{"},
		{"stray brace", docxWith(t, []string{"{issuer_name}", "{number_line", "{place_date}", "{title}", "{don_vi.text}"}, nil), planManifest, "never closed"},
		{"placeholder not in manifest", docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "{title}", "{don_vi.text}", "{bi_mat}"}, nil), planManifest, "bi_mat"},
		{"manifest placeholder missing from file", docxWith(t, []string{"{issuer_name}", "{number_line}", "{title}", "{don_vi.text}"}, nil), planManifest, "place_date"},
		{"macro", docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "{title}", "{don_vi.text}"}, map[string]string{"word/vbaProject.bin": "x"}), planManifest, "macro"},
		{"external relationship", docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "{title}", "{don_vi.text}"}, map[string]string{"word/_rels/document.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://evil.example/x.png" TargetMode="External"/></Relationships>`}), planManifest, "external"},
		{"zip bomb", docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "{title}", "{don_vi.text}"}, map[string]string{"word/media/bomb.xml": strings.Repeat("A", 60<<20)}), planManifest, "uncompressed"},
		{"built-in name", good, strings.Replace(planManifest, "ke-hoach-kiem-tra", "thong-bao-ket-luan", 1), "built-in"},
		{"bad manifest", good, `{"name": 5}`, "manifest"},
		{"no date field", good, strings.Replace(planManifest, `{"name": "date", "type": "date", "required": true},`, ``, 1), "date (date, required)"},
	}
	for _, h := range hostile {
		code, body := ts.upload("admin", h.docx, h.manifest)
		if code < 400 || code >= 500 || !strings.Contains(strings.ToLower(body), strings.ToLower(h.want)) {
			t.Errorf("%s: %d %s", h.name, code, body)
		}
	}
	if code, body := ts.upload("admin", good, planManifest); code != 201 {
		t.Fatalf("upload: %d %s", code, body)
	}
	list := ts.jsonDo("viewer", "GET", "/api/v1/templates", nil, 200)
	if !strings.Contains(string(mustJSON(t, list)), "ke-hoach-kiem-tra") {
		t.Errorf("uploaded template not listed: %v", list)
	}
	create := func() api.Document {
		return ts.document("signer", "POST", "/api/v1/documents", []byte(`{"template": "ke-hoach-kiem-tra", "issue": true, "data": {
		 "issuer": {"name": "Ủy ban Kiểm tra Tỉnh ủy", "code": "UBKTTU"}, "place": "Lạng Sơn", "date": "2026-02-05",
		 "title": "kiểm tra việc thực hiện Chỉ thị số 28-CT/TW", "don_vi": ["Đảng ủy Khối", "Huyện ủy Cao Lộc"]}}`), 201)
	}
	doc := create()
	if doc.Number != "01-KH/UBKTTU" {
		t.Errorf("number: %v", doc.Number)
	}
	_, docx, _ := ts.do("signer", "GET", "/api/v1/documents/"+doc.ID+"/docx", nil)
	text := checkDOCX(t, docx)
	for _, want := range []string{"ỦY BAN KIỂM TRA TỈNH ỦY", "Số 01-KH/UBKTTU", "Lạng Sơn, ngày 05 tháng 02 năm 2026", "- Huyện ủy Cao Lộc"} {
		if !strings.Contains(text, want) {
			t.Errorf("uploaded template output lacks %q:\n%s", want, text)
		}
	}
	// After a restart the template is still there.
	ts.shutdown()
	ts.start()
	create()
	if code, b, _ := ts.do("admin", "DELETE", "/api/v1/templates/ke-hoach-kiem-tra", nil); code != 409 {
		t.Errorf("deleting a template in use: %d %s", code, b)
	}
	if code, b, _ := ts.do("admin", "DELETE", "/api/v1/templates/thong-bao-ket-luan", nil); code != 409 {
		t.Errorf("deleting a built-in template: %d %s", code, b)
	}
}
