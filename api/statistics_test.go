package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/documents/statcheck"
)

// statisticsServer serves the API with one viewer token.
func statisticsServer(t *testing.T) (http.Handler, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tokens.json")
	tok, err := AddToken(path, "Lê Văn C", "viewer", "")
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{Tokens: tokens, MaxUpload: 1 << 20}).Handler(), tok
}

func multipartBody(t *testing.T, name, filename string, content []byte) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	var err error
	if filename != "" {
		w, e := mw.CreateFormFile(name, filename)
		if e == nil {
			_, e = w.Write(content)
		}
		err = e
	} else {
		err = mw.WriteField(name, string(content))
	}
	if err != nil {
		t.Fatal(err)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

func TestCheckStatisticsUploads(t *testing.T) {
	h, tok := statisticsServer(t)
	post := func(body *bytes.Buffer, contentType string) (int, map[string]any) {
		req := httptest.NewRequest("POST", "/api/v1/checks/statistics", body)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	// A pasted table with one slip: 30/412 is 7,28%.
	text := "Tổng số đảng viên được đánh giá, xếp loại là 412 đồng chí.\nMức xếp loại\tSố lượng\tTỷ lệ (%)\nTổng số\t412\t100\nHoàn thành xuất sắc nhiệm vụ\t78\t18,93\nHoàn thành tốt nhiệm vụ\t301\t73,06\nHoàn thành nhiệm vụ\t30\t7,82\nKhông hoàn thành nhiệm vụ\t3\t0,73\n"
	body, ct := multipartBody(t, "text", "", []byte(text))
	code, out := post(body, ct)
	if code != 200 || out["summary"].(map[string]any)["wrong"] != 1.0 {
		t.Fatalf("text part: %d %v", code, out)
	}
	// The same as a DOCX: the response carries the text the offsets point into.
	docx := tableDOCX(t, text)
	body, ct = multipartBody(t, "docx", "bao-cao.docx", docx)
	code, out = post(body, ct)
	if code != 200 || out["summary"].(map[string]any)["wrong"] != 1.0 || !strings.Contains(out["text"].(string), "Hoàn thành nhiệm vụ\t30\t7,82") {
		t.Fatalf("docx part: %d %v", code, out)
	}
	for _, c := range out["claims"].([]any) {
		m := c.(map[string]any)
		start, end := int(m["start"].(float64)), int(m["end"].(float64))
		if out["text"].(string)[start:end] != m["text"] {
			t.Errorf("claim %v does not point into the returned text", m)
		}
	}
	// Refusals name the part.
	body, ct = multipartBody(t, "docx", "bao-cao.docx", []byte("không phải DOCX"))
	if code, out := post(body, ct); code != 422 || !strings.Contains(mustMarshal(out), `"docx"`) {
		t.Errorf("not a DOCX: %d %v", code, out)
	}
	body, ct = multipartBody(t, "other", "", []byte("x"))
	if code, out := post(body, ct); code != 422 || !strings.Contains(mustMarshal(out), `"text"`) {
		t.Errorf("no part: %d %v", code, out)
	}
}

func mustMarshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// tableDOCX writes text as a Word document: lines with tabs become table
// rows, others paragraphs.
func tableDOCX(t *testing.T, text string) []byte {
	t.Helper()
	var body strings.Builder
	inTable := false
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		cells := strings.Split(line, "\t")
		switch {
		case len(cells) > 1 && !inTable:
			body.WriteString("<w:tbl>")
			inTable = true
		case len(cells) == 1 && inTable:
			body.WriteString("</w:tbl>")
			inTable = false
		}
		if len(cells) == 1 {
			body.WriteString("<w:p><w:r><w:t>" + line + "</w:t></w:r></w:p>")
			continue
		}
		body.WriteString("<w:tr>")
		for _, c := range cells {
			body.WriteString("<w:tc><w:p><w:r><w:t>" + c + "</w:t></w:r></w:p></w:tc>")
		}
		body.WriteString("</w:tr>")
	}
	if inTable {
		body.WriteString("</w:tbl>")
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`
	b, err := statcheckTestZip(map[string]string{"word/document.xml": doc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := statcheck.ExtractDOCX(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func statcheckTestZip(parts map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(content)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestCheckStatisticsUploadTooLarge: a multipart upload over the limit is
// a 413 naming the part, found by the error's type whatever wraps it.
func TestCheckStatisticsUploadTooLarge(t *testing.T) {
	h, tok := statisticsServer(t)
	body, ct := multipartBody(t, "docx", "bao-cao.docx", bytes.Repeat([]byte("x"), 2<<20))
	req := httptest.NewRequest("POST", "/api/v1/checks/statistics", body)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", ct)
	req.ContentLength = -1 // sent in chunks: the limit is met while the form is read
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%d: not JSON: %s", rec.Code, rec.Body.String())
	}
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "too_large") {
		t.Errorf("status %d: %s", rec.Code, rec.Body.String())
	}
}
