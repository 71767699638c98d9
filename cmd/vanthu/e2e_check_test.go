package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/signing"
)

// runCheck runs `vanthu check --json` on cfg and returns its verdict and
// report.
func runCheck(t *testing.T, cfg Config) (bool, documents.CheckReport) {
	t.Helper()
	var out bytes.Buffer
	ok, err := checkArchive(cfg, true, &out)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	var rep documents.CheckReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("check output: %v\n%s", err, out.String())
	}
	if ok != (len(rep.Problems) == 0) {
		t.Errorf("check says ok=%v with %d problems", ok, len(rep.Problems))
	}
	return ok, rep
}

// TestArchiveCheck: `vanthu check` finds a sound archive sound, also while
// the service runs; it names the document whose archived file was altered,
// and tells signatures made with a replaced key from good ones until the
// old certificate is trusted with VANTHU_SIGN_TRUSTED.
func TestArchiveCheck(t *testing.T) {
	env := envOf(t)
	cfg := env.config(t)
	ts := startServer(t, cfg)
	var ids []string
	for _, secrecy := range []string{"", "TỐI MẬT", ""} {
		doc := ts.document("admin", "POST", "/api/v1/documents", noticeRequest(t, true, func(d map[string]any) { d["secrecy"] = secrecy }), 201)
		ids = append(ids, doc.ID)
	}
	ts.document("clerk", "POST", "/api/v1/documents", noticeRequest(t, false, nil), 201)

	// Beside the running service, which holds the embedded index.
	ok, rep := runCheck(t, cfg)
	if !ok || rep.Documents != 4 || rep.Issued != 3 || rep.Signatures != 3 || rep.Register != 3 || rep.Audit == 0 {
		t.Fatalf("sound archive: ok=%v %+v", ok, rep)
	}
	ts.shutdown()

	// Replace the signing key: the documents signed with the old one no
	// longer verify, until its certificate is trusted.
	oldCert := filepath.Join(cfg.DataDir, "signing", "cert.pem")
	newDir := t.TempDir()
	if _, _, err := signing.LoadOrCreate(newDir, "Văn phòng Tỉnh ủy Hòa Bình", "Tỉnh ủy Hòa Bình", time.Now()); err != nil {
		t.Fatal(err)
	}
	replaced := env.with("VANTHU_SIGN_CERT", filepath.Join(newDir, "signing", "cert.pem")).
		with("VANTHU_SIGN_KEY", filepath.Join(newDir, "signing", "key.pem"))
	ok, rep = runCheck(t, replaced.config(t))
	if ok || rep.Signatures != 0 || len(rep.Problems) != 3 || !strings.Contains(rep.Problems[0].What, "signature does not verify") {
		t.Errorf("after the key was replaced: ok=%v %+v", ok, rep)
	}
	trusted := replaced.with("VANTHU_SIGN_TRUSTED", oldCert)
	if ok, rep = runCheck(t, trusted.config(t)); !ok || rep.Signatures != 3 {
		t.Errorf("with the old certificate trusted: ok=%v %+v", ok, rep)
	}
	ts.cfg = trusted.config(t)
	ts.start()
	if v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+ids[0]+"/verify", nil, 200); v["valid"] != true {
		t.Errorf("/verify with the old certificate trusted: %v", v)
	}
	// Offline, `vanthu verify` without --cert trusts the same set.
	dir := t.TempDir()
	files := map[string]string{"docx": filepath.Join(dir, "old.docx"), "signature": filepath.Join(dir, "old.docx.p7s")}
	for what, path := range files {
		code, body, _ := ts.do("viewer", "GET", "/api/v1/documents/"+ids[0]+"/"+what, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d", what, code)
		}
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := cmdVerify([]string{files["docx"], files["signature"]}, trusted.lookup, io.Discard); !ok || err != nil {
		t.Errorf("vanthu verify with the old certificate trusted: %v %v", ok, err)
	}
	if ok, err := cmdVerify([]string{files["docx"], files["signature"]}, trusted.with("VANTHU_SIGN_TRUSTED", "").lookup, io.Discard); ok || err != nil {
		t.Errorf("vanthu verify with only the new certificate: %v %v", ok, err)
	}
	ts.shutdown()

	// Alter the secret document's archived DOCX.
	var docx string
	_ = filepath.Walk(cfg.DataDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(p, ids[1]) && strings.HasSuffix(p, "document.docx") {
			docx = p
		}
		return nil
	})
	b, err := os.ReadFile(docx)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.Chmod(docx, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(docx, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ok, rep = runCheck(t, trusted.config(t))
	if ok || len(rep.Problems) != 1 || rep.Problems[0].ID != ids[1] || !strings.Contains(rep.Problems[0].What, "altered") || rep.Signatures != 2 {
		t.Errorf("after altering %s: ok=%v %+v", ids[1], ok, rep)
	}
	var text bytes.Buffer
	if ok, err := cmdCheck(nil, trusted.lookup, &text); ok || err != nil || !strings.Contains(text.String(), "PROBLEM "+ids[1]) {
		t.Errorf("text report: ok=%v err=%v\n%s", ok, err, text.String())
	}
}

// TestTrustedCertificatesBadValue: a VANTHU_SIGN_TRUSTED that is not a
// readable PEM certificate stops the check (and the service's setup) with
// an error that names the variable, rather than trusting less silently.
func TestTrustedCertificatesBadValue(t *testing.T) {
	env := envOf(t)
	for _, tc := range []struct{ name, value string }{
		{"missing file", filepath.Join(t.TempDir(), "old-cert.pem")},
		{"no certificate in the PEM", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"},
		{"broken certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := env.with("VANTHU_SIGN_TRUSTED", tc.value)
			if _, err := cmdCheck(nil, env.lookup, io.Discard); err == nil || !strings.Contains(err.Error(), "VANTHU_SIGN_TRUSTED") {
				t.Errorf("check: %v, want an error naming VANTHU_SIGN_TRUSTED", err)
			}
			_, cleanup, err := setup(t.Context(), env.config(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
			cleanup()
			if err == nil || !strings.Contains(err.Error(), "VANTHU_SIGN_TRUSTED") {
				t.Errorf("service setup: %v, want an error naming VANTHU_SIGN_TRUSTED", err)
			}
		})
	}
}
