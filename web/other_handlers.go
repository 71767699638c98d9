package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vanthu/documents"
	"vanthu/documents/audit"
	"vanthu/documents/find"
	"vanthu/documents/kind"
	"vanthu/documents/register/registercsv"
	"vanthu/documents/role"
	"vanthu/documents/statcheck"
	"vanthu/templates"
	"vanthu/web/account"
)

type registerView struct {
	Params           registerForm
	Rows             []documents.RegisterRow
	Total            int
	Error            string
	CSVURL           string
	Page, Pages      int
	PrevURL, NextURL string
}

const registerPerPage = 50

// registerForm is the register filter as typed in the form.
type registerForm struct{ Issuer, Type, Term, Year string }

// values are the filter's query parameters, the empty ones left out.
func (f registerForm) values() url.Values {
	q := url.Values{}
	for k, val := range map[string]string{"issuer": f.Issuer, "type": f.Type, "term": f.Term, "year": f.Year} {
		if val != "" {
			q.Set(k, val)
		}
	}
	return q
}

func registerFormOf(r *http.Request) registerForm {
	q := r.URL.Query()
	return registerForm{Issuer: strings.TrimSpace(q.Get("issuer")), Type: strings.TrimSpace(q.Get("type")), Term: strings.TrimSpace(q.Get("term")), Year: strings.TrimSpace(q.Get("year"))}
}

// register reads the register rows of the filter f.
func (s *Server) register(r *http.Request, f registerForm) ([]documents.RegisterRow, error) {
	p, err := find.ParseRegister(f.values())
	if err != nil {
		return nil, err
	}
	return s.docs.Register(actorCtx(r), p)
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	f := registerFormOf(r)
	v := registerView{Params: f}
	rows, err := s.register(r, f)
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		v.Error = translate(ve.Fields[0])
		s.render(w, r, http.StatusUnprocessableEntity, "register", "Sổ văn bản đi", "register", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := f.values()
	v.CSVURL = "/so-van-ban-di.csv?" + q.Encode()
	v.Total = len(rows)
	v.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	v.Pages = max(1, (len(rows)+registerPerPage-1)/registerPerPage)
	v.Page = min(max(v.Page, 1), v.Pages)
	from := (v.Page - 1) * registerPerPage
	v.Rows = rows[from:min(len(rows), from+registerPerPage)]
	if v.Page > 1 {
		q.Set("page", strconv.Itoa(v.Page-1))
		v.PrevURL = "/so-van-ban-di?" + q.Encode()
	}
	if v.Page < v.Pages {
		q.Set("page", strconv.Itoa(v.Page+1))
		v.NextURL = "/so-van-ban-di?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "register", "Sổ văn bản đi", "register", v)
}

// registerCSV writes the register as the API's CSV does: UTF-8 with BOM,
// the columns of the paper register, cells safe from spreadsheet formulas.
func (s *Server) registerCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.register(r, registerFormOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition(registercsv.FileName))
	_, _ = w.Write(registercsv.Encode(rows))
}

type checkView struct {
	Text    string
	Error   string
	Checked bool
	Parts   []checkPart
	Claims  []claimView
	Summary statcheck.Summary
}

type checkPart struct {
	Text    string
	Verdict string
	No      int
}

type claimView struct {
	statcheck.Claim
	No int
}

const maxCheckText = 200_000

// highlight cuts text at the claims of the checker, for marking them with
// their verdicts; claims overlapping an earlier one are left out.
func highlight(text string, claims []statcheck.Claim) ([]checkPart, []claimView) {
	var parts []checkPart
	var views []claimView
	at := 0
	for i, c := range claims {
		if c.Start < at || c.End > len(text) || c.Start > c.End {
			continue
		}
		if c.Start > at {
			parts = append(parts, checkPart{Text: text[at:c.Start]})
		}
		parts = append(parts, checkPart{Text: text[c.Start:c.End], Verdict: c.Verdict, No: i + 1})
		views = append(views, claimView{Claim: c, No: i + 1})
		at = c.End
	}
	if at < len(text) {
		parts = append(parts, checkPart{Text: text[at:]})
	}
	return parts, views
}

func (s *Server) checkPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "check", "Kiểm tra số liệu", "check", checkView{})
}

func (s *Server) checkSubmit(w http.ResponseWriter, r *http.Request) {
	text := r.FormValue("text")
	if f, fh, err := r.FormFile("docx"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, s.opts.MaxUpload+1))
		if err == nil && fh.Size > 0 {
			t, err := documents.VisibleText(b)
			if err != nil {
				s.render(w, r, http.StatusUnprocessableEntity, "check", "Kiểm tra số liệu", "check", checkView{Text: text, Error: "docx"})
				return
			}
			text = t
		}
	}
	v := checkView{Text: text}
	switch {
	case strings.TrimSpace(text) == "":
		v.Error = "empty"
	case !utf8.ValidString(text):
		v.Error = "utf8"
	case len(text) > maxCheckText:
		v.Error = "long"
	}
	if v.Error != "" {
		s.render(w, r, http.StatusUnprocessableEntity, "check", "Kiểm tra số liệu", "check", v)
		return
	}
	rep := statcheck.Check(text)
	v.Checked, v.Summary = true, rep.Summary
	v.Parts, v.Claims = highlight(text, rep.Claims)
	s.render(w, r, http.StatusOK, "check", "Kiểm tra số liệu", "check", v)
}

type templatesView struct {
	List    []templates.Manifest
	IsAdmin bool
	Errors  []string
	Added   string
}

func (s *Server) templatesPage(w http.ResponseWriter, r *http.Request) {
	u, _ := userFrom(r.Context())
	s.render(w, r, http.StatusOK, "templates", "Mẫu văn bản", "templates", templatesView{List: s.docs.Templates().List(), IsAdmin: u.Actor().Can(role.Admin), Added: r.URL.Query().Get("them")})
}

type templateView struct {
	Manifest templates.Manifest
	Fields   []*formField
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request) {
	m, err := s.docs.Template(r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b := &formBuilder{labels: map[string]string{}}
	v := templateView{Manifest: m}
	for _, f := range m.Fields {
		v.Fields = append(v.Fields, b.build(f, "data."+f.Name, "", nil, false, 0))
	}
	s.render(w, r, http.StatusOK, "template", m.Title, "templates", v)
}

func (s *Server) uploadTemplate(w http.ResponseWriter, r *http.Request) {
	read := func(name string) []byte {
		f, _, err := r.FormFile(name)
		if err != nil {
			return nil
		}
		defer f.Close()
		b, _ := io.ReadAll(io.LimitReader(f, s.opts.MaxUpload))
		return b
	}
	docx, manifest := read("docx"), read("manifest")
	v := templatesView{List: s.docs.Templates().List(), IsAdmin: true}
	if len(docx) == 0 {
		v.Errors = append(v.Errors, "Chưa chọn tệp mẫu (.docx).")
	}
	if len(manifest) == 0 {
		v.Errors = append(v.Errors, "Chưa chọn tệp mô tả (manifest .json).")
	}
	if len(v.Errors) == 0 {
		m, err := s.docs.AddTemplate(actorCtx(r), docx, manifest)
		if err == nil {
			http.Redirect(w, r, "/mau-van-ban?them="+url.QueryEscape(m.Name), http.StatusSeeOther)
			return
		}
		var ve *kind.ValidationError
		var ce *documents.ConflictError
		switch {
		case errors.As(err, &ve):
			for _, f := range ve.Fields {
				for _, part := range strings.Split(f.Message, "; ") {
					v.Errors = append(v.Errors, f.Path+": "+part)
				}
			}
		case errors.Is(err, templates.ErrInvalidTemplate):
			for _, part := range strings.Split(err.Error(), "; ") {
				v.Errors = append(v.Errors, part)
			}
		case errors.As(err, &ce):
			v.Errors = append(v.Errors, ce.Message)
		case errors.Is(err, templates.ErrBuiltin), errors.Is(err, templates.ErrExists):
			v.Errors = append(v.Errors, err.Error())
		default:
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "templates", "Mẫu văn bản", "templates", v)
}

type auditView struct {
	From, To, Actor, Document string
	Events                    []documents.Event
	NextURL                   string
	Error                     string
}

// auditPerPage is how many events one page of the log reads.
const auditPerPage = 50

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := auditView{From: q.Get("from"), To: q.Get("to"), Actor: q.Get("actor"), Document: strings.TrimSpace(q.Get("document"))}
	if v.From == "" && v.To == "" {
		// Today by default: the log is stored by day, so one day reads fast.
		v.From = time.Now().Format(time.DateOnly)
		v.To = v.From
	}
	from := v.From
	if after := q.Get("sau"); after != "" {
		from = after // the next page starts after the last event shown
	}
	p := documents.AuditParams{Actor: v.Actor, Limit: auditPerPage}
	var events []documents.Event
	var truncated bool
	var err error
	if p.From, err = find.Time(from, "from", false); err == nil {
		p.To, err = find.Time(v.To, "to", true)
	}
	if err == nil {
		events, truncated, err = s.docs.AuditLog(actorCtx(r), p)
	}
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		v.Error = ve.Fields[0].Path + ": " + translate(ve.Fields[0])
		s.render(w, r, http.StatusUnprocessableEntity, "audit", "Nhật ký", "audit", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Oldest first, a page at a time: the log is read from its start date.
	for _, e := range events {
		if v.Document == "" || e.Document == v.Document {
			v.Events = append(v.Events, e)
		}
	}
	if truncated && len(events) > 0 {
		next := url.Values{}
		for k, val := range map[string]string{"from": v.From, "to": v.To, "actor": v.Actor, "document": v.Document} {
			if val != "" {
				next.Set(k, val)
			}
		}
		next.Set("sau", events[len(events)-1].Time.Add(time.Nanosecond).Format(time.RFC3339Nano))
		v.NextURL = "/nhat-ky?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", "Nhật ký", "audit", v)
}

type usersView struct {
	Users    []account.User
	Error    string
	Field    string
	Form     account.NewUser
	Password string // a one-time password just set, shown once
	For      string
	Notice   string
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	s.showUsers(w, r, http.StatusOK, usersView{Notice: r.URL.Query().Get("tb")})
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, status int, v usersView) {
	users, err := s.accounts.List(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Users = users
	s.render(w, r, status, "users", "Người dùng", "users", v)
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request) {
	admin, _ := userFrom(r.Context())
	n := account.NewUser{Login: strings.ToLower(strings.TrimSpace(r.PostFormValue("login"))), Name: r.PostFormValue("name"),
		Role: role.Role(r.PostFormValue("role")), Clearance: r.PostFormValue("clearance"), Password: account.NewPassword(), MustChange: true}
	_, err := s.accounts.Add(r.Context(), n, admin.Login)
	var ie *account.InvalidError
	switch {
	case errors.As(err, &ie):
		s.showUsers(w, r, http.StatusUnprocessableEntity, usersView{Error: ie.Message, Field: ie.Field, Form: n})
		return
	case errors.Is(err, account.ErrExists):
		s.showUsers(w, r, http.StatusConflict, usersView{Error: fmt.Sprintf("Tên đăng nhập %s đã có người dùng.", n.Login), Field: "login", Form: n})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	a := admin.Actor()
	a.Address = clientIP(r)
	s.audit(r, a, "user.add", "ok", n.Login+" "+string(n.Role))
	s.showUsers(w, r, http.StatusOK, usersView{Password: n.Password, For: n.Login, Notice: "added"})
}

func (s *Server) changeUser(w http.ResponseWriter, r *http.Request) {
	admin, _ := userFrom(r.Context())
	login := r.PathValue("login")
	var err error
	v := usersView{For: login}
	action := r.PostFormValue("action")
	switch action {
	case "disable":
		if login == admin.Login {
			s.showUsers(w, r, http.StatusUnprocessableEntity, usersView{Error: "Không thể tự khóa tài khoản của chính mình."})
			return
		}
		_, err = s.accounts.SetDisabled(r.Context(), login, true, admin.Login)
		v.Notice = "disabled"
	case "enable":
		_, err = s.accounts.SetDisabled(r.Context(), login, false, admin.Login)
		v.Notice = "enabled"
	case "reset":
		v.Password = account.NewPassword()
		_, err = s.accounts.SetPassword(r.Context(), login, v.Password, true, admin.Login)
		v.Notice = "reset"
	default:
		s.notFoundPage(w, r)
		return
	}
	if errors.Is(err, account.ErrNotFound) {
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := admin.Actor()
	a.Address = clientIP(r)
	s.audit(r, a, audit.Action("user."+action), audit.ResultOK, login)
	s.showUsers(w, r, http.StatusOK, v)
}
