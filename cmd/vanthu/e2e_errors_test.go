package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBadInput feeds malformed and hostile requests: each gets a clear error
// naming the field, and nothing is stored.
func TestBadInput(t *testing.T) {
	cfg := testConfig(t, "VANTHU_MAX_BODY", "65536")
	ts := startServer(t, cfg)

	valid := exampleRequest(t, "thong-bao-ket-luan.json")
	withData := func(edit func(d map[string]any)) []byte {
		b, _ := json.Marshal(valid)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		edit(m["data"].(map[string]any))
		m["issue"] = true
		return mustJSON(t, m)
	}
	huge := `{"template":"thong-bao-ket-luan","data":{"title":"` + strings.Repeat("x", 70000) + `"}}`
	cases := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"malformed JSON", `{"template": "thong-bao-ket-luan", "data": {`, 400, ""},
		{"not JSON", `hello`, 400, ""},
		{"empty body", ``, 400, ""},
		{"two objects", `{"template":"x"} {"template":"y"}`, 400, ""},
		{"template of wrong type", `{"template": 5, "data": {}}`, 422, "template"},
		{"issue of wrong type", `{"template": "thong-bao-ket-luan", "issue": "yes", "data": {}}`, 422, "issue"},
		{"unknown top-level field", `{"template": "thong-bao-ket-luan", "data": {}, "extra": 1}`, 422, "extra"},
		{"unknown template", `{"template": "../../etc/passwd", "data": {}}`, 422, "template"},
		{"missing template", `{"data": {}}`, 422, "template"},
		{"data not an object", `{"template": "thong-bao-ket-luan", "data": [1,2]}`, 422, "data"},
		{"body over the limit", huge, 413, ""},
		{"bad date", string(withData(func(d map[string]any) { d["date"] = "2019-13-40" })), 422, "data.date"},
		{"date of wrong type", string(withData(func(d map[string]any) { d["date"] = 20190620 })), 422, "data.date"},
		{"number not an integer", string(withData(func(d map[string]any) { d["number"] = 16.7 })), 422, "data.number"},
		{"negative number", string(withData(func(d map[string]any) { d["number"] = -3 })), 422, "data.number"},
		{"missing title", string(withData(func(d map[string]any) { delete(d, "title") })), 422, "data.title"},
		{"missing issuer name", string(withData(func(d map[string]any) { delete(d["issuer"].(map[string]any), "name") })), 422, "data.issuer.name"},
		{"recipients not a list", string(withData(func(d map[string]any) { d["recipients"] = "Thường trực Tỉnh ủy" })), 422, "data.recipients"},
		{"section heading missing", string(withData(func(d map[string]any) { d["sections"] = []any{map[string]any{"paragraphs": []any{"x"}}} })), 422, "data.sections[0].heading"},
		{"unknown secrecy", string(withData(func(d map[string]any) { d["secrecy"] = "BÍ MẬT" })), 422, "data.secrecy"},
		{"unknown data field", string(withData(func(d map[string]any) { d["colour"] = "red" })), 422, "data.colour"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := ts.on(t).do("admin", "POST", "/api/v1/documents", []byte(tc.body))
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
					Fields  []struct{ Path, Message string }
				} `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("error body %s (%v)", body, err)
			}
			if tc.field != "" {
				found := false
				for _, f := range e.Error.Fields {
					if f.Path == tc.field && f.Message != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("no error for field %q: %s", tc.field, body)
				}
			}
		})
	}
	// Values that try to inject XML come out as text.
	doc := ts.document("admin", "POST", "/api/v1/documents", withData(func(d map[string]any) {
		d["title"] = `về việc <w:t>tiêm</w:t> & "trích dẫn" ]]> {number_line} {{x}}` + "\x01\x02"
	}), 201)
	code, docx, _ := ts.do("admin", "GET", "/api/v1/documents/"+doc.ID+"/docx", nil)
	if code != 200 {
		t.Fatal(code)
	}
	text := checkDOCX(t, docx)
	if !strings.Contains(text, `về việc <w:t>tiêm</w:t> & "trích dẫn" ]]> {number_line} {{x}}`) {
		t.Errorf("hostile title not kept literally:\n%s", text)
	}

	// Only the one valid document exists.
	res := ts.search("admin", "/api/v1/documents")
	if res.Total != 1 {
		t.Errorf("documents stored after errors: %v", res.Total)
	}

	for _, path := range []string{
		"/api/v1/documents/does-not-exist",
		"/api/v1/documents/..%2F..%2Fetc%2Fpasswd",
		"/api/v1/documents/0123456789abcdef01234567",
		"/api/v1/documents/..%2Ftokens.json/docx",
		"/api/v1/documents/%2e%2e/docx",
	} {
		code, body, _ := ts.do("admin", "GET", path, nil)
		if code != 404 {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}
	for _, q := range []string{"number=kết luận", "cites=abc", "year=abc", "page=0", "per_page=1000"} {
		code, body, _ := ts.do("viewer", "GET", "/api/v1/documents?"+encodeQuery(q), nil)
		if code != 422 || !strings.Contains(string(body), `"path":"`+strings.Split(q, "=")[0]+`"`) {
			t.Errorf("GET ?%s: %d %s", q, code, body)
		}
	}
}
