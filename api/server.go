package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/documents"
	"vanthu/documents/returns"
	"vanthu/documents/role"
)

// Options configures the HTTP server.
type Options struct {
	Docs   *documents.Service
	Tokens *Tokens
	// PublicRead lets requests without a token read non-secret issued
	// documents (VANTHU_PUBLIC_READ=true).
	PublicRead bool
	// MaxBody caps JSON request bodies (default 1 MiB); template uploads
	// have their own cap (MaxUpload, default 12 MiB).
	MaxBody   int64
	MaxUpload int64
	// CertificatePEM is the published certificate that verifies signatures.
	CertificatePEM []byte
	Logger         *slog.Logger
	// Returns serves the consolidation of lower units' returns. Its routes
	// are always there; without a service they answer 503.
	Returns *returns.Service
}

// Server is the HTTP interface.
type Server struct {
	docs   *documents.Service
	tokens *Tokens
	opts   Options
	log    *slog.Logger
	engine *gin.Engine

	refusalMu     sync.Mutex
	refusalMinute int64
	refusals      map[string]int
}

// New builds the Gin engine with every route.
func New(opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = 12 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Tokens == nil {
		opts.Tokens = &Tokens{}
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	_ = e.SetTrustedProxies(nil)
	e.HandleMethodNotAllowed = true
	s := &Server{docs: opts.Docs, tokens: opts.Tokens, opts: opts, log: opts.Logger, engine: e}
	e.Use(s.recoverer(), s.accessLog())
	e.NoRoute(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusNotFound, ErrorBody{Error: ErrorDetail{Code: "not_found", Message: "no such endpoint: " + c.Request.Method + " " + c.Request.URL.Path}})
	})
	e.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{Code: "method_not_allowed", Message: c.Request.Method + " is not allowed on " + c.Request.URL.Path}})
	})
	s.routes()
	return s
}

// refusalsPerMinute caps how many refused requests of one client address
// are written to the audit log per minute; beyond it they are only logged,
// so a flood of bad requests cannot fill the write-once archive.
const refusalsPerMinute = 30

// auditRefusal records a refused request (401, 403) in the audit log.
func (s *Server) auditRefusal(c *gin.Context, doc string) {
	ip := c.ClientIP()
	minute := time.Now().Unix() / 60
	s.refusalMu.Lock()
	if s.refusalMinute != minute {
		s.refusalMinute, s.refusals = minute, map[string]int{}
	}
	s.refusals[ip]++
	n := s.refusals[ip]
	s.refusalMu.Unlock()
	detail := c.Request.Method + " " + c.Request.URL.Path
	if n > refusalsPerMinute {
		s.log.Warn("refused request not written to the audit log (rate cap)", "client", ip, "request", detail)
		return
	}
	s.docs.Audit(c.Request.Context(), "refused", doc, "refused", detail)
}

// Handler returns the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }

func (s *Server) routes() {
	e := s.engine
	e.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", s.ready)
	// The description is public: integrators read it before they have a token.
	e.GET("/api/v1/openapi.json", s.handle(s.openAPI))
	v1 := e.Group("/api/v1", s.limitBody(), s.authenticate())
	v1.GET("/templates", s.handle(s.listTemplates))
	v1.GET("/templates/:name", s.handle(s.getTemplate))
	v1.POST("/templates", s.handle(s.uploadTemplate))
	v1.DELETE("/templates/:name", s.handle(s.deleteTemplate))

	v1.POST("/documents", s.handle(s.createDocument))
	v1.GET("/documents", s.handle(s.searchDocuments))
	v1.GET("/documents/:id", s.handle(s.getDocument))
	v1.PUT("/documents/:id", s.handle(s.updateDocument))
	v1.DELETE("/documents/:id", s.handle(s.deleteDocument))
	v1.GET("/documents/:id/docx", s.handle(s.downloadDOCX))
	v1.POST("/documents/:id/issue", s.handle(s.issueDocument))
	v1.GET("/documents/:id/signature", s.handle(s.downloadSignature))
	v1.GET("/documents/:id/verify", s.handle(s.verifyWithPDF))
	v1.GET("/documents/:id/pdf", s.handle(s.downloadPDF))           // api/pdf_handlers.go
	v1.GET("/documents/:id/pages/:page", s.handle(s.pagePNG))       // api/pdf_handlers.go
	v1.POST("/documents/:id/approval", s.handle(s.approveDocument)) // api/pdf_handlers.go

	v1.GET("/register", s.handle(s.register))
	v1.GET("/audit", s.handle(s.auditLog))
	v1.GET("/certificate", s.handle(s.certificate))
	v1.POST("/checks/statistics", s.handle(s.checkStatistics))
	s.returnRoutes(v1)
}

// recoverer turns a panic into a 500 in the project's error shape.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in handler", "path", c.Request.URL.Path, "panic", r)
				c.AbortWithStatusJSON(http.StatusInternalServerError, ErrorBody{Error: ErrorDetail{Code: "internal", Message: "internal error"}})
			}
		}()
		c.Next()
	}
}

// accessLog logs every request without its query string's secrets or any
// header: tokens never reach the log.
func (s *Server) accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		s.log.Info("http", "method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(), "client", c.ClientIP())
	}
}

// limitBody caps request bodies; reading past the cap yields a 413.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := s.opts.MaxBody
		if (c.Request.Method == http.MethodPost && (strings.HasSuffix(c.Request.URL.Path, "/templates") || strings.HasSuffix(c.Request.URL.Path, "/approval"))) ||
			(c.Request.Method == http.MethodPut && strings.HasPrefix(c.Request.URL.Path, "/api/v1/returns/")) {
			limit = s.opts.MaxUpload
		}
		if c.Request.ContentLength > limit {
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, ErrorBody{Error: ErrorDetail{Code: "too_large", Message: "the body is larger than the limit of " + itoa(limit) + " bytes"}})
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

// authenticate resolves the bearer token to an actor. Without a token,
// reads are allowed only when PublicRead is on, as an anonymous viewer
// without clearance.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		token := ""
		if scheme, value, ok := strings.Cut(c.GetHeader("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
			token = strings.TrimSpace(value)
		} else if c.GetHeader("Authorization") != "" {
			token = "invalid" // some other scheme: never anonymous
		}
		var actor documents.Actor
		switch a, ok := s.tokens.Lookup(token); {
		case ok:
			actor = a
		case token == "" && s.opts.PublicRead && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead):
			actor = documents.Actor{Name: "anonymous", Role: role.Viewer}
		default:
			actor = documents.Actor{Name: "anonymous", Role: "", Address: c.ClientIP()}
			ctx := documents.WithActor(c.Request.Context(), actor)
			msg := "an API token is required: send Authorization: Bearer <token>"
			if token != "" {
				msg = "the API token is not valid"
			}
			c.Request = c.Request.WithContext(ctx)
			s.auditRefusal(c, "")
			c.Header("WWW-Authenticate", `Bearer realm="vanthu"`)
			c.AbortWithStatusJSON(http.StatusUnauthorized, ErrorBody{Error: ErrorDetail{Code: "unauthorized", Message: msg}})
			return
		}
		actor.Address = c.ClientIP()
		c.Request = c.Request.WithContext(documents.WithActor(c.Request.Context(), actor))
		c.Next()
	}
}
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
