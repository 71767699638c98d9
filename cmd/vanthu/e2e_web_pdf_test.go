package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"vanthu/documents/pades/padestest"
	"vanthu/documents/role"
	"vanthu/web/account"
)

// TestWebPDF is the leader's approval in the browser: the clerk downloads
// the draft's PDF to sign (the same bytes as the API's), an upload signed
// by an untrusted certificate is refused with the service's reason, the
// leader's signed PDF is accepted and the approval shown; the signer
// issues; the document page offers the signed PDF (extending the approved
// one) and previews of its pages.
func TestWebPDF(t *testing.T) {
	chromiumPath(t)
	ts, p := pdfServer(t)
	arc, err := openArchive(context.Background(), ts.cfg, newLogger("error"))
	if err != nil {
		t.Fatal(err)
	}
	store := account.NewStore(arc)
	const pw = "mat-khau-thu-nghiem"
	for _, u := range []account.NewUser{
		{Login: "vanthu", Name: "Nguyễn Thị Văn Thư", Role: role.Clerk, Password: pw},
		{Login: "lanhdao", Name: "Nguyễn Tân Cương", Role: role.Signer, Password: pw},
	} {
		if _, err := store.Add(context.Background(), u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	arc.Close()

	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req["issue"] = false
	delete(req["data"].(map[string]any), "number")
	id := ts.document("clerk", "POST", "/api/v1/documents", mustJSON(t, req), 201).ID

	b := newBrowser(t, ts.base)
	clerk := b.tab()
	clerk.signIn("vanthu", pw)
	clerk.open("/van-ban/" + id)
	clerk.wantText("Bản PDF", "Chưa ký duyệt", "Tải PDF để ký duyệt", "Tải lên bản đã ký")
	code, draftPDF, hdr := clerk.get("/van-ban/" + id + "/pdf")
	if code != 200 || hdr.Get("Content-Type") != "application/pdf" || !strings.Contains(hdr.Get("Content-Disposition"), ".pdf") {
		t.Fatalf("Tải PDF để ký duyệt: %d %q %q", code, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"))
	}
	if c, fromAPI, _ := ts.do("clerk", "GET", "/api/v1/documents/"+id+"/pdf", nil); c != 200 || !bytes.Equal(fromAPI, draftPDF) {
		t.Fatalf("the draft's PDF of the page differs from the API's (status %d)", c)
	}
	clerk.look("van-ban-du-thao-pdf")

	dir := t.TempDir()
	upload := func(name string, pdf []byte) {
		t.Helper()
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		clerk.run(chromedp.SetUploadFiles("#approval-pdf", []string{file}, chromedp.ByQuery))
		clerk.submit("form[action$='/ky-duyet'] button[type=submit]")
	}
	strangerCert, strangerKey := padestest.NewPKI(t).IssuePEM(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	upload("la.pdf", padestest.SignWithPdfsig(t, draftPDF, "ky-duyet", strangerCert, strangerKey))
	clerk.wantText("Không nhận bản đã ký", "chứng thư số của người ký không do tổ chức cung cấp dịch vụ chứng thực được tin cậy cấp", "Chưa ký duyệt")
	clerk.look("van-ban-ky-duyet-tu-choi")

	leaderCert, leaderKey := p.IssuePEM(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	approved := padestest.SignWithPdfsig(t, draftPDF, "ky-duyet", leaderCert, leaderKey)
	upload("da-ky.pdf", approved)
	clerk.wantText("Đã nhận bản PDF lãnh đạo ký duyệt", "Đã ký duyệt lần sửa", "Nguyễn Tân Cương")
	var forms int
	clerk.eval(`document.querySelectorAll("form[action$='/ky-duyet']").length`, &forms)
	if forms != 0 {
		t.Error("an approved draft still offers the upload form")
	}

	signer := b.tab()
	signer.signIn("lanhdao", pw)
	signer.open("/du-thao/" + id + "/ban-hanh")
	signer.press("form[action$='/ban-hanh'] button[type=submit]")
	signer.wantText("Đã ban hành văn bản số", "Tải PDF", "Bản PDF/A đã ký số")
	code, pdf, _ := signer.get("/van-ban/" + id + "/pdf")
	if c, fromAPI, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/pdf", nil); code != 200 || c != 200 || !bytes.Equal(pdf, fromAPI) {
		t.Fatalf("Tải PDF: status %d, the API's %d, same bytes %v", code, c, bytes.Equal(pdf, fromAPI))
	}
	if !bytes.HasPrefix(pdf, approved) {
		t.Fatal("the issued PDF does not extend the one the leader signed")
	}
	reps := padestest.Pdfsig(t, p.NSSDB(t), pdf)
	if len(reps) != 2 || !reps[0].Valid || !reps[1].Valid {
		t.Fatalf("pdfsig on the PDF downloaded from the page: %+v", reps)
	}
	if width := imageWidth(signer, ".thumb img"); width == 0 {
		t.Fatal("the preview of page 1 on the document page did not load")
	}
	signer.look("van-ban-pdf")
	signer.press(`a.btn.ghost[href$="/trang"]`)
	signer.wantText("Xem trước", "Trang 1")
	if width := imageWidth(signer, ".preview img"); width < 500 {
		t.Fatalf("the page preview is %d px wide", width)
	}
	signer.look("xem-truoc-trang")
}

// imageWidth waits for the image sel to load and returns its natural
// width, 0 when it failed to load.
func imageWidth(tb *tab, sel string) int {
	tb.b.t.Helper()
	var w int
	js := `new Promise(r => { const i = document.querySelector(` + strconvQuote(sel) + `); i.loading = "eager"; if (i.complete && i.naturalWidth) r(i.naturalWidth); else { i.onload = () => r(i.naturalWidth); i.onerror = () => r(0); } })`
	tb.run(chromedp.Evaluate(js, &w, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	return w
}

func strconvQuote(s string) string { return strconv.Quote(s) }
