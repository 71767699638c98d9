package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/pades/padestest"
)

// pdfServer starts a server with the PDF features on (see pdfConfig).
func pdfServer(t testing.TB) (*testServer, *padestest.PKI) {
	t.Helper()
	cfg, p := pdfConfig(t)
	return startServer(t, cfg), p
}

// pdfConfig is the configuration of a server with the PDF features on:
// LibreOffice, the organisation's key and seal, the test CA trusted (it
// issues the leaders' certificates) and a local timestamp authority.
func pdfConfig(t testing.TB) (Config, *padestest.PKI) {
	t.Helper()
	cfg, _, p := pdfSetup(t)
	return cfg, p
}

// pdfSetup is pdfConfig with the environment of the commands (vanthu
// check, verify) that read their configuration from it: the data
// directory, the key and the trusted CA.
func pdfSetup(t testing.TB) (Config, testEnv, *padestest.PKI) {
	t.Helper()
	converttest.RequireTools(t, "soffice", "pdfsig", "qpdf", "certutil", "pk12util", "pdftoppm", "openssl")
	p := padestest.TestPKI()
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	certPEM, keyPEM := p.IssuePEM(t, "Văn phòng Tỉnh ủy Hòa Bình", "Tỉnh ủy Hòa Bình")
	env := envOf(t, "VANTHU_SIGN_CERT", write("org.pem", append(certPEM, p.CAPEM()...)),
		"VANTHU_SIGN_KEY", write("org.key", keyPEM), "VANTHU_SIGN_TRUSTED", write("ca.pem", p.CAPEM()))
	cfg := env.config(t)
	os.Mkdir(filepath.Join(dir, "chu-ky"), 0o700)
	write(filepath.Join("chu-ky", "Nguyễn Tân Cương.png"), padestest.SignaturePNG(t))
	cfg.PDF.Mode, cfg.PDF.Workers = PDFAuto, 1
	cfg.PDF.SealImage = write("seal.png", padestest.SealPNG(t, 36))
	cfg.PDF.SignatureImages = filepath.Join(dir, "chu-ky")
	cfg.PDF.TSAURL = p.StartTSA(t)
	return cfg, env, p
}

// TestPDFJourney is the approval journey over HTTP: a draft's PDF with its
// number and date reserved is signed by the leader in an outside tool
// (pdfsig), refused when signed by an untrusted certificate, accepted,
// issued; the issued PDF/A carries both signatures, valid and trusted in
// pdfsig, listed by /verify, vanthu verify and vanthu check; pages
// preview as PNG.
func TestPDFJourney(t *testing.T) {
	cfg, env, p := pdfSetup(t)
	ts := startServer(t, cfg)
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req["issue"] = false
	delete(req["data"].(map[string]any), "number")
	draft := ts.document("clerk", "POST", "/api/v1/documents", mustJSON(t, req), 201)
	id := draft.ID

	code, draftPDF, hdr := ts.do("clerk", "GET", "/api/v1/documents/"+id+"/pdf", nil)
	if code != 200 || hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("draft PDF: %d %s", code, draftPDF)
	}
	converttest.CheckPDFA(t, draftPDF)
	if _, again, _ := ts.do("clerk", "GET", "/api/v1/documents/"+id+"/pdf", nil); !bytes.Equal(again, draftPDF) {
		t.Fatal("the draft's PDF changed between two downloads: an approval could not be checked against it")
	}

	strangerCert, strangerKey := padestest.NewPKI(t).IssuePEM(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	byStranger := padestest.SignWithPdfsig(t, draftPDF, "ky-duyet", strangerCert, strangerKey)
	code, body, _ := ts.do("clerk", "POST", "/api/v1/documents/"+id+"/approval", byStranger, "Content-Type", "application/pdf")
	if code != 422 || !strings.Contains(string(body), "approval_trust") {
		t.Fatalf("approval by an untrusted certificate: %d %s", code, body)
	}

	leaderCert, leaderKey := p.IssuePEM(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	approved := padestest.SignWithPdfsig(t, draftPDF, "ky-duyet", leaderCert, leaderKey)
	a := ts.jsonDo("clerk", "POST", "/api/v1/documents/"+id+"/approval", approved, 200)
	if a["signer"] != "Nguyễn Tân Cương" {
		t.Errorf("approval: %v", a)
	}

	issued := ts.document("signer", "POST", "/api/v1/documents/"+id+"/issue", nil, 200)
	code, pdf, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/pdf", nil)
	if code != 200 {
		t.Fatalf("issued PDF: %d %s", code, pdf)
	}
	if !bytes.HasPrefix(pdf, approved) {
		t.Fatal("the issued PDF does not extend the approved one")
	}
	padestest.QPDFCheck(t, pdf)
	converttest.CheckPDFA(t, pdf)
	// The number is text, in the page's own font, like the rest, and the
	// header reads as the DOCX does: "Số", a space, the number.
	converttest.CheckText(t, pdf, []string{issued.Number})
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		os.WriteFile(filepath.Join(keep, "approved-issued.pdf"), pdf, 0o644)
	}
	if want := "Số " + issued.Number; !slices.Contains(strings.Split(pdftotext(t, pdf, 1), "\n"), want) {
		t.Errorf("the issued approved PDF's header lacks the line %q:\n%s", want, pdftotext(t, pdf, 1))
	}
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 2 || !reps[0].Valid || !reps[0].Trusted || !reps[1].Valid || !reps[1].Trusted || !reps[1].Whole {
		t.Fatalf("pdfsig on the issued PDF (%s): %+v", issued.Number, reps)
	}

	v := ts.jsonDo("viewer", "GET", "/api/v1/documents/"+id+"/verify", nil, 200)
	pv, _ := v["pdf"].(map[string]any)
	sigs, _ := pv["signatures"].([]any)
	if v["valid"] != true || pv["intact"] != true || len(sigs) != 2 {
		t.Fatalf("verify: %v", v)
	}
	if ts0, _ := sigs[1].(map[string]any)["timestamp"].(map[string]any); ts0["valid"] != true {
		t.Errorf("the organisation's signature has no valid timestamp: %v", sigs[1])
	}

	code, img, hdr := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/pages/1.png", nil)
	if code != 200 || hdr.Get("Content-Type") != "image/png" {
		t.Fatalf("page preview: %d", code)
	}
	if im, err := png.Decode(bytes.NewReader(img)); err != nil || im.Bounds().Dx() != 827 {
		t.Fatalf("page preview is not an A4 PNG at 100 dpi: %v", err)
	}
	if code, _, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/pages/99.png", nil); code != 422 {
		t.Errorf("a page past the end: %d, want 422", code)
	}

	path := filepath.Join(t.TempDir(), "issued.pdf")
	os.WriteFile(path, pdf, 0o600)
	var out bytes.Buffer
	ok, err := cmdVerify([]string{path}, env.lookup, &out)
	if err != nil || !ok {
		t.Fatalf("vanthu verify: %v %v\n%s", ok, err, out.String())
	}
	ts.shutdown()
	var rep bytes.Buffer
	if ok, err := cmdCheck([]string{"--json"}, env.lookup, &rep); err != nil || !ok {
		t.Fatalf("vanthu check: %v %v\n%s", ok, err, rep.String())
	}

	// The archived PDF altered on disk: vanthu check reports it.
	var archived string
	_ = filepath.Walk(ts.cfg.DataDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(p, id) && strings.HasSuffix(p, "document.pdf") {
			archived = p
		}
		return nil
	})
	altered := bytes.Clone(pdf)
	altered[len(altered)/2] ^= 1
	if err := os.Chmod(archived, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(archived, altered, 0o644); err != nil {
		t.Fatal(err)
	}
	rep.Reset()
	if ok, err := cmdCheck(nil, env.lookup, &rep); ok || err != nil || !strings.Contains(rep.String(), "PDF") {
		t.Errorf("vanthu check after altering the archived PDF: ok=%v err=%v\n%s", ok, err, rep.String())
	}

	// One byte changed: vanthu verify reports it.
	pdf[len(pdf)/3] ^= 1
	os.WriteFile(path, pdf, 0o600)
	out.Reset()
	if ok, _ := cmdVerify([]string{path}, env.lookup, &out); ok {
		t.Fatalf("vanthu verify accepted a changed PDF:\n%s", out.String())
	}
	var res map[string]any
	json.Unmarshal(out.Bytes(), &res)
	if res["intact"] != false {
		t.Errorf("vanthu verify: %s", out.String())
	}
}

// TestPDFIssuedDirectly issues a notice without a draft: its PDF/A is a
// conversion of the final DOCX, signed once with the seal over the
// signer's signature image.
func TestPDFIssuedDirectly(t *testing.T) {
	ts, p := pdfServer(t)
	doc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, exampleRequest(t, "thong-bao-ket-luan.json")), 201)
	code, pdf, _ := ts.do("viewer", "GET", "/api/v1/documents/"+doc.ID+"/pdf", nil)
	if code != 200 {
		t.Fatalf("PDF: %d %s", code, pdf)
	}
	converttest.CheckPDFA(t, pdf)
	converttest.CheckText(t, pdf, []string{"Số 167-TB/TU", "Hòa Bình, ngày 20 tháng 6 năm 2019", "THÔNG BÁO"})
	padestest.QPDFCheck(t, pdf)
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted || !reps[0].Whole {
		t.Fatalf("pdfsig: %+v", reps)
	}
	// The seal and the signature image, each with its soft mask.
	if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 4 {
		t.Errorf("%d images in the signature's appearance, want 4 (seal, signature, and their masks)", n)
	}
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		os.WriteFile(filepath.Join(keep, "issued-directly.pdf"), pdf, 0o644)
	}
}

// TestPDFEditDropsApproval: a draft edited after its approval is issued
// from a fresh conversion, signed by the organisation alone.
func TestPDFEditDropsApproval(t *testing.T) {
	ts, p := pdfServer(t)
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req["issue"] = false
	delete(req["data"].(map[string]any), "number")
	id := ts.document("clerk", "POST", "/api/v1/documents", mustJSON(t, req), 201).ID
	_, draftPDF, _ := ts.do("clerk", "GET", "/api/v1/documents/"+id+"/pdf", nil)
	leaderCert, leaderKey := p.IssuePEM(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	approved := padestest.SignWithPdfsig(t, draftPDF, "ky-duyet", leaderCert, leaderKey)
	ts.jsonDo("clerk", "POST", "/api/v1/documents/"+id+"/approval", approved, 200)

	req["data"].(map[string]any)["title"] = "kết luận đã sửa sau khi lãnh đạo duyệt"
	ts.document("clerk", "PUT", "/api/v1/documents/"+id, mustJSON(t, req), 200)
	code, body, _ := ts.do("clerk", "POST", "/api/v1/documents/"+id+"/approval", approved, "Content-Type", "application/pdf")
	if code != 422 {
		t.Fatalf("the old approval on the edited draft: %d %s", code, body)
	}
	ts.document("signer", "POST", "/api/v1/documents/"+id+"/issue", nil, 200)
	_, pdf, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/pdf", nil)
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Whole {
		t.Fatalf("pdfsig: %+v, want the organisation's signature alone", reps)
	}
	converttest.CheckText(t, pdf, []string{"kết luận đã sửa sau khi lãnh đạo duyệt"})
}

// TestPDFApprovalRequired: a template whose manifest says
// "approval": "required" does not issue a draft without the leader's
// approval (the approval itself is TestPDFJourney's).
func TestPDFApprovalRequired(t *testing.T) {
	ts, _ := pdfServer(t)
	good := docxWith(t, []string{"{issuer_name}", "{number_line}", "{place_date}", "KẾ HOẠCH", "{title}", "- {don_vi.text}"}, nil)
	manifest := strings.Replace(planManifest, `"kind": "generic",`, `"kind": "generic", "approval": "required",`, 1)
	if code, body := ts.upload("admin", good, manifest); code != 201 {
		t.Fatalf("upload: %d %s", code, body)
	}
	draft := ts.document("clerk", "POST", "/api/v1/documents", []byte(`{"template": "ke-hoach-kiem-tra", "data": {
	 "issuer": {"name": "Ủy ban Kiểm tra Tỉnh ủy", "code": "UBKTTU"}, "place": "Lạng Sơn", "date": "2026-02-05",
	 "title": "kiểm tra việc thực hiện Chỉ thị số 28-CT/TW", "don_vi": ["Đảng ủy Khối"]}}`), 201)
	code, body, _ := ts.do("signer", "POST", "/api/v1/documents/"+draft.ID+"/issue", nil)
	if code != 409 || !strings.Contains(string(body), "ký duyệt") {
		t.Fatalf("issuing without the required approval: %d %s", code, body)
	}
	// Nothing was issued: the number is still free.
	reg := ts.register("clerk", "/api/v1/register?issuer=UBKTTU&type=KH")
	if strings.Contains(string(mustJSON(t, reg)), "01-KH/UBKTTU") {
		t.Errorf("a refused issuing left a register entry: %v", reg)
	}
}

// TestPDFWithoutConverter: with no converter the PDF routes answer 503
// naming what to install, and issuing still works.
func TestPDFWithoutConverter(t *testing.T) {
	ts := startServer(t, testConfig(t))
	doc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, exampleRequest(t, "thong-bao-ket-luan.json")), 201)
	code, body, _ := ts.do("viewer", "GET", "/api/v1/documents/"+doc.ID+"/pdf", nil)
	if code != 503 || !strings.Contains(string(body), "LibreOffice") || !strings.Contains(string(body), "VANTHU_GOTENBERG_URL") {
		t.Fatalf("PDF without a converter: %d %s", code, body)
	}
	ts.jsonDo("viewer", "GET", "/api/v1/documents/"+doc.ID+"/verify", nil, 200)
}

// BenchmarkIssuePDF issues notices over HTTP with the PDF features on:
// number, render, CMS signature, LibreOffice PDF/A, PAdES signature with
// the seal and an RFC 3161 timestamp from a local authority, archive.
//
//	VANTHU_LOG_LEVEL=error go test -run '^$' -bench IssuePDF -benchtime 20x ./cmd/vanthu
func BenchmarkIssuePDF(b *testing.B) {
	ts, _ := pdfServer(b)
	req := exampleRequest(b, "thong-bao-ket-luan.json")
	delete(req["data"].(map[string]any), "number")
	body := mustJSON(b, req)
	ts.document("signer", "POST", "/api/v1/documents", body, 201) // warm the converter
	b.ResetTimer()
	for range b.N {
		ts.document("signer", "POST", "/api/v1/documents", body, 201)
	}
}

// pdftotext returns the text of page of pdf in reading order, with further
// pdftotext options.
func pdftotext(t *testing.T, pdf []byte, page int, opts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := strconv.Itoa(page)
	out, err := exec.Command("pdftotext", append(append([]string{"-f", p, "-l", p}, opts...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestPDFNotStartedByReindex: the serving setup starts LibreOffice (its
// profiles appear under the data directory), vanthu reindex does not.
func TestPDFNotStartedByReindex(t *testing.T) {
	converttest.RequireTools(t, "soffice")
	profiles := func(cfg Config) bool {
		_, err := os.Stat(filepath.Join(cfg.DataDir, "libreoffice"))
		return err == nil
	}
	cfg := envOf(t, "VANTHU_PDF", "auto").config(t)
	_, cleanup, err := setup(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if !profiles(cfg) {
		t.Fatal("setup did not start LibreOffice: this test cannot tell")
	}
	env := envOf(t, "VANTHU_PDF", "auto")
	cfg = env.config(t)
	if err := cmdReindex(nil, env.lookup); err != nil {
		t.Fatalf("vanthu reindex: %v", err)
	}
	if profiles(cfg) {
		t.Error("vanthu reindex started LibreOffice")
	}
}
