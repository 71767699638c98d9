package api

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"vanthu/documents"
	"vanthu/documents/find"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/secrecy"
)

// Document is the public view of a document: the JSON body the API
// answers with when it creates, reads, updates or issues a document
// (schema Document in openapi.json). Clients may decode answers into it.
type Document struct {
	ID         string            `json:"id"`
	Status     string            `json:"status"`
	Number     string            `json:"number"`
	Type       string            `json:"type"`
	Issuer     string            `json:"issuer"`
	Date       string            `json:"date"`
	Title      string            `json:"title"`
	Template   string            `json:"template"`
	Secrecy    secrecy.Mark      `json:"secrecy"`
	Urgency    string            `json:"urgency"`
	Signer     string            `json:"signer"`
	Revision   int               `json:"revision"`
	SHA256     string            `json:"sha256"`
	Size       int64             `json:"size"`
	Citations  []string          `json:"citations"`
	References []record.Citation `json:"references"`
	Warnings   []kind.Warning    `json:"warnings"`
	Replaces   string            `json:"replaces,omitempty"`
	ReplacedBy string            `json:"replaced_by,omitempty"`
	Signed     bool              `json:"signed"`
	CreatedAt  string            `json:"created_at"`
	CreatedBy  string            `json:"created_by"`
	IssuedAt   string            `json:"issued_at,omitempty"`
	IssuedBy   string            `json:"issued_by,omitempty"`
	Links      map[string]string `json:"links"`
}

// toJSON is the public view of r.
func toJSON(r *record.Record) Document {
	self := "/api/v1/documents/" + r.ID
	d := Document{
		ID: r.ID, Status: string(r.Status), Number: r.Number, Type: r.Type, Issuer: r.Issuer, Date: r.Date,
		Title: r.Title, Template: r.Template, Secrecy: r.Secrecy, Urgency: r.Urgency, Signer: r.Signer,
		Revision: r.Revision, SHA256: r.DOCX.SHA256, Size: r.DOCX.Size,
		Citations: r.CitationDisplays(), References: r.Citations, Warnings: r.Warnings,
		Replaces: r.Replaces, ReplacedBy: r.ReplacedBy, Signed: r.Signature != nil,
		CreatedAt: r.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), CreatedBy: r.CreatedBy, IssuedBy: r.IssuedBy,
		Links: map[string]string{"self": self, "docx": self + "/docx"},
	}
	if d.References == nil {
		d.References = []record.Citation{}
	}
	if d.Warnings == nil {
		d.Warnings = []kind.Warning{}
	}
	if r.IssuedAt != nil {
		d.IssuedAt = r.IssuedAt.Format("2006-01-02T15:04:05Z07:00")
	}
	if r.Signature != nil {
		d.Links["signature"] = self + "/signature"
		d.Links["verify"] = self + "/verify"
	}
	if r.Status == record.StatusDraft {
		d.Links["issue"] = self + "/issue"
	}
	return d
}

func (s *Server) createDocument(c *gin.Context) error {
	var req documents.CreateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	var rec *record.Record
	var err error
	if key, ok := idempotencyKey(c); ok {
		var replayed bool
		rec, replayed, err = s.docs.CreateIdempotent(c.Request.Context(), key, req)
		markReplayed(c, replayed)
	} else {
		rec, err = s.docs.Create(c.Request.Context(), req)
	}
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/documents/"+rec.ID)
	c.JSON(http.StatusCreated, toJSON(rec))
	return nil
}

func (s *Server) getDocument(c *gin.Context) error {
	rec, err := s.docs.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toJSON(rec))
	return nil
}

func (s *Server) updateDocument(c *gin.Context) error {
	var req documents.UpdateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	rec, err := s.docs.Update(c.Request.Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toJSON(rec))
	return nil
}

func (s *Server) deleteDocument(c *gin.Context) error {
	if err := s.docs.Delete(c.Request.Context(), c.Param("id")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) issueDocument(c *gin.Context) error {
	var rec *record.Record
	var err error
	if key, ok := idempotencyKey(c); ok {
		var replayed bool
		rec, replayed, err = s.docs.IssueIdempotent(c.Request.Context(), key, c.Param("id"))
		markReplayed(c, replayed)
	} else {
		rec, err = s.docs.Issue(c.Request.Context(), c.Param("id"))
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toJSON(rec))
	return nil
}

// idempotencyKey returns the Idempotency-Key header of the request (IETF
// httpapi draft), when it has one.
func idempotencyKey(c *gin.Context) (string, bool) {
	vs := c.Request.Header.Values("Idempotency-Key")
	if len(vs) == 0 {
		return "", false
	}
	return strings.Join(vs, ","), true
}

// markReplayed tells the client that the answer is the one given to an
// earlier request with the same Idempotency-Key.
func markReplayed(c *gin.Context, replayed bool) {
	if replayed {
		c.Header("Idempotency-Replayed", "true")
	}
}

// SearchResult is the JSON body of the answer of GET /api/v1/documents
// (schema SearchResult in openapi.json): a page of hits, the facets asked
// for and, when a number search found nothing, numbers worth trying.
type SearchResult = documents.SearchResult

func (s *Server) searchDocuments(c *gin.Context) error {
	p, err := find.ParseParams(c.Request.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.docs.Search(c.Request.Context(), p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, res)
	return nil
}

func (s *Server) downloadDOCX(c *gin.Context) error {
	b, rec, err := s.docs.DOCX(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	etag := `"` + rec.DOCX.SHA256 + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, no-cache")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return nil
	}
	c.Header("Content-Disposition", contentDisposition(fileName(rec, ".docx")))
	c.Data(http.StatusOK, documents.DOCXContentType, b)
	return nil
}

func (s *Server) downloadSignature(c *gin.Context) error {
	b, rec, err := s.docs.Signature(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", contentDisposition(fileName(rec, ".docx.p7s")))
	c.Data(http.StatusOK, "application/pkcs7-signature", b)
	return nil
}

func (s *Server) verifyDocument(c *gin.Context) error {
	v, err := s.docs.Verify(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// fileName names a download after its type and number, e.g.
// "Thông báo 167-TB-TU.docx"; drafts after their id.
func fileName(r *record.Record, ext string) string {
	kind := strings.ToLower(r.TypeName)
	if kind == "" {
		kind = "văn bản"
	}
	if rs := []rune(kind); len(rs) > 0 {
		kind = strings.ToUpper(string(rs[0])) + string(rs[1:])
	}
	num := strings.ReplaceAll(r.Number, "/", "-")
	if num == "" {
		num = "dự thảo " + r.ID
	}
	return kind + " " + num + ext
}

// contentDisposition builds an attachment header with an ASCII fallback and
// the UTF-8 name (RFC 6266, RFC 8187).
func contentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range asciiFold(name) {
		switch {
		case r == '"' || r == '\\' || r == '/' || r < 0x20 || r > 0x7e:
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	ext := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	utf := ext[strings.Index(ext, ";")+1:]
	if !strings.Contains(utf, "filename*") {
		return fmt.Sprintf(`attachment; filename="%s"`, ascii.String())
	}
	return fmt.Sprintf(`attachment; filename="%s";%s`, ascii.String(), utf)
}

// asciiFold removes Vietnamese diacritics keeping case: "Thông báo" → "Thong bao".
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ' || r == 'ð':
			b.WriteRune('d')
		case r == 'Đ' || r == 'Ð':
			b.WriteRune('D')
		case unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
