package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"vanthu/documents"
	"vanthu/documents/returns"
	"vanthu/documents/role"
	"vanthu/web/account"
)

//go:embed templates static
var files embed.FS

// Options configures the pages.
type Options struct {
	Docs     *documents.Service
	Accounts *account.Store
	Sessions *account.Sessions
	// Returns serves the pages of returns (tổng hợp); without it they
	// answer 503.
	Returns *returns.Service
	// OfficeName is shown in the header of every page.
	OfficeName string
	// CookieSecure marks cookies Secure even when the request did not come
	// over TLS (behind a TLS-terminating proxy).
	CookieSecure bool
	// MaxUpload caps uploaded files (DOCX to check, templates); default 12 MiB.
	MaxUpload int64
	Logger    *slog.Logger
}

// Server serves the pages.
type Server struct {
	opts     Options
	docs     *documents.Service
	accounts *account.Store
	sessions *account.Sessions
	log      *slog.Logger
	views    map[string]*template.Template
	assets   map[string]asset  // by hashed name
	assetURL map[string]string // plain name → /static/hashed name
	throttle *account.Throttle
	mux      *http.ServeMux

	refusalMu     sync.Mutex
	refusalMinute int64
	refusals      map[string]int
}

type asset struct {
	body  []byte
	ctype string
}

// New parses every view and builds the routes.
func New(opts Options) (*Server, error) {
	if opts.Docs == nil || opts.Accounts == nil || opts.Sessions == nil {
		return nil, errors.New("web: Docs, Accounts and Sessions are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = 12 << 20
	}
	if opts.OfficeName == "" {
		opts.OfficeName = "Văn phòng cấp ủy"
	}
	s := &Server{
		opts: opts, docs: opts.Docs, accounts: opts.Accounts, sessions: opts.Sessions, log: opts.Logger,
		throttle: account.NewThrottle(15*time.Minute, 5, 20),
	}
	if err := s.loadAssets(); err != nil {
		return nil, err
	}
	if err := s.parseViews(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the pages as an http.Handler.
func (s *Server) Handler() http.Handler { return s.secure(s.mux) }

func (s *Server) loadAssets() error {
	s.assets, s.assetURL = map[string]asset{}, map[string]string{}
	return fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		s.assets[hashed] = asset{body: b, ctype: ct}
		s.assetURL[name] = "/static/" + hashed
		return nil
	})
}

func (s *Server) parseViews() error {
	views, err := fs.Glob(files, "templates/views/*.html")
	if err != nil {
		return err
	}
	s.views = map[string]*template.Template{}
	for _, v := range views {
		t, err := template.New("").Funcs(s.funcs()).ParseFS(files, "templates/layout.html", "templates/partials/*.html", v)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", v, err)
		}
		s.views[strings.TrimSuffix(path.Base(v), ".html")] = t
	}
	return nil
}

// page is what every view receives.
type page struct {
	Title  string
	Nav    string
	Office string
	User   *account.User
	CSRF   string
	Assets map[string]string
	Data   any
}

// Can reports whether the signed-in person has at least the role.
func (p page) Can(min role.Role) bool { return p.User != nil && p.User.Actor().Can(min) }

// render executes a view into a buffer and writes it whole.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, view, title, nav string, data any) {
	t, ok := s.views[view]
	if !ok {
		s.log.Error("unknown view", "view", view)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p := page{Title: title, Nav: nav, Office: s.opts.OfficeName, CSRF: csrfFrom(r.Context()), Assets: s.assetURL, Data: data}
	if u, ok := userFrom(r.Context()); ok {
		p.User = &u
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render page", "view", view, "err", err)
		http.Error(w, "Lỗi hệ thống khi hiển thị trang.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// secure adds the safety headers to every answer.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(a.body)
}

// clientIP is the address the request came from (no proxy headers are
// trusted, as in the API).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// actorCtx returns the request context carrying the signed-in person as the
// documents service's actor.
func actorCtx(r *http.Request) context.Context {
	u, _ := userFrom(r.Context())
	a := u.Actor()
	a.Address = clientIP(r)
	return documents.WithActor(r.Context(), a)
}
