package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// TestEndToEndEmbedded runs the core scenario on the embedded default:
// create → search by number, by cited number, by accentless text →
// download and check the DOCX → reindex gives the same answers.
func TestEndToEndEmbedded(t *testing.T) {
	cfg := testConfig(t)
	ts := startServer(t, cfg)
	coreScenario(t, ts)
}

func coreScenario(t *testing.T, ts *testServer) {
	if code, body, _ := ts.do("", "GET", "/readyz", nil); code != 200 || string(body) != `{"archive":"ok","index":"ok"}` {
		t.Errorf("/readyz: %d %s", code, body)
	}
	req := exampleRequest(t, "thong-bao-ket-luan.json")
	req["issue"] = true
	doc := ts.document("admin", "POST", "/api/v1/documents", mustJSON(t, req), 201)
	id := doc.ID
	if doc.Number != "167-TB/TU" || doc.Type != "TB" || doc.Issuer != "TU" || doc.Date != "2019-06-20" {
		t.Fatalf("created document: %v", doc)
	}
	if len(doc.SHA256) != 64 {
		t.Fatalf("sha256: %v", doc.SHA256)
	}
	cites := doc.Citations
	for _, want := range []string{"35-CT/TW", "28-CT/TW"} {
		if !contains(cites, want) {
			t.Errorf("citations %v lack %s", cites, want)
		}
	}
	if contains(cites, "167-TB/TU") {
		t.Errorf("the document cites itself: %v", cites)
	}
	links := doc.Links
	if links["self"] != "/api/v1/documents/"+id || links["docx"] != "/api/v1/documents/"+id+"/docx" {
		t.Errorf("links: %v", links)
	}

	searches := map[string]bool{ // query → must find the document
		"number=167-TB/TU":              true,
		"number=167-tb/tu":              true,
		"number=167 - TB/TU":            true,
		"number=Thông báo số 167-TB/TU": true,
		"number=168-TB/TU":              false,
		"cites=28-CT/TW":                true,
		"cites=28–CT/TW":                true,
		"cites=Chỉ thị số 28-CT/TW":     true,
		"cites=28-ct/tw":                true,
		"cites=29-CT/TW":                false,
		"q=ket luan":                    true,
		"q=kết luận":                    true,
		"q=dang vien":                   true,
		"q=thuong truc tinh uy":         true,
		"q=167-TB/TU":                   true,
		"q=khong co tu nay xyzzy":       false,
		"type=TB&year=2019":             true,
		"type=BC":                       false,
		"issuer=TU&year=2020":           false,
	}
	before := map[string][]string{}
	for q, want := range searches {
		path := "/api/v1/documents?" + encodeQuery(q)
		res := ts.search("viewer", path)
		ids := hitIDs(res)
		if got := contains(ids, id); got != want {
			t.Errorf("GET %s: found=%v, want %v (%v)", path, got, want, res)
		}
		if want && q == "q=167-TB/TU" && (len(ids) == 0 || ids[0] != id) {
			t.Errorf("q=167-TB/TU: the document is not first: %v", ids)
		}
		before[q] = ids
	}
	// QĐ and QĐi are separate series: a miss suggests the twin that exists.
	miss := ts.search("viewer", "/api/v1/documents?"+encodeQuery("cites=132-QĐi/TW"))
	if miss.Total != 0 || fmt.Sprint(miss.Suggestions) != "[132-QĐ/TW]" {
		t.Errorf("cites=132-QĐi/TW: %v", miss)
	}
	res := ts.search("viewer", "/api/v1/documents?number=167-TB/TU")
	if len(res.Hits) == 0 {
		t.Fatalf("number=167-TB/TU found nothing: %v", res)
	}
	hit := res.Hits[0]
	if hit.Number != "167-TB/TU" || hit.Type != "TB" || hit.Issuer != "TU" || hit.Date != "2019-06-20" || !strings.Contains(hit.Title, "kết luận") {
		t.Errorf("hit: %v", hit)
	}
	if res.Total != 1 {
		t.Errorf("total: %v", res.Total)
	}

	// Download.
	code, body, h := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)
	if code != 200 {
		t.Fatalf("download: %d %s", code, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("content type %q", ct)
	}
	cd := h.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment; filename=\"") || !strings.Contains(cd, "filename*=utf-8''") {
		t.Errorf("content disposition %q", cd)
	}
	if h.Get("ETag") != `"`+doc.SHA256+`"` {
		t.Errorf("etag %q", h.Get("ETag"))
	}
	text := checkDOCX(t, body)
	for _, want := range []string{"Số 167-TB/TU", "Hòa Bình, ngày 20 tháng 6 năm 2019", "ĐẢNG CỘNG SẢN VIỆT NAM", "THÔNG BÁO", "TỈNH ỦY HÒA BÌNH", "I- Đánh giá chung", "II- ", "1- ", "Nơi nhận:", "K/T CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Tân Cương", "Lưu Văn phòng Tỉnh ủy."} {
		if !strings.Contains(text, want) {
			t.Errorf("visible text lacks %q", want)
		}
	}
	if strings.Contains(text, "{") || strings.Contains(text, "}") {
		t.Errorf("placeholder left in the text:\n%s", text)
	}

	// The index is derived from the archive: a rebuild gives the same answers.
	ts.shutdown()
	a, cleanup, err := setup(context.Background(), ts.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.docs.Reindex(context.Background())
	cleanup()
	if err != nil || n < 1 {
		t.Fatalf("reindex: %d, %v", n, err)
	}
	ts.start()
	for q := range searches {
		ids := hitIDs(ts.search("viewer", "/api/v1/documents?"+encodeQuery(q)))
		if !reflect.DeepEqual(ids, before[q]) {
			t.Errorf("after reindex, %s: %v, before %v", q, ids, before[q])
		}
	}
	code, body2, _ := ts.do("viewer", "GET", "/api/v1/documents/"+id+"/docx", nil)
	if code != 200 || !bytes.Equal(body, body2) {
		t.Errorf("download after restart differs: %d", code)
	}
}

func encodeQuery(q string) string {
	var parts []string
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return strings.Join(parts, "&")
}
