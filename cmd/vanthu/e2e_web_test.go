package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"vanthu/documents"
	"vanthu/documents/role"
	"vanthu/web/account"
)

// The web pages in a real Chromium: every journey asserts what a person
// sees. Chromium comes from Debian's package (installed by .ci/test.sh),
// axe-core from npm into a cache (VANTHU_TEST_AXE names axe.min.js).
// Screenshots of every page go to VANTHU_SCREENSHOTS (default
// build/screenshots at the top of the repository).

func chromiumPath(t *testing.T) string {
	for _, name := range []string{os.Getenv("VANTHU_TEST_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/test.sh installs the Debian package chromium")
	}
	t.Skip("chromium not found: install the Debian package chromium (or set VANTHU_TEST_CHROMIUM) to run the browser tests")
	return ""
}

func axeScript(t *testing.T) string {
	p := os.Getenv("VANTHU_TEST_AXE")
	if p == "" {
		home, _ := os.UserHomeDir()
		p = filepath.Join(home, ".cache", "vanthu-axe", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core not found at %s (VANTHU_TEST_AXE): %v", p, err)
		}
		t.Logf("axe-core not found at %s; accessibility checks skipped", p)
		return ""
	}
	return string(b)
}

// browser is one Chromium with one tab per person.
type browser struct {
	t       *testing.T
	base    string
	opts    []chromedp.ExecAllocatorOption
	axe     string
	shots   string
	checked map[string]bool
}

func newBrowser(t *testing.T, base string) *browser {
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(1366, 768),
	}
	shots := os.Getenv("VANTHU_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join("..", "..", "build", "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: base, opts: opts, axe: axeScript(t), shots: shots, checked: map[string]bool{}}
}

// sub runs a subtest with the browser's helpers failing that subtest.
func (b *browser) sub(parent *testing.T, name string, fn func(t *testing.T)) {
	parent.Run(name, func(t *testing.T) {
		b.t = t
		defer func() { b.t = parent }()
		fn(t)
	})
}

// tab is one person's browser: a Chromium of its own with a new empty
// profile, so that each person has their own cookies.
type tab struct {
	b   *browser
	ctx context.Context
}

func (b *browser) tab() *tab {
	dir, err := os.MkdirTemp("", "vanthu-chromium-")
	if err != nil {
		b.t.Fatal(err)
	}
	opts := append(append([]chromedp.ExecAllocatorOption{}, b.opts...), chromedp.UserDataDir(dir))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	b.t.Cleanup(func() {
		cancelAlloc() // waits for Chromium to exit
		_ = os.RemoveAll(dir)
	})
	ctx, cancel := chromedp.NewContext(alloc)
	b.t.Cleanup(cancel)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		b.t.Fatal(err)
	}
	return &tab{b: b, ctx: ctx}
}

func (tb *tab) run(actions ...chromedp.Action) {
	tb.b.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		tb.b.t.Fatalf("browser: %v (at %s)", err, tb.url())
	}
}

func (tb *tab) url() string {
	var u string
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	_ = chromedp.Run(ctx, chromedp.Location(&u))
	return u
}

// open loads a path and waits for the page.
func (tb *tab) open(path string) {
	tb.b.t.Helper()
	tb.run(chromedp.Navigate(tb.b.base+path), chromedp.WaitReady("body", chromedp.ByQuery))
}

// submit clicks sel and waits for the next page to load.
func (tb *tab) submit(sel string) {
	tb.b.t.Helper()
	tb.run(chromedp.Evaluate(`window.__vtOld = 1`, nil), chromedp.Click(sel, chromedp.ByQuery))
	tb.waitNewPage()
}

// press focuses sel and presses Enter, as a person using only the
// keyboard would, then waits for the next page.
func (tb *tab) press(sel string) {
	tb.b.t.Helper()
	tb.run(chromedp.Focus(sel, chromedp.ByQuery), chromedp.Evaluate(`window.__vtOld = 1`, nil), chromedp.KeyEvent("\r"))
	tb.waitNewPage()
}

// waitNewPage waits until the page marked with window.__vtOld is replaced
// by a new, loaded one.
func (tb *tab) waitNewPage() {
	tb.b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var done bool
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		err := chromedp.Run(ctx, chromedp.Evaluate(`typeof window.__vtOld === "undefined" && document.readyState === "complete"`, &done))
		cancel()
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.b.t.Fatalf("no new page after 30 s (at %s)", tb.url())
}

func (tb *tab) text(sel string) string {
	tb.b.t.Helper()
	var s string
	tb.run(chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

func (tb *tab) html() string {
	tb.b.t.Helper()
	var s string
	tb.run(chromedp.OuterHTML("html", &s, chromedp.ByQuery))
	return s
}

func (tb *tab) value(sel string) string {
	tb.b.t.Helper()
	var s string
	tb.run(chromedp.Value(sel, &s, chromedp.ByQuery))
	return s
}

func (tb *tab) eval(js string, res any) {
	tb.b.t.Helper()
	tb.run(chromedp.Evaluate(js, res))
}

func (tb *tab) typeIn(sel, text string) {
	tb.b.t.Helper()
	tb.setVal(sel, "")
	tb.run(chromedp.SendKeys(sel, text, chromedp.ByQuery))
}

// setVal sets the value of an input or select as a script would, firing
// its input and change events.
func (tb *tab) setVal(sel, v string) {
	tb.b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, v)
	var ok bool
	tb.run(chromedp.Evaluate(js, &ok))
}

// wantText fails unless the page's visible text contains every string.
func (tb *tab) wantText(want ...string) {
	tb.b.t.Helper()
	body := tb.text("body")
	for _, w := range want {
		if !strings.Contains(body, w) {
			tb.b.t.Fatalf("page %s does not show %q; it shows:\n%s", tb.url(), w, body)
		}
	}
}

// look checks the page as a person would meet it: no sideways scroll at
// 1366 wide, no critical or serious axe-core violation, and a screenshot
// at 1366×768 and 390×844.
func (tb *tab) look(name string) {
	t := tb.b.t
	t.Helper()
	var overflow bool
	tb.eval(`window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); true`, nil)
	tb.eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow)
	if overflow {
		t.Errorf("page %s (%s) scrolls sideways at 1366 px", name, tb.url())
	}
	if tb.b.axe != "" {
		var loaded bool
		tb.eval(`typeof axe !== "undefined"`, &loaded)
		if !loaded {
			tb.run(chromedp.Evaluate(tb.b.axe, nil))
		}
		var out string
		tb.run(chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact === "critical" || v.impact === "serious").map(v => v.id + " (" + v.impact + "): " + v.help + " — " + v.nodes.slice(0, 5).map(n => n.target.join(" ") + " [" + (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 160) + "]").join(", "))))`,
			&out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		var violations []string
		_ = json.Unmarshal([]byte(out), &violations)
		for _, v := range violations {
			t.Errorf("axe on %s (%s): %s", name, tb.url(), v)
		}
	}
	for _, size := range []struct{ w, h int64 }{{1366, 768}, {390, 844}} {
		var png []byte
		tb.run(chromedp.EmulateViewport(size.w, size.h), chromedp.Sleep(100*time.Millisecond), chromedp.CaptureScreenshot(&png))
		file := filepath.Join(tb.b.shots, fmt.Sprintf("%s-%dx%d.png", name, size.w, size.h))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tb.run(chromedp.EmulateViewport(1366, 768))
}

// signIn signs in on the sign-in page.
func (tb *tab) signIn(login, password string) {
	tb.b.t.Helper()
	tb.open("/dang-nhap")
	tb.typeIn("#login", login)
	tb.typeIn("#password", password)
	tb.submit("form[action='/dang-nhap'] button[type=submit]")
}

// cookieClient returns an HTTP client carrying the tab's cookies.
func (tb *tab) get(path string) (int, []byte, http.Header) {
	tb.b.t.Helper()
	var cookies []*network.Cookie
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cookies, err = network.GetCookies().Do(ctx)
		return err
	}))
	req, _ := http.NewRequest("GET", tb.b.base+path, nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.b.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

var docPath = regexp.MustCompile(`/(?:van-ban|du-thao)/([0-9a-f]{24})`)

func TestWebBrowser(t *testing.T) {
	cfg := testConfig(t)
	// The first start's administrator, as serve would create it, plus one
	// person per role.
	arc, err := openArchive(context.Background(), cfg, newLogger("error"))
	if err != nil {
		t.Fatal(err)
	}
	store := account.NewStore(arc)
	adminPW, err := store.EnsureAdmin(context.Background())
	if err != nil || adminPW == "" {
		t.Fatalf("first administrator: %q, %v", adminPW, err)
	}
	const pw = "mat-khau-thu-nghiem"
	for _, u := range []account.NewUser{
		{Login: "vanthu", Name: "Nguyễn Thị Văn Thư", Role: role.Clerk, Password: pw},
		{Login: "lanhdao", Name: "Trần Văn Lãnh Đạo", Role: role.Signer, Clearance: "MẬT", Password: pw},
		{Login: "xem", Name: "Lê Văn Xem", Role: role.Viewer, Password: pw},
	} {
		if _, err := store.Add(context.Background(), u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	arc.Close()
	ts := startServer(t, cfg)
	b := newBrowser(t, ts.base)

	admin := b.tab()
	b.sub(t, "sign in", func(t *testing.T) {
		admin.open("/")
		if !strings.Contains(admin.url(), "/dang-nhap") {
			t.Fatalf("an anonymous visit to / went to %s, want the sign-in page", admin.url())
		}
		admin.look("dang-nhap")
		admin.signIn("admin", "sai-mat-khau-roi")
		admin.wantText("Tên đăng nhập hoặc mật khẩu không đúng")
		admin.signIn("admin", adminPW)
		if !strings.HasSuffix(admin.url(), "/doi-mat-khau") {
			t.Fatalf("first sign-in went to %s, want the password change", admin.url())
		}
		admin.wantText("Hãy đặt mật khẩu mới")
		admin.look("doi-mat-khau")
		admin.open("/")
		if !strings.HasSuffix(admin.url(), "/doi-mat-khau") {
			t.Fatalf("before changing the password / went to %s", admin.url())
		}
		admin.typeIn("#current", adminPW)
		admin.typeIn("#new", "quan-tri-moi-2026")
		admin.typeIn("#confirm", "quan-tri-moi-2026")
		admin.submit("form[action='/doi-mat-khau'] button[type=submit]")
		admin.wantText("Đã đổi mật khẩu")
		admin.open("/")
		admin.wantText("Kho văn bản chưa có văn bản nào", "Quản trị viên")
		admin.look("tra-cuu-trong")
	})

	signer := b.tab()
	signer.signIn("lanhdao", pw)
	var noticeID, noticeNumber string
	b.sub(t, "compose a notice", func(t *testing.T) {
		signer.open("/soan")
		signer.look("soan-chon-mau")
		signer.open("/soan/thong-bao-ket-luan")
		signer.look("soan-thong-bao")
		signer.typeIn("#f-data-place", "Hòa Bình")
		signer.press("button[name=action][value=save]:not(.default-submit)")
		signer.wantText("Chưa lưu được", "Chưa nhập: đây là mục bắt buộc")
		if got := signer.value("#f-data-place"); got != "Hòa Bình" {
			t.Fatalf("after the refused save the place reads %q, want what was typed", got)
		}
		var errAtTitle string
		signer.eval(`document.querySelector("#f-data-title-err") ? document.querySelector("#f-data-title-err").textContent : ""`, &errAtTitle)
		if !strings.Contains(errAtTitle, "bắt buộc") {
			t.Fatalf("no message at the empty title: %q", errAtTitle)
		}
		signer.look("soan-loi")
		signer.typeIn("#f-data-issuer-superior", "ĐẢNG BỘ TỈNH HÒA BÌNH")
		signer.typeIn("#f-data-issuer-name", "TỈNH ỦY")
		signer.typeIn("#f-data-issuer-code", "TU")
		// The date by the keyboard, as a clerk types it.
		// The field's order of day, month and year is the browser's locale's.
		var order string
		signer.eval(`new Intl.DateTimeFormat(navigator.language, {day: "2-digit", month: "2-digit", year: "numeric"}).formatToParts(new Date(2026, 2, 5)).filter(p => p.type !== "literal").map(p => p.type).join(",")`, &order)
		keys := strings.NewReplacer("day", "05", "month", "03", "year", "2026", ",", "").Replace(order)
		signer.run(chromedp.Focus("#f-data-date", chromedp.ByQuery), chromedp.KeyEvent(keys))
		if got := signer.value("#f-data-date"); got != "2026-03-05" {
			t.Fatalf("the date typed as 05032026 reads %q, want 2026-03-05", got)
		}
		signer.typeIn("#f-data-title", "Kết luận của Thường trực Tỉnh ủy về công tác chuyển đổi số")
		// Lists by the keyboard: Enter on "Thêm", type into the new item.
		for _, l := range []struct{ list, text string }{
			{"data.intro", "Ngày 03/3/2026, Thường trực Tỉnh ủy nghe báo cáo tình hình thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư."},
			{"data.recipients", "Các đảng bộ trực thuộc,"},
			{"data.recipients", "Lưu Văn phòng Tỉnh ủy."},
		} {
			signer.run(chromedp.Focus(fmt.Sprintf(`button[data-list="%s"]`, l.list), chromedp.ByQuery), chromedp.KeyEvent("\r"))
			var active string
			signer.eval(`document.activeElement.name`, &active)
			if !strings.HasPrefix(active, l.list+"[") {
				t.Fatalf("Enter on the add button of %s left the focus on %q", l.list, active)
			}
			signer.run(chromedp.KeyEvent(l.text))
		}
		signer.typeIn("#f-data-signature-position", "PHÓ BÍ THƯ THƯỜNG TRỰC")
		signer.typeIn("#f-data-signature-name", "Nguyễn Văn A")
		signer.run(chromedp.Focus("#f-data-signature-name", chromedp.ByQuery), chromedp.Evaluate(`window.__vtOld = 1`, nil), chromedp.KeyEvent("\r"))
		signer.waitNewPage()
		signer.wantText("Đã lưu dự thảo")
		m := docPath.FindStringSubmatch(signer.url())
		if m == nil {
			t.Fatalf("saving went to %s, want the draft", signer.url())
		}
		noticeID = m[1]
		// Edit the draft, keep the lists in order.
		signer.typeIn("#f-data-title", "Kết luận của Thường trực Tỉnh ủy về đẩy mạnh chuyển đổi số")
		signer.press("button[name=action][value=save]:not(.default-submit)")
		signer.wantText("Đã lưu dự thảo")
		if got := signer.value(`[name="data.recipients[1]"]`); got != "Lưu Văn phòng Tỉnh ủy." {
			t.Fatalf("second recipient after editing: %q", got)
		}
		signer.press("button[name=action][value=preview]")
		signer.wantText("Xem trước (chưa lưu)", "THÔNG BÁO", "Chỉ thị số 28-CT/TW", "Viện dẫn: 28-CT/TW")
		signer.look("xem-truoc")
		signer.look("du-thao-sua")
		signer.press("button[name=action][value=issue]")
		signer.wantText("Sổ văn bản đi sẽ cấp số", "01-TB/TU")
		signer.look("ban-hanh-xac-nhan")
		signer.press("form[action$='/ban-hanh'] button[type=submit]")
		signer.wantText("Đã ban hành văn bản số 01-TB/TU", "Số 01-TB/TU", "28-CT/TW")
		noticeNumber = "01-TB/TU"
		// The reading view is laid out as printed: the heading's two
		// columns, the centred type and title, Nơi nhận beside the signature.
		for sel, want := range map[string]string{
			".sh-left .sh-issuer": "TỈNH ỦY", ".sh-left": "Số 01-TB/TU", ".sh-right .sh-party": "ĐẢNG CỘNG SẢN VIỆT NAM",
			".sh-right .sh-date": "Hòa Bình, ngày 05 tháng 3 năm 2026", ".sh-type": "THÔNG BÁO",
			".sh-to": "Lưu Văn phòng Tỉnh ủy.", ".sh-sign": "Nguyễn Văn A",
		} {
			if got := signer.text(sel); !strings.Contains(got, want) {
				t.Errorf("reading view %s shows %q, want %q", sel, got, want)
			}
		}
		var layout string
		signer.eval(`(() => { const l = document.querySelector(".sh-left").getBoundingClientRect(), r = document.querySelector(".sh-right").getBoundingClientRect(), b = document.querySelector(".sheet > p:not([class])"), s = getComputedStyle(b); return [l.right <= r.left, getComputedStyle(document.querySelector(".sh-date")).fontStyle, s.textAlign, s.textIndent].join(" ") })()`, &layout)
		if !strings.HasPrefix(layout, "true italic justify") || strings.HasSuffix(layout, " 0px") {
			t.Errorf("reading view layout (left column before right, date style, body alignment, indent): %q", layout)
		}
		var sheet []byte
		signer.run(chromedp.ScrollIntoView(".sheet", chromedp.ByQuery), chromedp.Screenshot(".sheet", &sheet, chromedp.ByQuery))
		if err := os.WriteFile(filepath.Join(b.shots, "van-ban-trinh-bay-1366.png"), sheet, 0o644); err != nil {
			t.Fatal(err)
		}
		signer.look("van-ban")
		code, fromPage, hdr := signer.get("/van-ban/" + noticeID + "/docx")
		if code != 200 || !strings.Contains(hdr.Get("Content-Disposition"), ".docx") {
			t.Fatalf("Tải DOCX: status %d, %q", code, hdr.Get("Content-Disposition"))
		}
		c2, fromAPI, _ := ts.on(t).do("admin", "GET", "/api/v1/documents/"+noticeID+"/docx", nil)
		if c2 != 200 || string(fromAPI) != string(fromPage) {
			t.Fatalf("the DOCX of the page (%d bytes) differs from the API's (%d bytes, status %d)", len(fromPage), len(fromAPI), c2)
		}
		signer.open("/van-ban/" + noticeID + "?kiem-tra-chu-ky=1")
		signer.wantText("Chữ ký hợp lệ")
	})

	b.sub(t, "search", func(t *testing.T) {
		for _, q := range []string{"01-TB/TU", "1 - tb/tu", "Thông báo số 01-TB/TU"} {
			signer.open("/?q=" + urlQuery(q))
			if got := signer.text(".hit .hit-number"); got != noticeNumber {
				t.Fatalf("search %q: first hit %q, want %s", q, got, noticeNumber)
			}
		}
		signer.look("tra-cuu-so")
		signer.open("/?q=" + urlQuery("28-CT/TW"))
		signer.wantText(noticeNumber)
		signer.open("/?q=" + urlQuery("ket luan chuyen doi so"))
		signer.wantText(noticeNumber, "Tìm thấy")
		var marked int
		signer.eval(`document.querySelectorAll(".snippet mark").length`, &marked)
		if marked == 0 {
			t.Fatalf("accentless search shows no highlighted word")
		}
		signer.look("tra-cuu")
		signer.submit(`.facet a[href*="type=TB"]`)
		if !strings.Contains(signer.url(), "type=TB") {
			t.Fatalf("facet link went to %s", signer.url())
		}
		signer.wantText("Đang lọc", noticeNumber, "Thông báo (TB)", "Tỉnh ủy (TU)")
		signer.open("/?q=" + urlQuery("132-QĐi/TW"))
		signer.wantText("Không tìm thấy văn bản nào")
		signer.look("tra-cuu-khong-thay")
	})

	b.sub(t, "review report", func(t *testing.T) {
		signer.open("/soan/bao-cao-danh-gia-xep-loai")
		signer.typeIn("#f-data-issuer-name", "TỈNH ỦY")
		signer.typeIn("#f-data-issuer-code", "TU")
		signer.typeIn("#f-data-place", "Hòa Bình")
		signer.setVal("#f-data-date", "2026-01-20")
		signer.typeIn("#f-data-title", "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng năm 2025")
		signer.typeIn("#f-data-year", "2025")
		signer.run(chromedp.Click(`button[data-list="data.categories"]`, chromedp.ByQuery))
		signer.typeIn("#f-data-categories-0-label", "tổ chức cơ sở đảng")
		signer.setVal("#f-data-categories-0-group", "organizations")
		for id, v := range map[string]string{"total": "125", "evaluated": "120", "excellent": "30", "good": "60", "completed": "25", "not-completed": "5"} {
			signer.typeIn("#f-data-categories-0-"+id, v)
		}
		shown := map[string]string{}
		for _, k := range []string{"excellent", "good", "completed", "not_completed", "good_or_above"} {
			shown[k] = signer.text(fmt.Sprintf(`output[data-pct="%s"]`, k))
		}
		if shown["excellent"] != "25,00%" || shown["good_or_above"] != "75,00%" || shown["not_completed"] != "4,17%" {
			t.Fatalf("live percentages: %v", shown)
		}
		var hidden bool
		signer.eval(`document.querySelector(".quota").hidden`, &hidden)
		if hidden {
			t.Fatal("30 excellent of 90 is above the 20% ceiling (18) but no warning shows")
		}
		signer.wantText("vượt mức tối đa 20% là 18")
		var table []byte
		signer.run(chromedp.ScrollIntoView(".counts", chromedp.ByQuery), chromedp.Screenshot(".counts", &table, chromedp.ByQuery))
		if err := os.WriteFile(filepath.Join(b.shots, "bang-xep-loai-1366.png"), table, 0o644); err != nil {
			t.Fatal(err)
		}
		signer.run(chromedp.Click(`button[data-list="data.recipients"]`, chromedp.ByQuery))
		signer.typeIn(`[name="data.recipients[0]"]`, "Ban Tổ chức Trung ương,")
		signer.typeIn("#f-data-signature-position", "BÍ THƯ")
		signer.typeIn("#f-data-signature-name", "Nguyễn Văn B")
		signer.look("soan-bao-cao")
		signer.submit("button[name=action][value=issue]")
		signer.submit("form[action$='/ban-hanh'] button[type=submit]")
		signer.wantText("Đã ban hành văn bản số")
		m := docPath.FindStringSubmatch(signer.url())
		_, docx, _ := signer.get("/van-ban/" + m[1] + "/docx")
		text, err := documents.VisibleText(docx)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range shown {
			if !strings.Contains(text, p) {
				t.Errorf("the form showed %s = %s, which the issued DOCX does not contain", k, p)
			}
		}
	})

	b.sub(t, "cited by", func(t *testing.T) {
		citing := exampleRequest(t, "thong-bao-ket-luan.json")
		cd := citing["data"].(map[string]any)
		delete(cd, "number")
		cd["title"] = "Kết luận về sơ kết việc thực hiện Thông báo số 01-TB/TU"
		cd["date"] = "2026-06-01"
		cd["intro"] = []any{"Thực hiện Thông báo số 01-TB/TU ngày 05/3/2026 của Thường trực Tỉnh ủy, các đảng bộ đã triển khai."}
		later := ts.on(t).document("admin", "POST", "/api/v1/documents", mustJSON(t, citing), 201)
		signer.open("/van-ban/" + noticeID)
		signer.wantText("Văn bản viện dẫn văn bản này", later.Number, "sơ kết việc thực hiện")
		signer.open("/van-ban/" + later.ID)
		var href string
		signer.eval(`(() => { const a = [...document.querySelectorAll(".reading a")].find(a => a.textContent.includes("01-TB/TU")); return a ? a.getAttribute("href") : "" })()`, &href)
		if href != "/van-ban/"+noticeID {
			t.Fatalf("the citation of 01-TB/TU in the text links to %q, want the notice", href)
		}
	})

	// A secret document and a secret draft, made through the API.
	secret := exampleRequest(t, "thong-bao-ket-luan.json")
	sd := secret["data"].(map[string]any)
	sd["secrecy"] = "MẬT"
	sd["title"] = "Phương án bảo vệ bí mật nhà nước đặc biệt"
	sd["date"] = "2026-04-01"
	secretDoc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, secret), 201)
	secret["issue"] = false
	sd["title"] = "Dự thảo phương án bảo vệ bí mật nhà nước khác"
	ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, secret), 201)

	b.sub(t, "no clearance, no secret", func(t *testing.T) {
		clerk := b.tab()
		clerk.signIn("vanthu", pw)
		for _, p := range []string{"/?q=" + urlQuery("bảo vệ bí mật"), "/?q=" + urlQuery(secretDoc.Number), "/so-van-ban-di", "/du-thao", "/?status=draft"} {
			clerk.open(p)
			if h := clerk.html(); strings.Contains(h, "bí mật nhà nước") {
				t.Fatalf("%s shows a secret title to a clerk without clearance", p)
			}
		}
		clerk.open("/du-thao")
		clerk.look("du-thao")
		clerk.open("/so-van-ban-di")
		clerk.wantText(noticeNumber)
		clerk.look("so-van-ban-di")
		clerk.open("/van-ban/" + secretDoc.ID)
		hidden := clerk.html()
		clerk.open("/van-ban/0123456789abcdef01234567")
		missing := clerk.html()
		if hidden != missing || !strings.Contains(hidden, "Không tìm thấy") {
			t.Fatal("the page of a hidden document differs from the page of a missing one")
		}
		clerk.look("khong-tim-thay")
		// A signer cleared for MẬT sees it.
		signer.open("/?q=" + urlQuery("bảo vệ bí mật"))
		signer.wantText("Phương án bảo vệ bí mật nhà nước đặc biệt")
		signer.open("/van-ban/" + secretDoc.ID)
		if got := signer.text(".sh-left .sh-mark"); got != "MẬT" {
			t.Errorf("the secret document's reading view shows the mark %q under its number, want MẬT", got)
		}
		signer.look("van-ban-mat")
	})

	viewer := b.tab()
	viewer.signIn("xem", pw)
	b.sub(t, "csrf and disabled users", func(t *testing.T) {
		viewer.open("/kiem-tra-so-lieu")
		viewer.typeIn("#c-text", "Kết quả, có 485/513 chi bộ hoàn thành tốt nhiệm vụ trở lên, chiếm 94,54% (trong đó có 92 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 17,93%).")
		viewer.submit("form[action='/kiem-tra-so-lieu'] button[type=submit]")
		viewer.wantText("Sai", "18,97%", "Đúng")
		viewer.look("kiem-tra-so-lieu")
		viewer.eval(`document.querySelector("form[action='/kiem-tra-so-lieu'] input[name=csrf]").remove(); true`, nil)
		viewer.submit("form[action='/kiem-tra-so-lieu'] button[type=submit]")
		viewer.wantText("Biểu mẫu không hợp lệ hoặc đã hết hạn")
		viewer.open("/")
		viewer.wantText("Lê Văn Xem")
		admin.open("/nguoi-dung")
		admin.look("nguoi-dung")
		admin.submit(`form[action="/nguoi-dung/xem"] button[value=disable]`)
		admin.wantText("Đã khóa tài khoản xem")
		viewer.open("/")
		if !strings.Contains(viewer.url(), "/dang-nhap") {
			t.Fatalf("a disabled user's session still opens %s", viewer.url())
		}
		viewer.signIn("xem", pw)
		viewer.wantText("Tài khoản này đã bị khóa")
	})

	b.sub(t, "returns", func(t *testing.T) { returnsJourney(t, signer) })

	b.sub(t, "number by hand", func(t *testing.T) {
		req := exampleRequest(t, "thong-bao-ket-luan.json")
		req["issue"] = false
		d := req["data"].(map[string]any)
		d["number"] = 168
		d["title"] = "Kết luận về công tác cán bộ, số do quản trị viên cho"
		first := ts.on(t).document("admin", "POST", "/api/v1/documents", mustJSON(t, req), 201)
		second := ts.on(t).document("admin", "POST", "/api/v1/documents", mustJSON(t, req), 201)
		signer.open("/du-thao/" + first.ID)
		var fields int
		signer.eval(`document.querySelectorAll("#f-data-number").length`, &fields)
		if fields != 0 {
			t.Fatal("a signer who is not an administrator is offered the number field")
		}
		admin.open("/du-thao/" + first.ID)
		if got := admin.value("#f-data-number"); got != "168" {
			t.Fatalf("the administrator's form shows the number %q, want 168", got)
		}
		admin.look("soan-so-bang-tay")
		admin.press("button[name=action][value=issue]")
		admin.wantText("số do quản trị viên cho bằng tay", "168-TB/TU")
		admin.press("form[action$='/ban-hanh'] button[type=submit]")
		admin.wantText("Đã ban hành văn bản số 168-TB/TU")
		admin.open("/du-thao/" + second.ID + "/ban-hanh")
		admin.press("form[action$='/ban-hanh'] button[type=submit]")
		admin.wantText("Chưa ban hành được", "Số 168 đã được cấp trong sổ văn bản đi này")
		if !strings.HasSuffix(admin.url(), "/ban-hanh") {
			t.Fatalf("a number already given went on to %s", admin.url())
		}
		admin.look("ban-hanh-so-trung")
	})

	b.sub(t, "other pages", func(t *testing.T) {
		for _, p := range []struct{ path, name string }{
			{"/mau-van-ban", "mau-van-ban"}, {"/mau-van-ban/bao-cao-danh-gia-xep-loai", "mau-bao-cao"},
			{"/nhat-ky", "nhat-ky"}, {"/van-ban/" + noticeID + "?nhat-ky=1", "van-ban-quan-tri"},
		} {
			admin.open(p.path)
			admin.look(p.name)
		}
		admin.wantText("Nhật ký của văn bản", "Ban hành · thành công")
	})
}

func urlQuery(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "+", "/", "%2F", "&", "%26", "#", "%23", "?", "%3F")
	return r.Replace(s)
}
