package web

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/audit"
	"vanthu/documents/returns"
	"vanthu/search/bleveindex"
	"vanthu/templates"
	"vanthu/web/account"
)

// instance is one vanthu's pages over an archive directory shared with
// other instances; each has its own index, as separate machines would.
// instanceWithUsers starts an instance on a new archive holding users.
func instanceWithUsers(t *testing.T, users ...account.NewUser) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	srv := instance(t, dir, []byte("a shared key of at least 32 bytes, for the test"))
	arc, _ := fsarchive.Open(dir)
	store := account.NewStore(arc)
	for _, u := range users {
		if _, err := store.Add(context.Background(), u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	arc.Close()
	return srv
}

// signIn returns a client signed in to srv as login, whose password is
// "mat-khau-dai-du".
func signIn(t *testing.T, srv *httptest.Server, login string) *client {
	t.Helper()
	c := newClient(t)
	tok := c.csrf(srv.URL, "/dang-nhap")
	c.post(srv.URL, "/dang-nhap", url.Values{"csrf": {tok}, "login": {login}, "password": {"mat-khau-dai-du"}})
	return c
}

func instance(t *testing.T, archiveDir string, key []byte) *httptest.Server {
	t.Helper()
	arc, err := fsarchive.Open(archiveDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { arc.Close() })
	srv, _ := instanceOver(t, arc, key)
	return srv
}

// instanceOver is an instance over an open archive (which the caller
// closes), with its documents service.
func instanceOver(t *testing.T, arc archive.Archive, key []byte) (*httptest.Server, *documents.Service) {
	t.Helper()
	ix, err := bleveindex.Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := documents.New(documents.Options{Archive: arc, Index: ix, Templates: reg})
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := account.NewSessions(key, 30*time.Minute, 12*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	rets, err := returns.New(returns.Options{Archive: arc, Docs: docs})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Docs: docs, Accounts: account.NewStore(arc), Sessions: sessions, Returns: rets})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, docs
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// client is a person's browser: a cookie jar valid on every instance's
// address (the instances stand behind one name in production).
type client struct {
	t   *testing.T
	jar *sharedJar
	hc  *http.Client
}

// sharedJar keeps one set of cookies whatever the host.
type sharedJar struct{ cookies map[string]*http.Cookie }

func (j *sharedJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	for _, c := range cs {
		if c.MaxAge < 0 {
			delete(j.cookies, c.Name)
			continue
		}
		j.cookies[c.Name] = c
	}
}

func (j *sharedJar) Cookies(*url.URL) []*http.Cookie {
	var out []*http.Cookie
	for _, c := range j.cookies {
		out = append(out, c)
	}
	return out
}

var _ http.CookieJar = (*sharedJar)(nil)

func newClient(t *testing.T) *client {
	j := &sharedJar{cookies: map[string]*http.Cookie{}}
	return &client{t: t, jar: j, hc: &http.Client{Jar: j, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(base, path string) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.hc.Get(base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) post(base, path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.hc.PostForm(base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) csrf(base, path string) string {
	c.t.Helper()
	_, body := c.get(base, path)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func TestSessionsAcrossInstances(t *testing.T) {
	dir := t.TempDir()
	key := []byte("a shared key of at least 32 bytes, for the test")
	a, b := instance(t, dir, key), instance(t, dir, key)
	arc, _ := fsarchive.Open(dir)
	store := account.NewStore(arc)
	ctx := context.Background()
	if _, err := store.Add(ctx, account.NewUser{Login: "vanthu", Name: "Nguyễn Thị A", Role: "clerk", Password: "mat-khau-dai-du"}, "test"); err != nil {
		t.Fatal(err)
	}
	arc.Close()

	c := newClient(t)
	// Sign in on A without a CSRF token: refused.
	if resp, body := c.post(a.URL, "/dang-nhap", url.Values{"login": {"vanthu"}, "password": {"mat-khau-dai-du"}}); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Biểu mẫu không hợp lệ") {
		t.Fatalf("sign-in without CSRF token: %d", resp.StatusCode)
	}
	tok := c.csrf(a.URL, "/dang-nhap")
	resp, _ := c.post(a.URL, "/dang-nhap", url.Values{"csrf": {tok}, "login": {"vanthu"}, "password": {"mat-khau-dai-du"}, "tiep": {"/du-thao"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/du-thao" {
		t.Fatalf("sign-in: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	sc := c.jar.cookies[sessionCookie]
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v", sc)
	}
	// The session opens pages on B.
	resp, body := c.get(b.URL, "/du-thao")
	if resp.StatusCode != 200 || !strings.Contains(body, "Nguyễn Thị A") {
		t.Fatalf("the session from A on B: %d", resp.StatusCode)
	}
	for name, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'; style-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"Cache-Control":           "no-store",
	} {
		if got := resp.Header.Get(name); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("no frame-ancestors 'none'")
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "style=") || strings.Contains(body, "<style") {
		t.Error("a page has inline script or style")
	}
	// A hidden and a missing document give the same page.
	_, missing := c.get(b.URL, "/van-ban/0123456789abcdef01234567")
	_, malformed := c.get(b.URL, "/van-ban/khong-co")
	if missing != malformed || !strings.Contains(missing, "Không tìm thấy") {
		t.Error("404 pages differ")
	}
	// Signing out on B ends the session on A too, also for a copied cookie.
	copied := *sc
	tok = c.csrf(b.URL, "/du-thao")
	if resp, _ := c.post(b.URL, "/dang-xuat", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	c.jar.cookies[sessionCookie] = &copied
	if resp, _ := c.get(a.URL, "/du-thao"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap") {
		t.Fatalf("a signed-out session still opens pages on A: %d", resp.StatusCode)
	}
	// Changing the password ends the person's other sessions.
	c2 := newClient(t)
	for _, cl := range []*client{c, c2} {
		tok = cl.csrf(a.URL, "/dang-nhap")
		if resp, _ := cl.post(a.URL, "/dang-nhap", url.Values{"csrf": {tok}, "login": {"vanthu"}, "password": {"mat-khau-dai-du"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", resp.StatusCode)
		}
	}
	tok = c.csrf(b.URL, "/doi-mat-khau")
	if resp, _ := c.post(b.URL, "/doi-mat-khau", url.Values{"csrf": {tok}, "current": {"mat-khau-dai-du"}, "new": {"mat-khau-moi-dai-du"}, "confirm": {"mat-khau-moi-dai-du"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", resp.StatusCode)
	}
	if resp, _ := c.get(a.URL, "/du-thao"); resp.StatusCode != 200 {
		t.Fatalf("the session that changed the password ended: %d", resp.StatusCode)
	}
	if resp, _ := c2.get(a.URL, "/du-thao"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("another session survived the password change: %d", resp.StatusCode)
	}
	// Wrong passwords are throttled per login, with the wait in the message.
	for i := 0; i < 6; i++ {
		tok = c2.csrf(a.URL, "/dang-nhap")
		resp, body = c2.post(a.URL, "/dang-nhap", url.Values{"csrf": {tok}, "login": {"vanthu"}, "password": {"sai"}})
	}
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút") {
		t.Fatalf("sixth wrong password: %d", resp.StatusCode)
	}
	// Static files: hashed names, cached for a year.
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{12}\.css`).FindString(body)
	if resp, _ := c.get(a.URL, css); css == "" || resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("stylesheet %q not served for caching", css)
	}
}

func TestTemplateUploadShowsTheCheckersMessages(t *testing.T) {
	srv := instanceWithUsers(t, account.NewUser{Login: "quantri", Name: "Quản trị", Role: "admin", Password: "mat-khau-dai-du"})
	c := signIn(t, srv, "quantri")
	tok := c.csrf(srv.URL, "/mau-van-ban")
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", tok)
	fw, _ := mw.CreateFormFile("docx", "mau.docx")
	_, _ = fw.Write([]byte("not a word file"))
	fw, _ = mw.CreateFormFile("manifest", "mau.json")
	_, _ = fw.Write([]byte(`{"name": "Bad Name", "title": "", "fields": []}`))
	mw.Close()
	resp, err := c.hc.Post(srv.URL+"/mau-van-ban", mw.FormDataContentType(), strings.NewReader(body.String()))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Mẫu chưa được thêm vì") || !strings.Contains(page, "title is required") {
		t.Fatalf("upload of a bad template: %d\n%s", resp.StatusCode, page)
	}
}

func TestComposeWithoutScript(t *testing.T) {
	srv := instanceWithUsers(t, account.NewUser{Login: "vanthu", Name: "Văn thư", Role: "clerk", Password: "mat-khau-dai-du"})
	c := signIn(t, srv, "vanthu")
	tok := c.csrf(srv.URL, "/soan/thong-bao-ket-luan")
	form := url.Values{"csrf": {tok}, "data.title": {"Kết luận về công tác cán bộ"}, "data.recipients[0]": {"Như trên,"}, "op": {"add data.recipients"}}
	// The list buttons work without the script: the server adds the item
	// and shows back everything typed.
	resp, page := c.post(srv.URL, "/soan/thong-bao-ket-luan", form)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="data.recipients[1]"`) || !strings.Contains(page, `value="Như trên,"`) || !strings.Contains(page, "Kết luận về công tác cán bộ") {
		t.Fatalf("add without script: %d", resp.StatusCode)
	}
	form.Set("op", "up data.recipients[1]")
	form.Set("data.recipients[1]", "Lưu VT.")
	if _, page = c.post(srv.URL, "/soan/thong-bao-ket-luan", form); strings.Index(page, "Lưu VT.") > strings.Index(page, "Như trên,") {
		t.Fatal("moving an item up without script")
	}
	// Saving with the required fields missing names them and keeps the rest.
	form.Del("op")
	form.Set("action", "save")
	resp, page = c.post(srv.URL, "/soan/thong-bao-ket-luan", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="f-data-place-err"`) || !strings.Contains(page, `id="f-data-issuer-name-err"`) || !strings.Contains(page, "Kết luận về công tác cán bộ") {
		t.Fatalf("save with missing fields: %d", resp.StatusCode)
	}
	for k, v := range map[string]string{"data.issuer.name": "TỈNH ỦY", "data.issuer.code": "TU", "data.place": "Hòa Bình", "data.date": "2026-03-05", "data.signature.position": "BÍ THƯ", "data.signature.name": "Nguyễn Văn A"} {
		form.Set(k, v)
	}
	resp, _ = c.post(srv.URL, "/soan/thong-bao-ket-luan", form)
	m := regexp.MustCompile(`^/du-thao/([0-9a-f]{24})\?tb=saved$`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("save: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A clerk may not issue; the draft can be deleted by its author.
	if resp, _ := c.get(srv.URL, "/du-thao/"+m[1]+"/ban-hanh"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a clerk opened the issuing page: %d", resp.StatusCode)
	}
	tok = c.csrf(srv.URL, "/du-thao")
	if resp, _ := c.post(srv.URL, "/du-thao/"+m[1]+"/xoa", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := c.get(srv.URL, "/van-ban/"+m[1]); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a deleted draft: %d", resp.StatusCode)
	}
}

// TestReturnsWithoutScript: the rows of a new return are added and removed
// by the server when the script does not run, blank rows are dropped, and
// a viewer is refused the pages of returns.
func TestReturnsWithoutScript(t *testing.T) {
	srv := instanceWithUsers(t,
		account.NewUser{Login: "vanthu", Name: "Văn thư", Role: "clerk", Password: "mat-khau-dai-du"},
		account.NewUser{Login: "xem", Name: "Người xem", Role: "viewer", Password: "mat-khau-dai-du"},
	)
	viewer := signIn(t, srv, "xem")
	if resp, _ := viewer.get(srv.URL, "/tong-hop"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer opened the returns: %d", resp.StatusCode)
	}
	c := signIn(t, srv, "vanthu")
	tok := c.csrf(srv.URL, "/tong-hop")
	form := url.Values{"csrf": {tok}, "year": {"2025"}, "title": {"Tổng hợp năm 2025"},
		"units[0].code": {""}, "units[0].name": {""},
		"units[1].code": {"mai-chau"}, "units[1].name": {"Huyện ủy Mai Châu"},
		"units[2].code": {"xoa-di"}, "units[2].name": {"Đơn vị bỏ"},
		"categories[0].label": {"đảng viên"}, "categories[0].group": {"members"},
		"op": {"add units"}}
	resp, page := c.post(srv.URL, "/tong-hop", form)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="units[3].code"`) || strings.Contains(page, `name="units[4].code"`) || !strings.Contains(page, `value="Huyện ủy Mai Châu"`) {
		t.Fatalf("add a unit without script: %d", resp.StatusCode)
	}
	// The row removed is the one shown, blank rows before it included.
	form.Set("op", "del units[2]")
	resp, page = c.post(srv.URL, "/tong-hop", form)
	if resp.StatusCode != 200 || strings.Contains(page, "Đơn vị bỏ") || !strings.Contains(page, "Huyện ủy Mai Châu") {
		t.Fatalf("remove a unit without script: %d", resp.StatusCode)
	}
	form.Del("op")
	form.Del("units[2].code")
	form.Del("units[2].name")
	resp, _ = c.post(srv.URL, "/tong-hop", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/tong-hop/") {
		t.Fatalf("create: %d → %s", resp.StatusCode, loc)
	}
	_, page = c.get(srv.URL, strings.TrimSuffix(loc, "?tb=created"))
	if !strings.Contains(page, "Huyện ủy Mai Châu") || !strings.Contains(page, "Chưa nộp") || strings.Contains(page, "Đơn vị bỏ") {
		t.Fatal("the new return's page")
	}
}

// TestSignOutNotRecordedIsAudited: when the archive cannot record the end
// of a session, signing out still clears the cookie, and the audit log says
// that it failed (a copy of the cookie stays valid until the idle limit).
func TestSignOutNotRecordedIsAudited(t *testing.T) {
	fs, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	if _, err := account.NewStore(fs).Add(context.Background(),
		account.NewUser{Login: "vanthu", Name: "Nguyễn Thị A", Role: "clerk", Password: "mat-khau-dai-du"}, "test"); err != nil {
		t.Fatal(err)
	}
	arc := archivetest.NewFaulty(fs, archivetest.Fault{Match: func(key string) bool { return strings.HasPrefix(key, "sessions/ended/") }})
	srv, docs := instanceOver(t, arc, []byte("a shared key of at least 32 bytes, for the test"))
	c := signIn(t, srv, "vanthu")
	tok := c.csrf(srv.URL, "/du-thao")
	if resp, _ := c.post(srv.URL, "/dang-xuat", url.Values{"csrf": {tok}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	if arc.Injected == 0 {
		t.Fatal("the end of the session was not written")
	}
	if sc := c.jar.cookies[sessionCookie]; sc != nil && sc.Value != "" {
		t.Errorf("the session cookie was not cleared: %+v", sc)
	}
	events, _, err := docs.AuditLog(documents.WithActor(context.Background(), documents.System), documents.AuditParams{})
	if err != nil {
		t.Fatal(err)
	}
	var got []audit.Result
	for _, ev := range events {
		if ev.Action == "sign-out" {
			got = append(got, ev.Result)
		}
	}
	if len(got) != 1 || got[0] != audit.ResultFailed {
		t.Errorf("sign-out events %v, want one %q", got, audit.ResultFailed)
	}
}
