package web

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"vanthu/documents"
	"vanthu/documents/audit"
	"vanthu/web/account"
)

type loginPage struct {
	Login, Next, Error, Notice string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := userFrom(r.Context()); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	p := loginPage{Next: localPath(r.URL.Query().Get("tiep"))}
	switch r.URL.Query().Get("tb") {
	case "out":
		p.Notice = "out"
	case "expired":
		p.Notice = "expired"
	}
	s.render(w, r, http.StatusOK, "login", "Đăng nhập", "", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	login := strings.ToLower(strings.TrimSpace(r.PostFormValue("login")))
	p := loginPage{Login: login, Next: localPath(r.PostFormValue("tiep"))}
	addr := clientIP(r)
	if wait := s.throttle.Wait(login, addr); wait > 0 {
		p.Error = "throttled:" + itoa(int(math.Ceil(wait.Minutes())))
		if s.auditable(addr) {
			s.audit(r, documents.Actor{Name: login, Address: addr}, "sign-in", "refused", "tạm chặn do đăng nhập sai nhiều lần")
		}
		s.render(w, r, http.StatusTooManyRequests, "login", "Đăng nhập", "", p)
		return
	}
	u, err := s.accounts.Authenticate(r.Context(), login, r.PostFormValue("password"))
	switch {
	case errors.Is(err, account.ErrBadCredentials), errors.Is(err, account.ErrDisabled):
		s.throttle.Fail(login, addr)
		p.Error = "bad"
		if errors.Is(err, account.ErrDisabled) {
			p.Error = "disabled"
		}
		detail := "sai tên đăng nhập hoặc mật khẩu"
		if errors.Is(err, account.ErrDisabled) {
			detail = "tài khoản đã bị khóa"
		}
		if s.auditable(addr) {
			s.audit(r, documents.Actor{Name: login, Address: addr}, "sign-in", "refused", detail)
		}
		s.render(w, r, http.StatusUnauthorized, "login", "Đăng nhập", "", p)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.throttle.Succeed(login)
	now := time.Now().Unix()
	// A new id at every sign-in: nothing set before signing in carries over.
	s.setSession(w, r, account.Session{ID: account.NewID(), Login: u.Login, Epoch: u.Epoch, Created: now, Seen: now})
	http.SetCookie(w, s.cookie(r, preCookie, "", -1))
	a := u.Actor()
	a.Address = addr
	s.audit(r, a, "sign-in", "ok", u.Login)
	if u.MustChange {
		http.Redirect(w, r, "/doi-mat-khau", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

func (s *Server) audit(r *http.Request, a documents.Actor, action audit.Action, result audit.Result, detail string) {
	s.docs.Audit(documents.WithActor(r.Context(), a), action, "", result, detail)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if sess, ok := sessionFrom(r.Context()); ok {
		u, _ := userFrom(r.Context())
		a := u.Actor()
		a.Address = clientIP(r)
		if err := s.accounts.EndSession(r.Context(), sess.ID); err != nil {
			// The cookie is cleared here, but a copy of it stays valid
			// until the session's idle limit: say so in the log and the audit.
			s.log.Error("end session", "err", err)
			s.audit(r, a, "sign-out", audit.ResultFailed, u.Login+": "+err.Error())
		} else {
			s.audit(r, a, "sign-out", "ok", u.Login)
		}
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/dang-nhap?tb=out", http.StatusSeeOther)
}

type passwordPage struct {
	Forced bool
	Errors map[string]string
	Done   bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	u, _ := userFrom(r.Context())
	s.render(w, r, http.StatusOK, "password", "Đổi mật khẩu", "", passwordPage{Forced: u.MustChange, Done: r.URL.Query().Get("tb") == "ok"})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u, _ := userFrom(r.Context())
	cur, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("confirm")
	p := passwordPage{Forced: u.MustChange, Errors: map[string]string{}}
	if ok, err := account.CheckPassword(u.PasswordHash, cur); err != nil || !ok {
		p.Errors["current"] = "wrong"
	}
	switch {
	case utf8.RuneCountInString(next) < account.MinPasswordLength:
		p.Errors["new"] = "short"
	case next == cur:
		p.Errors["new"] = "same"
	case next != again:
		p.Errors["confirm"] = "differ"
	}
	if len(p.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "password", "Đổi mật khẩu", "", p)
		return
	}
	nu, err := s.accounts.SetPassword(r.Context(), u.Login, next, false, u.Login)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every other session of the account has ended with the new epoch;
	// this one continues under a new id.
	if sess, ok := sessionFrom(r.Context()); ok {
		// Its epoch is old already, so the session cannot be used again;
		// a failed record of its end is only logged.
		if err := s.accounts.EndSession(r.Context(), sess.ID); err != nil {
			s.log.Warn("end session after a password change", "err", err)
		}
	}
	now := time.Now().Unix()
	s.setSession(w, r, account.Session{ID: account.NewID(), Login: nu.Login, Epoch: nu.Epoch, Created: now, Seen: now})
	a := nu.Actor()
	a.Address = clientIP(r)
	s.audit(r, a, "password", "ok", nu.Login)
	http.Redirect(w, r, "/doi-mat-khau?tb=ok", http.StatusSeeOther)
}
