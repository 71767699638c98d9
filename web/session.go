package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"vanthu/documents"
	"vanthu/documents/audit"
	"vanthu/documents/role"
	"vanthu/web/account"
)

const (
	sessionCookie = "vanthu_session"
	preCookie     = "vanthu_pre" // binds the CSRF token of the sign-in form
)

type ctxKey int

const (
	userKey ctxKey = iota
	csrfKey
	sessionKey
)

func userFrom(ctx context.Context) (account.User, bool) {
	u, ok := ctx.Value(userKey).(account.User)
	return u, ok
}

func csrfFrom(ctx context.Context) string {
	v, _ := ctx.Value(csrfKey).(string)
	return v
}

func sessionFrom(ctx context.Context) (account.Session, bool) {
	v, ok := ctx.Value(sessionKey).(account.Session)
	return v, ok
}

func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || s.opts.CookieSecure}
}

// setSession writes the session cookie. Its lifetime is left to the
// browser session; the signed times inside enforce the limits.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, sess account.Session) {
	http.SetCookie(w, s.cookie(r, sessionCookie, s.sessions.Encode(sess), 0))
}

// withSession resolves the session cookie to a person, checks that the
// account is still enabled and its credentials unchanged, refreshes the
// idle timer, and checks the CSRF token of every state-changing request.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		now := time.Now()
		bound := ""
		if c, err := r.Cookie(sessionCookie); err == nil {
			if sess, u, ok := s.resolve(ctx, c.Value, now); ok {
				ctx = context.WithValue(ctx, userKey, u)
				ctx = context.WithValue(ctx, sessionKey, sess)
				bound = "s:" + sess.ID
				if now.Sub(time.Unix(sess.Seen, 0)) > 30*time.Second {
					sess.Seen = now.Unix()
					s.setSession(w, r, sess)
				}
			} else {
				http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
			}
		}
		if bound == "" {
			pre := ""
			if c, err := r.Cookie(preCookie); err == nil && len(c.Value) == 32 {
				pre = c.Value
			} else {
				pre = account.NewID()
				http.SetCookie(w, s.cookie(r, preCookie, pre, 0))
			}
			bound = "p:" + pre
		}
		ctx = context.WithValue(ctx, csrfKey, s.sessions.Token(bound))
		r = r.WithContext(ctx)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+1<<20)
			if !s.sessions.CheckToken(bound, r.FormValue("csrf")) {
				s.refuse(r, "csrf", "missing or wrong CSRF token")
				s.render(w, r, http.StatusForbidden, "error", "Yêu cầu bị từ chối", "", errorPage{Kind: "csrf"})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// resolve checks a session cookie against the account store.
func (s *Server) resolve(ctx context.Context, value string, now time.Time) (account.Session, account.User, bool) {
	sess, err := s.sessions.Decode(value, now)
	if err != nil {
		return sess, account.User{}, false
	}
	u, err := s.accounts.Get(ctx, sess.Login)
	if err != nil || u.Disabled || u.Epoch != sess.Epoch {
		return sess, u, false
	}
	if ended, err := s.accounts.SessionEnded(ctx, sess.ID); err != nil || ended {
		return sess, u, false
	}
	return sess, u, true
}

// refusalsPerMinute caps how many refused requests of one address are
// written to the audit log per minute, as the API does: beyond it they are
// only logged, so a flood cannot fill the write-once archive.
const refusalsPerMinute = 30

// auditable counts a refusal of the address and reports whether it may
// still be written to the audit log this minute.
func (s *Server) auditable(addr string) bool {
	minute := time.Now().Unix() / 60
	s.refusalMu.Lock()
	defer s.refusalMu.Unlock()
	if s.refusalMinute != minute {
		s.refusalMinute, s.refusals = minute, map[string]int{}
	}
	s.refusals[addr]++
	return s.refusals[addr] <= refusalsPerMinute
}

// refuse writes a refused request to the audit log.
func (s *Server) refuse(r *http.Request, action audit.Action, detail string) {
	if !s.auditable(clientIP(r)) {
		s.log.Warn("refused request not written to the audit log (rate cap)", "client", clientIP(r), "action", action, "path", r.URL.Path)
		return
	}
	ctx := r.Context()
	a := documents.Actor{Name: "anonymous", Address: clientIP(r)}
	if u, ok := userFrom(ctx); ok {
		a = u.Actor()
		a.Address = clientIP(r)
	}
	s.docs.Audit(documents.WithActor(ctx, a), action, "", "refused", detail+": "+r.Method+" "+r.URL.Path)
}

// signedIn requires a signed-in person; one who must change the password
// is sent to that page first.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := userFrom(r.Context())
		if !ok {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/dang-nhap?tiep="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if u.MustChange && r.URL.Path != "/doi-mat-khau" {
			http.Redirect(w, r, "/doi-mat-khau", http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// role requires a signed-in person with at least the given role.
func (s *Server) role(min role.Role, h http.HandlerFunc) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		u, _ := userFrom(r.Context())
		if !u.Actor().Can(min) {
			s.refuse(r, "refused", "role "+string(u.Role))
			s.render(w, r, http.StatusForbidden, "error", "Không có quyền", "", errorPage{Kind: "forbidden"})
			return
		}
		h(w, r)
	})
}

// localPath keeps a redirect target on this site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}
