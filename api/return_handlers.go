package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"vanthu/documents/returns"
	"vanthu/documents/review"
)

// XLSXContentType is the media type of an Excel workbook.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// returnRoutes registers the consolidation (tổng hợp) endpoints.
func (s *Server) returnRoutes(v1 *gin.RouterGroup) {
	v1.POST("/returns", s.handleReturn(s.createReturn))
	v1.GET("/returns", s.handleReturn(s.listReturns))
	v1.GET("/returns/:id", s.handleReturn(s.getReturn))
	v1.GET("/returns/:id/xlsx", s.handleReturn(s.exportReturn))
	v1.GET("/returns/:id/template.xlsx", s.handleReturn(s.returnTemplate))
	v1.PUT("/returns/:id/units/:code", s.handleReturn(s.putReturnUnit))
	v1.GET("/returns/:id/units/:code", s.handleReturn(s.getReturnUnit))
	v1.POST("/returns/:id/report", s.handleReturn(s.createReturnReport))
}

// errReturnsOff answers the routes of returns on a server built without
// a returns service.
var errReturnsOff = &HTTPError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the consolidation of returns is not configured on this server"}

// handleReturn is handle with the not-found of returns named as such; on a
// server without a returns service every route answers 503.
func (s *Server) handleReturn(h func(*gin.Context) error) gin.HandlerFunc {
	return s.handle(func(c *gin.Context) error {
		if s.opts.Returns == nil {
			return errReturnsOff
		}
		err := h(c)
		if errors.Is(err, returns.ErrNotFound) {
			return &HTTPError{Status: http.StatusNotFound, Code: "not_found", Message: "no such return or unit", Err: err}
		}
		return err
	})
}

func (s *Server) createReturn(c *gin.Context) error {
	var req returns.CreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.opts.Returns.Create(c.Request.Context(), req)
	if err != nil {
		return err
	}
	c.Header("Location", v.Links["self"])
	c.JSON(http.StatusCreated, v)
	return nil
}

func (s *Server) listReturns(c *gin.Context) error {
	list, err := s.opts.Returns.List(c.Request.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*returns.Definition{}
	}
	c.JSON(http.StatusOK, gin.H{"returns": list})
	return nil
}

func (s *Server) getReturn(c *gin.Context) error {
	v, err := s.opts.Returns.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// putReturnUnit takes {"categories": […]} as JSON, or a multipart form with
// one part "xlsx" (the published workbook), "docx" (the unit's report) or
// "text" (its text, as a file or a field).
func (s *Server) putReturnUnit(c *gin.Context) error {
	in := returns.Input{Source: returns.SourceJSON}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		if err := c.Request.ParseMultipartForm(s.opts.MaxUpload); err != nil {
			if tooLarge(err) {
				return httpErr(http.StatusRequestEntityTooLarge, "too_large", "", fmt.Sprintf("the upload is larger than %d bytes", s.opts.MaxUpload))
			}
			return httpErr(http.StatusBadRequest, "malformed_form", "", "send multipart/form-data with one part \"xlsx\", \"docx\" or \"text\": "+err.Error())
		}
		var given []string
		for _, name := range []string{returns.SourceXLSX, returns.SourceDOCX, returns.SourceText} {
			if _, ok := c.Request.MultipartForm.File[name]; ok {
				given = append(given, name)
			} else if _, ok := c.Request.MultipartForm.Value[name]; ok {
				given = append(given, name)
			}
		}
		if len(given) != 1 {
			return httpErr(http.StatusUnprocessableEntity, "invalid_data", "", "send exactly one of the parts \"xlsx\", \"docx\" or \"text\"")
		}
		b, err := formPart(c, given[0], s.opts.MaxUpload)
		if err != nil {
			return err
		}
		in.Source, in.File = given[0], b
		if fh, err := c.FormFile(given[0]); err == nil {
			in.FileName = fh.Filename
		}
		if in.Source == returns.SourceText {
			in.Text = string(b)
		}
	} else {
		var body struct {
			Categories []review.Category `json:"categories"`
		}
		if err := bindJSON(c, &body); err != nil {
			return err
		}
		in.Categories = body.Categories
	}
	rev, err := s.opts.Returns.PutUnit(c.Request.Context(), c.Param("id"), c.Param("code"), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, unitJSON(rev, nil))
	return nil
}

// unitJSON is a revision with its state and, when given, the history.
func unitJSON(rev *returns.Revision, history []returns.RevisionBrief) gin.H {
	h := gin.H{"state": rev.State(), "revision": rev, "categories": rev.Categories}
	if history != nil {
		h["history"] = history
	}
	return h
}

func (s *Server) getReturnUnit(c *gin.Context) error {
	n := 0
	if v := c.Query("revision"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return httpErr(http.StatusUnprocessableEntity, "invalid_data", "revision", "must be a positive integer")
		}
	}
	rev, history, err := s.opts.Returns.Unit(c.Request.Context(), c.Param("id"), c.Param("code"), n)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, unitJSON(rev, history))
	return nil
}

func (s *Server) exportReturn(c *gin.Context) error {
	b, d, err := s.opts.Returns.ExportXLSX(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", contentDisposition(fmt.Sprintf("Tổng hợp %d %s.xlsx", d.Year, d.ID)))
	c.Data(http.StatusOK, XLSXContentType, b)
	return nil
}

func (s *Server) returnTemplate(c *gin.Context) error {
	unit := c.Query("unit")
	b, d, err := s.opts.Returns.TemplateXLSX(c.Request.Context(), c.Param("id"), unit)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("Biểu số liệu %d %s.xlsx", d.Year, d.ID)
	if unit != "" {
		name = fmt.Sprintf("Biểu số liệu %d %s.xlsx", d.Year, unit)
	}
	c.Header("Content-Disposition", contentDisposition(name))
	c.Data(http.StatusOK, XLSXContentType, b)
	return nil
}

func (s *Server) createReturnReport(c *gin.Context) error {
	var req returns.ReportRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.opts.Returns.CreateReport(c.Request.Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/documents/"+rec.ID)
	c.JSON(http.StatusCreated, toJSON(rec))
	return nil
}
