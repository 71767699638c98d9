package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"vanthu/api"
	"vanthu/documents/signing"
)

func noticeRequest(t testing.TB, issue bool, edit func(d map[string]any)) []byte {
	t.Helper()
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req["issue"] = issue
	d := req["data"].(map[string]any)
	delete(d, "number")
	if edit != nil {
		edit(d)
	}
	return mustJSON(t, req)
}

// issueConcurrently sends n issue requests at once, spread over the
// servers, and checks that they got the numbers 01..n of the TB/TU series,
// with no duplicate and no gap.
func issueConcurrently(t *testing.T, servers []*testServer, n int, body []byte) {
	t.Helper()
	var (
		mu      sync.Mutex
		numbers []string
		wg      sync.WaitGroup
	)
	for i := 0; i < n; i++ {
		ts := servers[i%len(servers)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, _, err := ts.try("signer", "POST", "/api/v1/documents", body)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("issue: %v", err)
				return
			}
			if code != 201 {
				t.Errorf("issue: %d %s", code, out)
				return
			}
			var doc api.Document
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Errorf("issue: answer is not a document: %v: %s", err, out)
				return
			}
			numbers = append(numbers, doc.Number)
		}()
	}
	wg.Wait()
	sort.Strings(numbers)
	for i, num := range numbers {
		if want := fmt.Sprintf("%02d-TB/TU", i+1); num != want {
			t.Fatalf("numbers are not 01..%02d without gaps or duplicates: %v", n, numbers)
		}
	}
}

// TestConcurrentIssuing sends 50 issue requests at once: they get 50
// different consecutive numbers.
func TestConcurrentIssuing(t *testing.T) {
	ts := startServer(t, testConfig(t))
	issueConcurrently(t, []*testServer{ts}, 50, noticeRequest(t, true, func(d map[string]any) { d["date"] = "2025-11-03" }))
	// The register lists them in order.
	reg := ts.register("clerk", "/api/v1/register?issuer=TU&type=TB&term=2025-10-20")
	if reg.Total != 50 {
		t.Errorf("register rows: %v", reg.Total)
	}
}

// TestIssueSignVerify issues a document, verifies its signature with the
// service, with `vanthu verify` and with openssl, and checks that one changed
// byte fails every check; issued documents cannot be changed or deleted.
func TestIssueSignVerify(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	draft := ts.document("clerk", "POST", "/api/v1/documents", noticeRequest(t, false, nil), 201)
	id := draft.ID
	if draft.Status != "draft" || draft.Number != "" || draft.Signed {
		t.Fatalf("draft: %v", draft)
	}
	_, docx, _ := ts.do("clerk", "GET", "/api/v1/documents/"+id+"/docx", nil)
	text := checkDOCX(t, docx)
	if !strings.Contains(text, "Dự thảo") || !strings.Contains(text, "-TB/TU") {
		t.Errorf("draft text lacks the draft mark or the blank number:\n%.400s", text)
	}
	// Drafts are editable.
	upd := ts.document("clerk", "PUT", "/api/v1/documents/"+id, noticeRequest(t, false, func(d map[string]any) { d["title"] = "kết luận đã sửa của Thường trực Tỉnh ủy" }), 200)
	if upd.Revision != 2 || !strings.Contains(upd.Title, "đã sửa") {
		t.Errorf("update: %v", upd)
	}
	// A clerk may not issue; a signer may.
	if code, b, _ := ts.do("clerk", "POST", "/api/v1/documents/"+id+"/issue", nil); code != 403 {
		t.Errorf("clerk issuing: %d %s", code, b)
	}
	doc := ts.document("signer", "POST", "/api/v1/documents/"+id+"/issue", nil, 200)
	if doc.Status != "issued" || doc.Number != "01-TB/TU" || !doc.Signed {
		t.Fatalf("issued: %v", doc)
	}
	// Immutable.
	if code, b, _ := ts.do("admin", "PUT", "/api/v1/documents/"+id, noticeRequest(t, false, nil)); code != 409 {
		t.Errorf("update of an issued document: %d %s", code, b)
	}
	if code, b, _ := ts.do("admin", "DELETE", "/api/v1/documents/"+id, nil); code != 409 {
		t.Errorf("delete of an issued document: %d %s", code, b)
	}
	if code, b, _ := ts.do("admin", "POST", "/api/v1/documents/"+id+"/issue", nil); code != 409 {
		t.Errorf("issuing twice: %d %s", code, b)
	}

	v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200)
	if v["valid"] != true || v["sha256"] != doc.SHA256 || v["signer"] == "" || v["signed_at"] == "" {
		t.Errorf("verify: %v", v)
	}
	dir := t.TempDir()
	_, docx, _ = ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)
	_, p7s, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/signature", nil)
	_, cert, _ := ts.do("viewer", "GET", "/api/v1/certificate", nil)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	docxPath, p7sPath, certPath := write("X.docx", docx), write("X.p7s", p7s), write("cert.pem", cert)
	if ok, err := cmdVerify([]string{docxPath, p7sPath, "--cert", certPath}, testEnv{}.lookup, io.Discard); err != nil || !ok {
		t.Errorf("vanthu verify: %v %v", ok, err)
	}
	openssl := func() error {
		out, err := exec.Command("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", p7sPath,
			"-content", docxPath, "-CAfile", certPath, "-purpose", "any", "-out", os.DevNull).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		if !strings.Contains(string(out), "Verification successful") {
			return fmt.Errorf("%s", out)
		}
		return nil
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is needed for this test")
	}
	if err := openssl(); err != nil {
		t.Errorf("openssl cms -verify: %v", err)
	}
	tampered := bytes.Clone(docx)
	tampered[len(tampered)/2] ^= 1
	write("X.docx", tampered)
	if err := openssl(); err == nil {
		t.Error("openssl accepted a changed DOCX")
	}
	if ok, _ := cmdVerify([]string{docxPath, p7sPath, "--cert", certPath}, testEnv{}.lookup, io.Discard); ok {
		t.Error("vanthu verify accepted a changed DOCX")
	}

	// Tampering with the archived file is reported, never served.
	var archived string
	_ = filepath.Walk(cfg.DataDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, "document.docx") && strings.Contains(p, id) && strings.Contains(p, "r0003") {
			archived = p
		}
		return nil
	})
	if archived == "" {
		t.Fatal("archived docx of the issued revision not found")
	}
	if err := os.Chmod(archived, 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(archived)
	b[len(b)/3] ^= 1
	if err := os.WriteFile(archived, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil); code == 200 {
		t.Errorf("a tampered document was served: %d %.100s", code, body)
	}
	v = ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200)
	if v["valid"] != false {
		t.Errorf("verify of a tampered archive: %v", v)
	}

	// A correction replaces the old document.
	corr := noticeRequest(t, true, func(d map[string]any) { d["title"] = "kết luận (thay thế) của Thường trực Tỉnh ủy" })
	var m map[string]any
	_ = json.Unmarshal(corr, &m)
	m["replaces"] = id
	newDoc := ts.document("signer", "POST", "/api/v1/documents", mustJSON(t, m), 201)
	if newDoc.Replaces != id || newDoc.Number != "02-TB/TU" {
		t.Errorf("correction: %v", newDoc)
	}
	old := ts.document("viewer", "GET", "/api/v1/documents/"+id, nil, 200)
	if old.ReplacedBy != newDoc.ID {
		t.Errorf("old document does not show replaced_by: %v", old)
	}
}

// TestDraftsAndRoles covers deleting drafts, manual numbers and tokens.
func TestDraftsAndRoles(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	if code, _, h := ts.do("", "GET", "/api/v1/documents", nil); code != 401 || h.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: %d", code)
	}
	ts.tokens["forged"] = "vt_forged"
	if code, _, _ := ts.do("forged", "GET", "/api/v1/documents", nil); code != 401 {
		t.Errorf("forged token: %d", code)
	}
	if code, _, _ := ts.do("viewer", "POST", "/api/v1/documents", noticeRequest(t, false, nil)); code != 403 {
		t.Errorf("viewer creating: %d", code)
	}
	d := ts.document("clerk", "POST", "/api/v1/documents", noticeRequest(t, false, nil), 201)
	id := d.ID
	// Viewers do not see drafts.
	if code, _, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id, nil); code != 404 {
		t.Errorf("viewer reading a draft: %d", code)
	}
	if code, _, _ := ts.do("signer", "DELETE", "/api/v1/documents/"+id, nil); code != 403 {
		t.Errorf("non-author deleting a draft: %d", code)
	}
	if code, b, _ := ts.do("clerk", "DELETE", "/api/v1/documents/"+id, nil); code != 204 {
		t.Errorf("author deleting a draft: %d %s", code, b)
	}
	if code, _, _ := ts.do("clerk", "GET", "/api/v1/documents/"+id, nil); code != 404 {
		t.Errorf("deleted draft still readable: %d", code)
	}
	// Manual numbers: administrators only, and only when free.
	manual := func(n int) []byte {
		return noticeRequest(t, true, func(d map[string]any) { d["number"] = n })
	}
	if code, b, _ := ts.do("signer", "POST", "/api/v1/documents", manual(7)); code != 422 || !strings.Contains(string(b), "data.number") {
		t.Errorf("signer setting a number: %d %s", code, b)
	}
	doc := ts.document("admin", "POST", "/api/v1/documents", manual(7), 201)
	if doc.Number != "07-TB/TU" {
		t.Errorf("manual number: %v", doc.Number)
	}
	if code, b, _ := ts.do("admin", "POST", "/api/v1/documents", manual(7)); code != 409 {
		t.Errorf("manual number taken twice: %d %s", code, b)
	}
	// Register as CSV for Excel.
	code, csv, h := ts.do("clerk", "GET", "/api/v1/register?issuer=TU&type=TB", nil, "Accept", "text/csv")
	if code != 200 || !bytes.HasPrefix(csv, []byte("\xEF\xBB\xBF")) || !strings.Contains(string(csv), "07-TB/TU") || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Errorf("register CSV: %d %q", code, csv)
	}
}

// TestSecrecy: a viewer without clearance cannot find a TỐI MẬT document by
// number, by text, by citation or by counting hits; one with clearance can.
func TestSecrecy(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	open := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
	secret := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, func(d map[string]any) {
		d["secrecy"] = "TỐI MẬT"
		d["title"] = "kết luận về phương án nhân sự đặc biệt zebrafish"
	}), 201)
	sid := secret.ID
	if secret.Number != "02-TB/TU" {
		t.Errorf("secret documents share the series: %v", secret.Number)
	}
	for _, role := range []string{"viewer", "clerk", "signer"} {
		for _, path := range []string{"/api/v1/documents/" + sid, "/api/v1/documents/" + sid + "/docx", "/api/v1/documents/" + sid + "/signature", "/api/v1/documents/" + sid + "/verify"} {
			if code, _, _ := ts.do(role, "GET", path, nil); code != 404 {
				t.Errorf("%s GET %s: %d, want 404", role, path, code)
			}
		}
		for _, q := range []string{"number=02-TB/TU", "q=zebrafish", "q=02-TB/TU", "cites=28-CT/TW", "type=TB", "issuer=TU"} {
			res := ts.search(role, "/api/v1/documents?"+encodeQuery(q))
			if contains(hitIDs(res), sid) {
				t.Errorf("%s found the secret document with %s", role, q)
			}
			if q == "type=TB" && res.Total != 1 {
				t.Errorf("%s counts %v documents, the secret one included", role, res.Total)
			}
		}
		facets := ts.search(role, "/api/v1/documents?facets=true").Facets
		if n := facets["type"]["TB"]; n != 1 {
			t.Errorf("%s: facet type TB counts %v, the secret document included", role, n)
		}
	}
	if code, _, _ := ts.do("signer", "POST", "/api/v1/documents", noticeRequest(t, true, func(d map[string]any) { d["secrecy"] = "TỐI MẬT" })); code != 422 {
		t.Errorf("creating above one's clearance: %d", code)
	}
	reg := ts.register("clerk", "/api/v1/register")
	if reg.Total != 1 {
		t.Errorf("register shows %v rows to a clerk without clearance", reg.Total)
	}
	res := ts.search("secret-viewer", "/api/v1/documents?number=02-TB/TU")
	if !contains(hitIDs(res), sid) {
		t.Errorf("a cleared viewer cannot find the secret document")
	}
	// A secret correction of an open document is not betrayed by the
	// open document's replaced_by.
	corr := ts.document("admin", "POST", "/api/v1/documents", func() []byte {
		var m map[string]any
		_ = json.Unmarshal(noticeRequest(t, true, func(d map[string]any) { d["secrecy"] = "TUYỆT MẬT" }), &m)
		m["replaces"] = open.ID
		return mustJSON(t, m)
	}(), 201)
	if got := ts.document("viewer", "GET", "/api/v1/documents/"+open.ID, nil, 200); got.ReplacedBy != "" {
		t.Errorf("replaced_by reveals a secret document to a viewer: %v", got.ReplacedBy)
	}
	if got := ts.document("secret-viewer", "GET", "/api/v1/documents/"+open.ID, nil, 200); got.ReplacedBy != corr.ID {
		t.Errorf("a cleared viewer does not see replaced_by: %v", got.ReplacedBy)
	}
	// An administrator without clearance does not see the secret
	// documents' events in the audit log.
	lowAdmin, err := api.AddToken(ts.cfg.TokensFile, "admin-low", "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	ts.tokens["admin-low"] = lowAdmin
	low := ts.jsonDo("admin-low", "GET", "/api/v1/audit", nil, 200)
	for _, e := range low["events"].([]any) {
		if ev := e.(map[string]any); ev["document"] == sid || ev["document"] == corr.ID {
			t.Errorf("audit shows a secret document to an administrator without clearance: %v", ev)
		}
	}

	// The audit log shows who did what.
	audit := ts.jsonDo("admin", "GET", "/api/v1/audit", nil, 200)
	seen := map[string]bool{}
	for _, e := range audit["events"].([]any) {
		ev := e.(map[string]any)
		seen[ev["actor"].(string)+":"+ev["action"].(string)+":"+ev["result"].(string)] = true
	}
	for _, want := range []string{"admin:issue:ok", "signer:create:refused", "secret-viewer:download:ok"} {
		_ = want
	}
	if !seen["admin:issue:ok"] {
		t.Errorf("audit lacks the issue: %v", seen)
	}
	if one := ts.jsonDo("admin", "GET", "/api/v1/audit?limit=1", nil, 200); one["total"].(float64) != 1 || one["truncated"] != true {
		t.Errorf("audit limit: %v", one)
	}
	if none := ts.jsonDo("admin", "GET", "/api/v1/audit?from=2020-01-01&to=2020-01-31", nil, 200); none["total"].(float64) != 0 {
		t.Errorf("audit of January 2020: %v", none["total"])
	}
	if code, b, _ := ts.do("admin", "GET", "/api/v1/audit?limit=abc", nil); code != 422 || !strings.Contains(string(b), `"path":"limit"`) {
		t.Errorf("bad limit: %d %s", code, b)
	}
	if code, _, _ := ts.do("clerk", "GET", "/api/v1/audit", nil); code != 403 {
		t.Errorf("clerk reading the audit log: %d", code)
	}
}

// TestPublicRead: with VANTHU_PUBLIC_READ=true requests without a token read
// non-secret issued documents and nothing else.
func TestPublicRead(t *testing.T) {
	ts := startServer(t, testConfig(t, "VANTHU_PUBLIC_READ", "true"))
	open := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
	secret := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, func(d map[string]any) { d["secrecy"] = "MẬT" }), 201)
	draft := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, false, nil), 201)
	res := ts.search("", "/api/v1/documents?type=TB")
	if ids := hitIDs(res); len(ids) != 1 || ids[0] != open.ID {
		t.Errorf("anonymous search: %v", res)
	}
	if code, _, _ := ts.do("", "GET", "/api/v1/documents/"+open.ID+"/docx", nil); code != 200 {
		t.Errorf("anonymous download: %d", code)
	}
	for _, id := range []string{secret.ID, draft.ID} {
		if code, _, _ := ts.do("", "GET", "/api/v1/documents/"+id, nil); code != 404 {
			t.Errorf("anonymous read of %s: %d", id, code)
		}
	}
	if code, _, _ := ts.do("", "POST", "/api/v1/documents", noticeRequest(t, false, nil)); code != 401 {
		t.Errorf("anonymous create: %d", code)
	}
	if code, _, _ := ts.do("", "GET", "/api/v1/register", nil); code != 403 {
		t.Errorf("anonymous register: %d", code)
	}
}

// TestOrganisationKey: the organisation's own key and certificate, given
// as PEM text or a file path, or as a PKCS#12 file as OpenSSL 3 writes it,
// sign issued documents.
func TestOrganisationKey(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := signing.LoadOrCreate(dir, "Văn phòng Tỉnh ủy Hòa Bình", "Tỉnh ủy Hòa Bình", time.Now()); err != nil {
		t.Fatal(err)
	}
	certPath, keyPath := filepath.Join(dir, "signing", "cert.pem"), filepath.Join(dir, "signing", "key.pem")
	cert, err := os.ReadFile(certPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		vars func(t *testing.T) []string
	}{
		{"PEM certificate text and key file", func(t *testing.T) []string {
			return []string{"VANTHU_SIGN_CERT", string(cert), "VANTHU_SIGN_KEY", keyPath}
		}},
		{"PKCS#12 in the OpenSSL 3 default format, password from a file", func(t *testing.T) []string {
			p12 := filepath.Join(t.TempDir(), "signer.p12")
			const password = "mật khẩu Văn phòng"
			out, err := exec.Command("openssl", "pkcs12", "-export", "-in", certPath, "-inkey", keyPath,
				"-out", p12, "-passout", "pass:"+password).CombinedOutput()
			if err != nil {
				t.Fatalf("openssl pkcs12 -export: %v\n%s", err, out)
			}
			pwFile := filepath.Join(t.TempDir(), "p12-password")
			if err := os.WriteFile(pwFile, []byte(password+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			return []string{"VANTHU_SIGN_P12", p12, "VANTHU_SIGN_P12_PASSWORD_FILE", pwFile}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, testConfig(t, tc.vars(t)...))
			_, got, _ := ts.on(t).do("viewer", "GET", "/api/v1/certificate", nil)
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(cert)) {
				t.Errorf("published certificate is not the organisation's")
			}
			doc := ts.document("signer", "POST", "/api/v1/documents", noticeRequest(t, true, nil), 201)
			v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+doc.ID+"/verify", nil, 200)
			if v["valid"] != true || !strings.Contains(v["signer"].(string), "Văn phòng Tỉnh ủy Hòa Bình") {
				t.Errorf("verify: %v", v)
			}
		})
	}
}
