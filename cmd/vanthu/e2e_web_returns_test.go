package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vanthu/documents/returns/returnstest"
	"vanthu/documents/review"
)

// returnsJourney is the board's year-end in the browser: define a return
// of three units, take one unit's figures typed by hand, one from its
// report's text (with a slip that blocks it until corrected), one from the
// workbook sent out; see the consolidated table with its quota warning and
// make the province's report draft.
func returnsJourney(t *testing.T, tb *tab) {
	tb.open("/tong-hop")
	tb.wantText("Tạo đợt tổng hợp mới", "Chưa có đợt tổng hợp nào")
	tb.look("tong-hop")
	tb.typeIn("#f-year", "2025")
	tb.typeIn("#f-title", "Tổng hợp kết quả đánh giá, xếp loại năm 2025")
	tb.typeIn("#f-units-0-code", "Mai Châu")
	tb.typeIn("#f-units-0-name", "Huyện ủy Mai Châu")
	tb.typeIn("#f-units-1-code", "lac-son")
	tb.typeIn("#f-units-1-name", "Huyện ủy Lạc Sơn")
	tb.typeIn("#f-units-2-code", "khoi-cq")
	tb.typeIn("#f-units-2-name", "Đảng ủy Khối các cơ quan tỉnh")
	// A fourth row added by the script and left blank is dropped.
	tb.run(chromedp.Click(`button[data-list="units"]`, chromedp.ByQuery))
	var n int
	tb.eval(`document.querySelectorAll("#f-units li.item").length`, &n)
	if n != 4 {
		t.Fatalf("after “Thêm đơn vị” the form has %d unit rows, want 4", n)
	}
	tb.submit("form[action='/tong-hop'] .buttons button[type=submit]")
	tb.wantText("Chưa tạo được", "Mã đơn vị \"Mai Châu\" không hợp lệ")
	if got := tb.value("#f-units-1-name"); got != "Huyện ủy Lạc Sơn" {
		t.Fatalf("after the refusal the second unit reads %q", got)
	}
	var invalid string
	tb.eval(`document.querySelector("#f-units-0-code").getAttribute("aria-invalid") || ""`, &invalid)
	if invalid != "true" {
		t.Fatal("the refused unit code is not marked invalid at its field")
	}
	tb.look("tong-hop-loi")
	tb.typeIn("#f-units-0-code", "mai-chau")
	tb.submit("form[action='/tong-hop'] .buttons button[type=submit]")
	tb.wantText("Đã tạo đợt tổng hợp", "0/3 đơn vị đã nhận", "3 chưa nộp")
	m := regexpReturn.FindStringSubmatch(tb.url())
	if m == nil {
		t.Fatalf("creating went to %s", tb.url())
	}
	base := "/tong-hop/" + m[1]

	// 1. Typed by hand; evaluated above the total is refused at its cell.
	tb.submit(`a[href="` + base + `/don-vi/mai-chau"]`)
	tb.wantText("Huyện ủy Mai Châu", "Chưa nộp", "Đơn vị chưa nộp lần nào")
	hand := map[string]string{"0-total": "40", "0-evaluated": "50", "0-excellent": "8", "0-good": "28", "0-completed": "3", "0-not-completed": "1",
		"1-total": "1.200", "1-evaluated": "1.180", "1-excellent": "200", "1-good": "900", "1-completed": "70", "1-not-completed": "10"}
	for k, v := range hand {
		tb.typeIn("#f-categories-"+k, v)
	}
	tb.submit("form.stack .buttons button.primary")
	tb.wantText("Chưa lưu được")
	tb.eval(`document.querySelector("#f-categories-0-evaluated").getAttribute("aria-invalid") || ""`, &invalid)
	if invalid != "true" {
		t.Fatal("evaluated above the total is not marked at its cell")
	}
	if got := tb.value("#f-categories-1-total"); got != "1.200" {
		t.Fatalf("after the refusal the members' total reads %q, want what was typed", got)
	}
	tb.look("tong-hop-don-vi-loi")
	tb.typeIn("#f-categories-0-evaluated", "40")
	tb.submit("form.stack .buttons button.primary")
	tb.wantText("Đã nhận số liệu lần 1", "Lần 1", "nhập tay")

	// 2. The unit's report text, with a rounding slip: blocked, the claim
	// marked wrong with the right figure; then corrected by hand.
	lacSon := []review.Category{
		{Label: "tổ chức cơ sở đảng", Group: review.GroupOrganizations, Total: 50, Counts: review.Counts{Evaluated: 50, Excellent: 12, Good: 30, Completed: 6, NotCompleted: 2}},
		{Label: "đảng viên", Group: review.GroupMembers, Total: 2000, Counts: review.Counts{Evaluated: 1985, Excellent: 300, Good: 1500, Completed: 170, NotCompleted: 15}},
	}
	text := unitReportText("Huyện ủy Lạc Sơn", lacSon)
	right := share(lacSon[1].Completed, lacSon[1].Evaluated)
	slipped := strings.Replace(text, "hoàn thành nhiệm vụ, chiếm "+right, "hoàn thành nhiệm vụ, chiếm 8,65%", 1)
	if slipped == text {
		t.Fatalf("the report text has no %q to alter:\n%s", right, text)
	}
	tb.open(base + "/don-vi/lac-son")
	tb.setVal("#u-text", slipped)
	tb.submit("form[action$='/tai-len'] button[type=submit]")
	tb.wantText("Số liệu bị chặn, chưa được cộng vào tổng hợp", "Báo cáo của đơn vị (lần 1)", "8,65%", right)
	var wrong int
	tb.eval(`document.querySelectorAll(".checked-text mark.v-wrong").length`, &wrong)
	if wrong == 0 {
		t.Fatal("the slip is not marked wrong in the unit's report text")
	}
	tb.look("tong-hop-bao-cao-don-vi")
	for i, c := range lacSon {
		for k, v := range map[string]int64{"total": c.Total, "evaluated": c.Evaluated, "excellent": c.Excellent, "good": c.Good, "completed": c.Completed, "not-completed": c.NotCompleted} {
			tb.typeIn("#f-categories-"+itoa(i)+"-"+k, itoa64(v))
		}
	}
	tb.submit("form.stack .buttons button.primary")
	tb.wantText("Đã nhận số liệu lần 2", "Đã nhận")
	tb.submit(`a[href$="?lan=1"]`)
	tb.wantText("Đang xem lần nộp 1", "8,65%")

	// 3. The workbook sent out, filled and uploaded.
	code, tpl, _ := tb.get(base + "/bieu-mau.xlsx?unit=khoi-cq")
	if code != 200 {
		t.Fatalf("the empty workbook of khoi-cq: status %d", code)
	}
	khoi := []review.Category{
		{Label: "tổ chức cơ sở đảng", Total: 30, Counts: review.Counts{Evaluated: 30, Excellent: 10, Good: 15, Completed: 4, NotCompleted: 1}},
		{Label: "đảng viên", Total: 900, Counts: review.Counts{Evaluated: 890, Excellent: 150, Good: 650, Completed: 80, NotCompleted: 10}},
	}
	file := filepath.Join(t.TempDir(), "khoi-cq.xlsx")
	if err := os.WriteFile(file, returnstest.FillWorkbook(t, tpl, "khoi-cq", khoi, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	tb.open(base + "/don-vi/khoi-cq")
	tb.run(chromedp.SetUploadFiles("#u-file", []string{file}, chromedp.ByQuery))
	tb.submit("form[action$='/tai-len'] button[type=submit]")
	tb.wantText("Đã nhận số liệu lần 1", "biểu Excel")
	if got := tb.value("#f-categories-1-good"); got != "650" {
		t.Fatalf("the workbook's members good reads %q in the form", got)
	}
	tb.look("tong-hop-don-vi")

	// The consolidation: 40+50+30 organisations, 8+12+10 excellent of 120.
	tb.open(base)
	tb.wantText("3/3 đơn vị đã nhận", "30 (25,00%)", "120", "Cảnh báo tỷ lệ hoàn thành xuất sắc")
	code, xlsx, hdr := tb.get(base + "/tong-hop.xlsx")
	if code != 200 || len(xlsx) < 100 || !strings.Contains(hdr.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("Tải bảng tổng hợp: status %d, %d bytes, %q", code, len(xlsx), hdr.Get("Content-Disposition"))
	}
	tb.look("tong-hop-dot")
	tb.submit("form[action$='/bao-cao'] button[type=submit]")
	tb.wantText("Chưa tạo được báo cáo")
	tb.typeIn("#f-issuer-superior", "ĐẢNG BỘ TỈNH HÒA BÌNH")
	tb.typeIn("#f-issuer-name", "BAN TỔ CHỨC")
	tb.typeIn("#f-issuer-code", "BTCTU")
	tb.typeIn("#f-place", "Hòa Bình")
	tb.setVal("#f-date", "2026-01-20")
	tb.typeIn("#f-signature-position", "TRƯỞNG BAN")
	tb.typeIn("#f-signature-name", "Bùi Văn C")
	tb.setVal("#f-recipients", "Ban Tổ chức Trung ương,\nLưu Ban Tổ chức.")
	tb.submit("form[action$='/bao-cao'] button[type=submit]")
	tb.wantText("Đã lưu dự thảo")
	if !strings.Contains(tb.url(), "/du-thao/") {
		t.Fatalf("the report went to %s, want its draft", tb.url())
	}
	tb.open(base)
	tb.wantText("Báo cáo đã tạo từ đợt này", "Dự thảo báo cáo tổng hợp")
}

var regexpReturn = regexp.MustCompile(`/tong-hop/([0-9A-Za-z_-]+)\?`)

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
