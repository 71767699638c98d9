package api

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"vanthu/documents"
	"vanthu/documents/find"
	"vanthu/documents/register/registercsv"
	"vanthu/documents/statcheck"
)

func (s *Server) listTemplates(c *gin.Context) error {
	c.JSON(http.StatusOK, gin.H{"templates": s.docs.Templates().List()})
	return nil
}

func (s *Server) getTemplate(c *gin.Context) error {
	t, err := s.docs.Templates().Get(c.Param("name"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, t.Manifest())
	return nil
}

// uploadTemplate takes a multipart form with the parts "docx" (the Word
// file) and "manifest" (its JSON manifest).
func (s *Server) uploadTemplate(c *gin.Context) error {
	if err := c.Request.ParseMultipartForm(s.opts.MaxUpload); err != nil {
		if tooLarge(err) {
			return httpErr(http.StatusRequestEntityTooLarge, "too_large", "docx", fmt.Sprintf("the upload is larger than %d bytes", s.opts.MaxUpload))
		}
		return httpErr(http.StatusBadRequest, "malformed_form", "", "send multipart/form-data with the parts \"docx\" and \"manifest\": "+err.Error())
	}
	docx, err := formPart(c, "docx", s.opts.MaxUpload)
	if err != nil {
		return err
	}
	manifest, err := formPart(c, "manifest", 1<<20)
	if err != nil {
		return err
	}
	m, err := s.docs.AddTemplate(c.Request.Context(), docx, manifest)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, m)
	return nil
}

func formPart(c *gin.Context, name string, limit int64) ([]byte, error) {
	if fh, err := c.FormFile(name); err == nil {
		f, err := fh.Open()
		if err != nil {
			return nil, httpErr(http.StatusBadRequest, "malformed_form", name, "cannot read the uploaded file")
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, limit+1))
		if err != nil || int64(len(b)) > limit {
			return nil, httpErr(http.StatusRequestEntityTooLarge, "too_large", name, fmt.Sprintf("is larger than %d bytes", limit))
		}
		return b, nil
	}
	if v, ok := c.GetPostForm(name); ok {
		return []byte(v), nil
	}
	return nil, httpErr(http.StatusUnprocessableEntity, "invalid_data", name, "is required")
}

func (s *Server) deleteTemplate(c *gin.Context) error {
	if err := s.docs.RemoveTemplate(c.Request.Context(), c.Param("name")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// Register is the JSON body of the answer of GET /api/v1/register (schema
// Register in openapi.json): the rows of the register of outgoing documents
// and their number. The fields are in the order of the keys in the JSON.
type Register struct {
	Rows  []documents.RegisterRow `json:"rows"`
	Total int                     `json:"total"`
}

// register answers JSON, or CSV (UTF-8 with BOM, for Excel) when the client
// asks for text/csv.
func (s *Server) register(c *gin.Context) error {
	ctx := c.Request.Context()
	p, err := find.ParseRegister(c.Request.URL.Query())
	if err != nil {
		if ferr := s.docs.MayReadRegister(ctx); ferr != nil {
			return ferr
		}
		return err
	}
	rows, err := s.docs.Register(ctx, p)
	if err != nil {
		return err
	}
	if strings.Contains(c.GetHeader("Accept"), "text/csv") || c.Query("format") == "csv" {
		c.Header("Content-Disposition", contentDisposition(registercsv.FileName))
		c.Data(http.StatusOK, "text/csv; charset=utf-8", registercsv.Encode(rows))
		return nil
	}
	c.JSON(http.StatusOK, Register{Rows: rows, Total: len(rows)})
	return nil
}

func (s *Server) auditLog(c *gin.Context) error {
	ctx := c.Request.Context()
	p, err := find.ParseAudit(c.Request.URL.Query())
	if err != nil {
		if ferr := s.docs.MayReadAuditLog(ctx); ferr != nil {
			return ferr
		}
		return err
	}
	events, truncated, err := s.docs.AuditLog(ctx, p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"total": len(events), "truncated": truncated, "events": events})
	return nil
}

func (s *Server) certificate(c *gin.Context) error {
	if len(s.opts.CertificatePEM) == 0 {
		return httpErr(http.StatusNotFound, "not_found", "", "no signing certificate is configured")
	}
	c.Data(http.StatusOK, "application/x-pem-file", s.opts.CertificatePEM)
	return nil
}

// checkRequest is the body of POST /api/v1/checks/statistics.
type checkRequest struct {
	Text string `json:"text"`
}

const maxCheckText = 200_000

// checkStatistics checks the figures of a report: JSON {"text"}, or a
// multipart form with the part "docx" (a Word file, tables included; the
// response then carries the extracted "text" the offsets point into) or
// "text".
func (s *Server) checkStatistics(c *gin.Context) error {
	var req checkRequest
	if strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		if err := c.Request.ParseMultipartForm(s.opts.MaxUpload); err != nil {
			if tooLarge(err) {
				return httpErr(http.StatusRequestEntityTooLarge, "too_large", "docx", fmt.Sprintf("the upload is larger than %d bytes", s.opts.MaxUpload))
			}
			return httpErr(http.StatusBadRequest, "malformed_form", "", "send multipart/form-data with the part \"docx\" (a .docx file) or \"text\": "+err.Error())
		}
		if _, err := c.FormFile("docx"); err == nil {
			docx, err := formPart(c, "docx", s.opts.MaxUpload)
			if err != nil {
				return err
			}
			rep, err := statcheck.CheckDOCX(docx)
			if err != nil {
				return httpErr(http.StatusUnprocessableEntity, "invalid_data", "docx", "is not a Word document (.docx) that can be read")
			}
			c.JSON(http.StatusOK, rep)
			return nil
		}
		text, err := formPart(c, "text", maxCheckText)
		if err != nil {
			return err
		}
		req.Text = string(text)
	} else if err := bindJSON(c, &req); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(req.Text) == "":
		return httpErr(http.StatusUnprocessableEntity, "invalid_data", "text", "is required: paste the text of the report")
	case !utf8.ValidString(req.Text):
		return httpErr(http.StatusUnprocessableEntity, "invalid_data", "text", "is not valid UTF-8")
	case len(req.Text) > maxCheckText:
		return httpErr(http.StatusUnprocessableEntity, "invalid_data", "text", fmt.Sprintf("is longer than %d bytes; check the report in parts", maxCheckText))
	}
	c.JSON(http.StatusOK, statcheck.Check(req.Text))
	return nil
}

// ready answers readiness probes: 200 while the archive answers (the index
// may be down: documents are still archived and indexed later), 503
// otherwise. The body says which backend is unavailable, nothing more.
func (s *Server) ready(c *gin.Context) {
	h := s.docs.Health(c.Request.Context())
	code := http.StatusOK
	if !h.Ready() {
		code = http.StatusServiceUnavailable
	}
	c.JSON(code, h)
}
