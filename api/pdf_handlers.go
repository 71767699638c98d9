package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"vanthu/documents/convert"
	"vanthu/documents/pades"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/signing"
	"vanthu/templates"
)

// pdfError maps the errors of the PDF features: no converter is a 503
// naming what to install, a refused approval a 422 naming the failed check.
func pdfError(err error) error {
	var ae *pades.ApprovalError
	switch {
	case errors.As(err, &ae):
		return &HTTPError{Status: http.StatusUnprocessableEntity, Code: "approval_" + string(ae.Check), Message: ae.Message,
			Fields: []templates.FieldError{{Path: "pdf", Message: ae.Message}}, Err: err}
	case errors.Is(err, pdfdoc.ErrNoPDF):
		return &HTTPError{Status: http.StatusNotFound, Code: "no_pdf",
			Message: "this document was issued while PDF was not enabled; only its DOCX and .p7s signature exist", Err: err}
	case errors.Is(err, convert.ErrUnavailable):
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "pdf_unavailable",
			Message: "PDF features need a converter: " + convert.InstallHint, Err: err}
	case errors.Is(err, convert.ErrTimeout):
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "pdf_timeout", Message: "the PDF conversion took too long; try again", Err: err}
	}
	return err
}

// downloadPDF serves the document's PDF: the signed PDF/A of an issued
// document, the draft's PDF to sign for approval (number and date left as
// form fields), or the approved draft.
func (s *Server) downloadPDF(c *gin.Context) error {
	b, rec, err := s.docs.DocumentPDF(c.Request.Context(), c.Param("id"))
	if err != nil {
		return pdfError(err)
	}
	c.Header("Cache-Control", "private, no-cache")
	c.Header("Content-Disposition", contentDisposition(fileName(rec, ".pdf")))
	c.Data(http.StatusOK, "application/pdf", b)
	return nil
}

// pagePNG serves a preview of one page: /pages/{n}.png.
func (s *Server) pagePNG(c *gin.Context) error {
	raw := strings.TrimSuffix(c.Param("page"), ".png")
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || !strings.HasSuffix(c.Param("page"), ".png") {
		return httpErr(http.StatusNotFound, "not_found", "page", "pages are named by their number from 1, such as pages/1.png")
	}
	b, err := s.docs.PagePNG(c.Request.Context(), c.Param("id"), n)
	if err != nil {
		return pdfError(err)
	}
	c.Header("Cache-Control", "private, max-age=300")
	c.Data(http.StatusOK, "image/png", b)
	return nil
}

// approveDocument takes the PDF the leader signed, as the raw body
// (Content-Type: application/pdf) or the multipart part "pdf".
func (s *Server) approveDocument(c *gin.Context) error {
	var upload []byte
	var err error
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		if err := c.Request.ParseMultipartForm(s.opts.MaxUpload); err != nil {
			return httpErr(http.StatusBadRequest, "invalid_upload", "pdf", "send the signed PDF as the multipart part \"pdf\"")
		}
		upload, err = formPart(c, "pdf", s.opts.MaxUpload)
	} else {
		upload, err = io.ReadAll(c.Request.Body)
	}
	if err != nil || len(upload) == 0 {
		return httpErr(http.StatusBadRequest, "invalid_upload", "pdf",
			"send the PDF signed by the leader as the body (Content-Type: application/pdf) or as the multipart part \"pdf\"")
	}
	a, err := s.docs.Approve(c.Request.Context(), c.Param("id"), upload)
	if err != nil {
		return pdfError(err)
	}
	c.JSON(http.StatusOK, gin.H{"approved": true, "signer": a.SignerName, "signature": a.Signature})
	return nil
}

// verifyResult is the DOCX's CMS verification with the PDF's signatures.
type verifyResult struct {
	signing.Verification
	PDF *pdfdoc.Verification `json:"pdf,omitempty"`
}

// verifyWithPDF verifies the DOCX's CMS signature and, when the document
// has an archived PDF, every signature of the PDF.
func (s *Server) verifyWithPDF(c *gin.Context) error {
	v, err := s.docs.Verify(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	res := verifyResult{Verification: v}
	pv, err := s.docs.VerifyPDF(c.Request.Context(), c.Param("id"))
	switch {
	case err == nil:
		res.PDF = pv
		if !pv.Intact {
			res.Valid = false
			if res.Error == "" {
				res.Error = fmt.Sprintf("the PDF does not verify: %s", firstPDFError(pv))
			}
		}
	case !errors.Is(err, pdfdoc.ErrNoPDF):
		return err
	}
	c.JSON(http.StatusOK, res)
	return nil
}

func firstPDFError(v *pdfdoc.Verification) string {
	if v.Error != "" {
		return v.Error
	}
	for _, sg := range v.Signatures {
		if !sg.Valid {
			return sg.Field + ": " + sg.Error
		}
	}
	return "unknown"
}
