package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"vanthu/documents"
	pdfconv "vanthu/documents/convert"
	"vanthu/documents/kind"
	"vanthu/documents/pades"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/record"
)

// The PDF of a document in the pages: the signed PDF/A of an issued
// document, the draft's PDF for the leader to sign, page previews, and the
// upload of the signed PDF (the leader's approval).

// pdfView is the PDF card of the document page.
type pdfView struct {
	// Off is set when the server has no PDF converter.
	Off      bool
	Issued   bool
	HasPDF   bool
	Approval *pdfdoc.DraftApproval
	Signer   string
	// Refusal is the service's reason for refusing an upload.
	Refusal  string
	Uploaded bool
	CanSend  bool
}

// pdfCard gathers the PDF card of rec for the document page.
func (s *Server) pdfCard(r *http.Request, rec *record.Record, clerk bool) *pdfView {
	v := &pdfView{Issued: rec.Status == record.StatusIssued, HasPDF: rec.PDF != nil, CanSend: clerk}
	if v.Issued {
		return v
	}
	a, err := s.docs.DraftApproval(actorCtx(r), rec.ID)
	switch {
	case errors.Is(err, pdfconv.ErrUnavailable):
		v.Off = true
	case err != nil:
		s.log.Error("draft approval state", "id", rec.ID, "err", err)
		v.Off = true
	default:
		v.Approval = a
		v.Signer = commonName(a.Signer)
	}
	return v
}

// commonName is the CN of "CN=…,O=…", or the whole name.
func commonName(dn string) string {
	for _, part := range strings.Split(dn, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok && k == "CN" {
			return v
		}
	}
	return dn
}

// pdfFail shows the errors of the PDF features: no converter is a page
// saying what the server lacks.
func (s *Server) pdfFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, pdfconv.ErrUnavailable), errors.Is(err, pdfconv.ErrTimeout):
		s.log.Warn("PDF unavailable", "path", r.URL.Path, "err", err)
		s.render(w, r, http.StatusServiceUnavailable, "error", "Chưa có PDF", "", errorPage{Kind: "pdf"})
	case errors.Is(err, pdfdoc.ErrNoPDF):
		s.render(w, r, http.StatusNotFound, "error", "Không có PDF", "", errorPage{Kind: "no_pdf"})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request) {
	b, rec, err := s.docs.DocumentPDF(actorCtx(r), r.PathValue("id"))
	if err != nil {
		s.pdfFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", contentDisposition(strings.TrimSuffix(fileName(rec), ".docx")+".pdf"))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
}

func (s *Server) pagePNG(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("page"), ".png"))
	if err != nil || n < 1 || !strings.HasSuffix(r.PathValue("page"), ".png") {
		s.notFoundPage(w, r)
		return
	}
	b, err := s.docs.PagePNG(actorCtx(r), r.PathValue("id"), n)
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.pdfFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(b)
}

// previewView is the page of page previews.
type previewPage struct {
	Rec        *record.Record
	Page       int
	Prev, Next int
}

// previewsPage shows page n of the document's PDF as an image, with links
// to the pages before and after it.
func (s *Server) previewsPage(w http.ResponseWriter, r *http.Request) {
	ctx := actorCtx(r)
	rec, err := s.docs.Get(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := 1
	if q := r.URL.Query().Get("trang"); q != "" {
		if n, err = strconv.Atoi(q); err != nil || n < 1 {
			s.notFoundPage(w, r)
			return
		}
	}
	var ve *kind.ValidationError
	if _, err := s.docs.PagePNG(ctx, rec.ID, n); errors.As(err, &ve) {
		s.notFoundPage(w, r)
		return
	} else if err != nil {
		s.pdfFail(w, r, err)
		return
	}
	v := previewPage{Rec: rec, Page: n}
	if n > 1 {
		v.Prev = n - 1
	}
	if _, err := s.docs.PagePNG(ctx, rec.ID, n+1); err == nil {
		v.Next = n + 1
	}
	s.render(w, r, http.StatusOK, "pages", "Xem trước: "+rec.Title, "", v)
}

// approveDraft takes the PDF the leader signed; a refusal is shown on the
// document page with the service's reason.
func (s *Server) approveDraft(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var upload []byte
	if f, _, err := r.FormFile("pdf"); err == nil {
		defer f.Close()
		upload, err = io.ReadAll(io.LimitReader(f, s.opts.MaxUpload+1))
		if err != nil || int64(len(upload)) > s.opts.MaxUpload {
			upload = nil
		}
	}
	if len(upload) == 0 {
		s.showDocument(w, r, http.StatusUnprocessableEntity, "Chưa chọn tệp PDF đã ký (hoặc tệp quá lớn).")
		return
	}
	_, err := s.docs.Approve(actorCtx(r), id, upload)
	var ae *pades.ApprovalError
	var ce *documents.ConflictError
	switch {
	case errors.As(err, &ae):
		s.showDocument(w, r, http.StatusUnprocessableEntity, ae.Message)
		return
	case errors.As(err, &ce):
		s.showDocument(w, r, http.StatusConflict, "Lần sửa này của dự thảo đã được ký duyệt, hoặc văn bản đã ban hành.")
		return
	case err != nil:
		s.pdfFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/van-ban/"+id+"?tb=approved", http.StatusSeeOther)
}
