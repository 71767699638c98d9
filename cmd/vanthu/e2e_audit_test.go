package main

import (
	"testing"

	"vanthu/api"
	"vanthu/documents/role"
)

// TestAuditSecrecyOverHTTP: refused requests about a TỐI MẬT draft (a
// clerk's issuing, someone else's delete, an issuing on create) are in the
// audit log with the draft's secrecy: an administrator without clearance
// sees no event naming it and counts none; a cleared one sees them all.
func TestAuditSecrecyOverHTTP(t *testing.T) {
	cfg := testConfig(t)
	ts := &testServer{t: t, cfg: cfg, tokens: map[string]string{}}
	for _, p := range []struct{ name, role, clearance string }{
		{"author", string(role.Clerk), "TỐI MẬT"},
		{"other-clerk", string(role.Clerk), "TỐI MẬT"},
		{"admin", string(role.Admin), "TUYỆT MẬT"},
		{"uncleared-admin", string(role.Admin), ""},
	} {
		tok, err := api.AddToken(cfg.TokensFile, p.name, p.role, p.clearance)
		if err != nil {
			t.Fatal(err)
		}
		ts.tokens[p.name] = tok
	}
	ts.start()
	secret := func(d map[string]any) { d["secrecy"] = "TỐI MẬT" }
	id := ts.document("author", "POST", "/api/v1/documents", noticeRequest(t, false, secret), 201).ID
	for _, r := range []struct {
		who, method, path string
		body              []byte
	}{
		{"author", "POST", "/api/v1/documents/" + id + "/issue", nil},
		{"other-clerk", "DELETE", "/api/v1/documents/" + id, nil},
		{"author", "POST", "/api/v1/documents", noticeRequest(t, true, secret)},
	} {
		if code, out, _ := ts.do(r.who, r.method, r.path, r.body); code != 403 {
			t.Fatalf("%s %s by %s: %d %s, want 403", r.method, r.path, r.who, code, out)
		}
	}
	count := func(who string) (naming, withDocument int) {
		res := ts.jsonDo(who, "GET", "/api/v1/audit", nil, 200)
		for _, e := range res["events"].([]any) {
			ev := e.(map[string]any)
			if ev["document"] == id || ev["secrecy"] != nil {
				naming++
			}
			if ev["document"] != nil {
				withDocument++
			}
		}
		return naming, withDocument
	}
	// It sees only the API layer's refusal of the issuing on create, which
	// names no document.
	if naming, withDocument := count("uncleared-admin"); naming != 0 || withDocument != 0 {
		t.Errorf("an administrator without clearance sees %d events about the secret draft, %d naming a document", naming, withDocument)
	}
	// The create, two refusals by the service and their two refusals by
	// the API layer, and the refused issuing on create.
	if naming, _ := count("admin"); naming != 6 {
		t.Errorf("a cleared administrator sees %d events about the secret draft, want 6", naming)
	}
}
