package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/convert/libreoffice"
	"vanthu/documents/pdfdoc"
)

// The reliability additions answer as described: a retried creation and
// issuing with the same Idempotency-Key are replayed and marked so, a key
// reused with another body is a 422; without a converter the PDF routes
// answer the described 503.
func TestOpenAPIIdempotencyResponses(t *testing.T) {
	ts := newTestServer(t)
	draft := draftRequest(t)
	docs := "/api/v1/documents"
	resp, body := ts.callWith(t, "post", docs, docs, ts.token, "application/json", draft, "Idempotency-Key", "k-create-1")
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotency-Replayed") != "" {
		t.Fatalf("first creation: %s %v %s", resp.Status, resp.Header, body)
	}
	var d struct{ ID string }
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	resp, again := ts.callWith(t, "post", docs, docs, ts.token, "application/json", draft, "Idempotency-Key", "k-create-1")
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotency-Replayed") != "true" || !bytes.Contains(again, []byte(d.ID)) {
		t.Errorf("replayed creation: %s %v %s", resp.Status, resp.Header, again)
	}
	other := bytes.Replace(draft, []byte(`"Hòa Bình"`), []byte(`"Lạng Sơn"`), 1)
	if bytes.Equal(other, draft) {
		t.Fatal("the draft request has no place to change")
	}
	resp, body = ts.callWith(t, "post", docs, docs, ts.token, "application/json", other, "Idempotency-Key", "k-create-1")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "Idempotency-Key") {
		t.Errorf("a key reused with another body: %s %s", resp.Status, body)
	}
	issue := docs + "/{id}/issue"
	for i, want := range []string{"", "true"} {
		resp, body := ts.callWith(t, "post", issue, docs+"/"+d.ID+"/issue", ts.token, "", nil, "Idempotency-Key", "k-issue-1")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Idempotency-Replayed") != want {
			t.Errorf("issuing #%d: %s Idempotency-Replayed=%q, want %q: %s", i+1, resp.Status, resp.Header.Get("Idempotency-Replayed"), want, body)
		}
	}
	for _, c := range []struct{ method, route, path, ctype string }{
		{"get", docs + "/{id}/pdf", docs + "/" + d.ID + "/pdf", ""},
		{"get", docs + "/{id}/pages/{page}", docs + "/" + d.ID + "/pages/1.png", ""},
		{"post", docs + "/{id}/approval", docs + "/" + d.ID + "/approval", "application/pdf"},
	} {
		var body []byte
		if c.ctype != "" {
			body = []byte("%PDF-1.7\n")
		}
		resp, b := ts.callWith(t, c.method, c.route, c.path, ts.token, c.ctype, body)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "pdf_unavailable") {
			t.Errorf("%s %s without a converter: %s %s", c.method, c.path, resp.Status, b)
		}
	}
}

// The PDF routes answer as described with a real converter (LibreOffice,
// one worker): a draft's PDF and page preview, the refusals of an
// approval, the issued PDF and the pdf object of /verify.
func TestOpenAPIPDFResponses(t *testing.T) {
	converttest.RequireTools(t, "soffice")
	conv, err := libreoffice.Open(libreoffice.Options{Dir: filepath.Join(t.TempDir(), "lo"), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conv.Close() })
	ts := newTestServerPDF(t, false, &pdfdoc.Config{Converter: conv})
	docs := "/api/v1/documents"
	resp, body := ts.call(t, "post", docs, docs, ts.token, draftRequest(t))
	var d struct{ ID string }
	if err := json.Unmarshal(body, &d); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a draft: %s %s", resp.Status, body)
	}
	doc := docs + "/" + d.ID
	pages := docs + "/{id}/pages/{page}"
	for _, c := range []struct {
		method, route, path, ctype string
		body                       []byte
		status                     int
		code                       string
	}{
		{"get", docs + "/{id}/pdf", doc + "/pdf", "", nil, 200, ""},
		{"get", pages, doc + "/pages/1.png", "", nil, 200, ""},
		{"get", pages, doc + "/pages/99.png", "", nil, 422, "invalid_data"},
		{"get", pages, doc + "/pages/one.png", "", nil, 404, "not_found"},
		{"get", pages, doc + "/pages/1", "", nil, 404, "not_found"},
		{"post", docs + "/{id}/approval", doc + "/approval", "application/pdf", []byte("not a PDF"), 422, "approval_pdf"},
		{"post", docs + "/{id}/approval", doc + "/approval", "application/pdf", []byte{}, 400, "invalid_upload"},
		{"post", docs + "/{id}/issue", doc + "/issue", "", nil, 200, ""},
		{"get", docs + "/{id}/pdf", doc + "/pdf", "", nil, 200, ""},
		{"get", docs + "/{id}/verify", doc + "/verify", "", nil, 200, `"pdf":{`},
		{"post", docs + "/{id}/approval", doc + "/approval", "application/pdf", []byte("%PDF-1.7\n"), 409, "conflict"},
	} {
		resp, b := ts.callWith(t, c.method, c.route, c.path, ts.token, c.ctype, c.body)
		if resp.StatusCode != c.status || (c.code != "" && !strings.Contains(string(b), c.code)) {
			t.Errorf("%s %s: %s, want %d %s: %.300s", strings.ToUpper(c.method), c.path, resp.Status, c.status, c.code, b)
		}
		if c.status == 200 && c.method == "get" && !strings.HasSuffix(c.path, "/verify") && len(b) < 1000 {
			t.Errorf("%s: only %d bytes", c.path, len(b))
		}
	}
}

// draftRequest is the notice example as a draft.
func draftRequest(t *testing.T) []byte {
	t.Helper()
	b := bytes.Replace(exampleRequests(t)["thong-bao-ket-luan.json"], []byte(`"issue": true`), []byte(`"issue": false`), 1)
	if !bytes.Contains(b, []byte(`"issue": false`)) {
		t.Fatal("the notice example does not issue at once")
	}
	return b
}
