package api

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/returns"
	"vanthu/documents/signing"
	"vanthu/search/bleveindex"
	"vanthu/templates"
)

// The OpenAPI description is kept true by these tests: every route of the
// engine is described and every described route exists, every reference
// resolves, every operation names its role, the examples of
// templates/examples validate against the request schema, and the answers
// of a real service validate against the response schemas.

// roles are the values an operation's security requirement may name.
var roles = []string{"viewer", "clerk", "signer", "admin"}

var methods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// embeddedDescription decodes api/openapi.json.
func embeddedDescription(t *testing.T) map[string]any {
	t.Helper()
	v, err := decodeJSON(openAPIJSON)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return v.(map[string]any)
}

// ginPath turns "/documents/:id" into the OpenAPI form "/documents/{id}".
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc := embeddedDescription(t)
	routes := map[string]bool{}
	for _, r := range New(Options{}).engine.Routes() {
		routes[strings.ToLower(r.Method)+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
	}
	described := map[string]bool{}
	paths, _ := doc["paths"].(map[string]any)
	for p, item := range paths {
		for m := range item.(map[string]any) {
			if slices.Contains(methods, m) {
				described[m+" "+p] = true
			}
		}
	}
	for r := range routes {
		if !described[r] {
			t.Errorf("the route %s is not described in api/openapi.json: add it under \"paths\"", r)
		}
	}
	for d := range described {
		if !routes[d] {
			t.Errorf("api/openapi.json describes %s, which is not a route", d)
		}
	}
	if !routes["get /api/v1/openapi.json"] {
		t.Error("the description is not served")
	}
}

func TestOpenAPIStructure(t *testing.T) {
	doc := embeddedDescription(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi is %v, want 3.1.0", doc["openapi"])
	}
	vd := &validator{root: doc}
	// Every reference resolves.
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"]; ok {
				if _, err := vd.resolve(ref); err != nil {
					t.Errorf("%s: %v", path, err)
				}
			}
			for k, c := range x {
				walk(c, path+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s/%d", path, i))
			}
		}
	}
	walk(doc, "#")
	// Every schema uses only keywords the validator knows.
	schemas, _ := lookupObject(doc, "components", "schemas")
	for name, s := range schemas {
		for _, k := range unknownKeywords(s, name) {
			t.Errorf("the test validator does not know the keyword %s", k)
		}
	}
	// Every operation has a unique id and names the role it needs; those
	// that need a token answer 401 with the error shape.
	ids := map[string]string{}
	paths, _ := doc["paths"].(map[string]any)
	for p, item := range paths {
		for m, o := range item.(map[string]any) {
			if !slices.Contains(methods, m) {
				continue
			}
			op := o.(map[string]any)
			where := strings.ToUpper(m) + " " + p
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] != "" {
				t.Errorf("%s: operationId %q is missing or also used by %s", where, id, ids[id])
			}
			ids[id] = where
			sec, ok := op["security"].([]any)
			if !ok {
				t.Errorf("%s: no security requirement (use [] for a public operation)", where)
				continue
			}
			if len(sec) == 0 {
				if strings.HasPrefix(p, "/api/v1/") && p != "/api/v1/openapi.json" {
					t.Errorf("%s is described as public but every /api/v1 route except the description needs a token", where)
				}
				continue
			}
			req, _ := sec[0].(map[string]any)["bearerToken"].([]any)
			if len(req) != 1 || !slices.Contains(roles, req[0].(string)) || op["x-vanthu-role"] != req[0] {
				t.Errorf("%s: security %v and x-vanthu-role %v must name one of %v", where, sec, op["x-vanthu-role"], roles)
			}
			responses, _ := op["responses"].(map[string]any)
			if _, ok := responses["401"]; !ok {
				t.Errorf("%s needs a token but does not describe its 401", where)
			}
		}
	}
}

// testServer is a real service behind the API: filesystem archive, bleve
// index, the built-in templates, a generated signing key, the returns
// service over the same archive, an admin token and a viewer token.
type testServer struct {
	*httptest.Server
	token  string
	viewer string
	doc    map[string]any // the served description
	vd     *validator
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, true)
}

// newTestServerWith builds the test server, with or without the returns
// service.
func newTestServerWith(t *testing.T, withReturns bool) *testServer {
	t.Helper()
	return newTestServerPDF(t, withReturns, nil)
}

// newTestServerPDF is newTestServerWith with the PDF features of pdf (nil:
// off).
func newTestServerPDF(t *testing.T, withReturns bool, pdf *pdfdoc.Config) *testServer {
	t.Helper()
	dir := t.TempDir()
	arc, err := fsarchive.Open(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arc.Close() })
	ix, err := bleveindex.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	signer, _, err := signing.LoadOrCreate(filepath.Join(dir, "key"), "Văn phòng Tỉnh ủy", "Tỉnh ủy Hòa Bình", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	docs, err := documents.New(documents.Options{Archive: arc, Index: ix, Templates: reg, Signer: signer,
		Trusted: []*x509.Certificate{signer.Certificate()}, Logger: logger, PDF: pdf})
	if err != nil {
		t.Fatal(err)
	}
	tokensPath := filepath.Join(dir, "tokens.json")
	token, err := AddToken(tokensPath, "Văn thư", "admin", "TUYỆT MẬT")
	if err != nil {
		t.Fatal(err)
	}
	viewer, err := AddToken(tokensPath, "Người đọc", "viewer", "")
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := LoadTokens(tokensPath)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Docs: docs, Tokens: tokens, CertificatePEM: signer.CertificatePEM(), Logger: logger}
	if withReturns {
		if opts.Returns, err = returns.New(returns.Options{Archive: arc, Docs: docs}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(New(opts).Handler())
	t.Cleanup(srv.Close)
	ts := &testServer{Server: srv, token: token, viewer: viewer}
	resp, body := ts.do(t, http.MethodGet, "/api/v1/openapi.json", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %s", resp.Status)
	}
	v, err := decodeJSON(body)
	if err != nil {
		t.Fatal(err)
	}
	ts.doc = v.(map[string]any)
	ts.vd = &validator{root: ts.doc}
	return ts
}

// do sends a request with a token ("" for none) and a JSON body (nil for
// none), and returns the answer and its body.
func (ts *testServer) do(t *testing.T, method, path, token string, body []byte) (*http.Response, []byte) {
	t.Helper()
	ctype := ""
	if body != nil {
		ctype = "application/json"
	}
	return ts.send(t, method, path, token, ctype, body)
}

// send is do with a body of any type.
// hdr holds further request headers as name, value pairs.
func (ts *testServer) send(t *testing.T, method, path, token, ctype string, body []byte, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// schema returns a component schema of the served description.
func (ts *testServer) schema(t *testing.T, name string) any {
	t.Helper()
	s, ok := lookupObject(ts.doc, "components", "schemas", name)
	if !ok {
		t.Fatalf("components.schemas.%s is missing", name)
	}
	return s
}

func exampleRequests(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "templates", "examples", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// The examples validate against the request schema of the served
// description, data included; edited copies that the service refuses do
// not.
func TestOpenAPIExamplesValidate(t *testing.T) {
	ts := newTestServer(t)
	create := ts.schema(t, "CreateDocumentRequest")
	for name, raw := range exampleRequests(t) {
		t.Run(name, func(t *testing.T) {
			v, err := decodeJSON(raw)
			if err != nil {
				t.Fatal(err)
			}
			if errs := ts.vd.validate(create, v, "$"); len(errs) > 0 {
				t.Fatalf("the example does not validate:\n%s", strings.Join(errs, "\n"))
			}
			tpl := v.(map[string]any)["template"].(string)
			data, ok := lookupObject(ts.doc, "components", "schemas", TemplateDataSchemaPrefix+tpl)
			if !ok {
				t.Fatalf("no data schema for %s", tpl)
			}
			for _, k := range unknownKeywords(data, tpl) {
				t.Errorf("the test validator does not know the keyword %s", k)
			}
			for _, tc := range []struct {
				name  string
				needs string // a data field the edit needs; examples without it skip the edit
				edit  func(req, data map[string]any)
			}{
				{"unknown request field", "", func(req, data map[string]any) { req["colour"] = "red" }},
				{"unknown data field", "", func(req, data map[string]any) { data["colour"] = "red" }},
				{"required data field missing", "", func(req, data map[string]any) { delete(data, "title") }},
				{"wrong type in data", "", func(req, data map[string]any) { data["title"] = json.Number("5") }},
				{"bad date", "", func(req, data map[string]any) { data["date"] = "20/6/2019" }},
				{"issue not a boolean", "", func(req, data map[string]any) { req["issue"] = "yes" }},
				{"unknown field in an annex row", "annex", func(req, data map[string]any) {
					annexRow(data)["colour"] = "red"
				}},
				{"negative count in an annex row", "annex", func(req, data map[string]any) {
					annexRow(data)["total"] = json.Number("-1")
				}},
				{"annex without tables", "annex", func(req, data map[string]any) {
					delete(data["annex"].(map[string]any), "tables")
				}},
			} {
				edited, err := decodeJSON(raw)
				if err != nil {
					t.Fatal(err)
				}
				req := edited.(map[string]any)
				if _, ok := req["data"].(map[string]any)[tc.needs]; tc.needs != "" && !ok {
					continue
				}
				tc.edit(req, req["data"].(map[string]any))
				if errs := ts.vd.validate(create, edited, "$"); len(errs) == 0 {
					t.Errorf("%s: validates, but the service refuses it", tc.name)
				}
				// The service agrees: it refuses the edited request.
				body, _ := json.Marshal(edited)
				if resp, b := ts.do(t, http.MethodPost, "/api/v1/documents", ts.token, body); resp.StatusCode < 400 {
					t.Errorf("%s: the service accepted it (%s): %s", tc.name, resp.Status, b)
				}
			}
		})
	}
}

// annexRow is the first row of the first table of data.annex.
func annexRow(data map[string]any) map[string]any {
	tables := data["annex"].(map[string]any)["tables"].([]any)
	return tables[0].(map[string]any)["rows"].([]any)[0].(map[string]any)
}

// The answers of a real service validate against the described responses
// of their route and status.
func TestOpenAPIResponses(t *testing.T) {
	ts := newTestServer(t)
	examples := exampleRequests(t)
	names := make([]string, 0, len(examples))
	for n := range examples {
		names = append(names, n)
	}
	sort.Strings(names)
	var ids []string
	for _, n := range names {
		resp, body := ts.call(t, "post", "/api/v1/documents", "/api/v1/documents", ts.token, examples[n])
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create %s: %s %s", n, resp.Status, body)
		}
		var d struct{ ID string }
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	draft := bytes.Replace(examples["thong-bao-ket-luan.json"], []byte(`"issue": true`), []byte(`"issue": false`), 1)
	resp, body := ts.call(t, "post", "/api/v1/documents", "/api/v1/documents", ts.token, draft)
	var d struct{ ID string }
	if err := json.Unmarshal(body, &d); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a draft: %s %s", resp.Status, body)
	}
	id := ids[0]
	doc := "/api/v1/documents/{id}"
	for _, c := range []struct {
		method, route, path, token string
		body                       []byte
		status                     int
	}{
		{"get", "/healthz", "/healthz", "", nil, 200},
		{"get", "/readyz", "/readyz", "", nil, 200},
		{"get", "/api/v1/templates", "/api/v1/templates", ts.token, nil, 200},
		{"get", "/api/v1/templates/{name}", "/api/v1/templates/thong-bao-ket-luan", ts.token, nil, 200},
		{"get", "/api/v1/templates/{name}", "/api/v1/templates/khong-co", ts.token, nil, 404},
		{"delete", "/api/v1/templates/{name}", "/api/v1/templates/thong-bao-ket-luan", ts.token, nil, 409},
		{"get", "/api/v1/documents", "/api/v1/documents?q=ket+luan&facets=true", ts.token, nil, 200},
		{"get", "/api/v1/documents", "/api/v1/documents?number=37-QĐi/TW", ts.token, nil, 200},
		{"get", "/api/v1/documents", "/api/v1/documents?page=x", ts.token, nil, 422},
		{"get", "/api/v1/documents", "/api/v1/documents", "", nil, 401},
		{"get", "/api/v1/documents", "/api/v1/documents", "wrong", nil, 401},
		{"get", doc, "/api/v1/documents/" + id, ts.token, nil, 200},
		{"get", doc, "/api/v1/documents/0123abcd", ts.token, nil, 404},
		{"put", doc, "/api/v1/documents/" + d.ID, ts.token, draft, 200},
		{"put", doc, "/api/v1/documents/" + id, ts.token, draft, 409},
		{"put", doc, "/api/v1/documents/" + d.ID, ts.token, []byte(`{"template": `), 400},
		{"delete", doc, "/api/v1/documents/" + id, ts.token, nil, 409},
		{"post", doc + "/issue", "/api/v1/documents/" + d.ID + "/issue", ts.token, nil, 200},
		{"get", doc + "/verify", "/api/v1/documents/" + id + "/verify", ts.token, nil, 200},
		{"get", doc + "/docx", "/api/v1/documents/" + id + "/docx", ts.token, nil, 200},
		{"get", doc + "/signature", "/api/v1/documents/" + id + "/signature", ts.token, nil, 200},
		{"get", "/api/v1/register", "/api/v1/register?issuer=TU&type=TB", ts.token, nil, 200},
		{"get", "/api/v1/register", "/api/v1/register?format=csv", ts.token, nil, 200},
		{"get", "/api/v1/audit", "/api/v1/audit?limit=100", ts.token, nil, 200},
		// The role is refused before the parameters are looked at.
		{"get", "/api/v1/register", "/api/v1/register?year=x", ts.viewer, nil, 403},
		{"get", "/api/v1/register", "/api/v1/register?year=x", ts.token, nil, 422},
		{"get", "/api/v1/audit", "/api/v1/audit?from=x", ts.viewer, nil, 403},
		{"get", "/api/v1/audit", "/api/v1/audit?limit=0", ts.token, nil, 422},
		{"get", "/api/v1/certificate", "/api/v1/certificate", ts.token, nil, 200},
		{"post", "/api/v1/checks/statistics", "/api/v1/checks/statistics", ts.token, []byte(`{"text": "Có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54%."}`), 200},
		{"post", "/api/v1/checks/statistics", "/api/v1/checks/statistics", ts.token, []byte(`{"text": ""}`), 422},
		{"post", "/api/v1/templates", "/api/v1/templates", ts.token, nil, 400},
	} {
		resp, body := ts.call(t, c.method, c.route, c.path, c.token, c.body)
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: %s, want %d: %s", strings.ToUpper(c.method), c.path, resp.Status, c.status, body)
		}
	}
	// A draft is deleted: 204 with no body.
	resp, body = ts.call(t, "post", "/api/v1/documents", "/api/v1/documents", ts.token, draft)
	var d2 struct{ ID string }
	if err := json.Unmarshal(body, &d2); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a second draft: %s %s", resp.Status, body)
	}
	if resp, _ := ts.call(t, "delete", doc, "/api/v1/documents/"+d2.ID, ts.token, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete a draft: %s", resp.Status)
	}
	t.Run("returns", func(t *testing.T) { returnResponses(t, ts) })
}

// call sends a request with a JSON body (nil for none) and checks the
// answer against the description of route: its status is described, and a
// JSON body validates against the described schema (every error against
// the error shape). A request that succeeds validates against the
// described request body.
func (ts *testServer) call(t *testing.T, method, route, path, token string, body []byte) (*http.Response, []byte) {
	t.Helper()
	ctype := ""
	if body != nil {
		ctype = "application/json"
	}
	return ts.callWith(t, method, route, path, token, ctype, body)
}

// callWith is call with a body of any type and further request headers
// as name, value pairs. Every request header it sends and every
// Idempotency-* answer header must be described.
func (ts *testServer) callWith(t *testing.T, method, route, path, token, ctype string, body []byte, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	resp, b := ts.send(t, strings.ToUpper(method), path, token, ctype, body, hdr...)
	where := fmt.Sprintf("%s %s (%d)", strings.ToUpper(method), path, resp.StatusCode)
	op, ok := lookupObject(ts.doc, "paths", route, method)
	if !ok {
		t.Errorf("%s: %s %s is not described", where, method, route)
		return resp, b
	}
	if resp.StatusCode < 300 && body != nil {
		ts.checkRequest(t, where, op, ctype, body)
	}
	r, ok := lookupObject(op, "responses", fmt.Sprint(resp.StatusCode))
	if !ok {
		t.Errorf("%s: the status is not described", where)
		return resp, b
	}
	if ref, ok := r["$ref"]; ok {
		target, err := ts.vd.resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		r = target.(map[string]any)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if !ts.describesHeader(op, hdr[i]) {
			t.Errorf("%s: the request header %s is not described", where, hdr[i])
		}
	}
	for name := range resp.Header {
		if strings.HasPrefix(name, "Idempotency-") {
			if _, ok := lookupObject(r, "headers", name); !ok {
				t.Errorf("%s: the answer header %s is not described", where, name)
			}
		}
	}
	answered, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	content, _ := r["content"].(map[string]any)
	if len(b) == 0 {
		if len(content) > 0 && resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s: empty body, described as %v", where, content)
		}
		return resp, b
	}
	media, ok := content[answered].(map[string]any)
	if !ok {
		t.Errorf("%s: answered %s, described %v", where, answered, content)
		return resp, b
	}
	if answered != "application/json" {
		return resp, b
	}
	v, err := decodeJSON(b)
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return resp, b
	}
	if errs := ts.vd.validate(media["schema"], v, "$"); len(errs) > 0 {
		t.Errorf("%s: the answer does not match the description:\n%s\n%s", where, strings.Join(errs, "\n"), b)
	}
	return resp, b
}

// describesHeader reports whether op describes the request header name.
func (ts *testServer) describesHeader(op map[string]any, name string) bool {
	ps, _ := op["parameters"].([]any)
	for _, p := range ps {
		pm, _ := p.(map[string]any)
		if ref, ok := pm["$ref"]; ok {
			target, err := ts.vd.resolve(ref)
			if err != nil {
				return false
			}
			pm, _ = target.(map[string]any)
		}
		if pm["in"] == "header" && strings.EqualFold(fmt.Sprint(pm["name"]), name) {
			return true
		}
	}
	return false
}

// checkRequest validates a request body the service accepted against the
// described request body of its media type: JSON as it is, a multipart
// form as an object of its part names.
func (ts *testServer) checkRequest(t *testing.T, where string, op map[string]any, ctype string, body []byte) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("%s: content type %q: %v", where, ctype, err)
	}
	media, ok := lookupObject(op, "requestBody", "content", mt)
	if !ok {
		t.Errorf("%s: the service accepted a %s body, which is not described", where, mt)
		return
	}
	var v any
	switch mt {
	case "application/json":
		if v, err = decodeJSON(body); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
	case "multipart/form-data":
		parts := map[string]any{}
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			parts[p.FormName()] = "…"
		}
		v = parts
	default:
		return
	}
	if errs := ts.vd.validate(media["schema"], v, "$"); len(errs) > 0 {
		t.Errorf("%s: the service accepted a request the description refuses:\n%s", where, strings.Join(errs, "\n"))
	}
}
