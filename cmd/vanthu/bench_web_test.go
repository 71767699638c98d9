package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/record"
	"vanthu/documents/role"
	"vanthu/search"
	"vanthu/web/account"
)

// BenchmarkWebPages measures the server time of each page (from the
// request to the last byte written, without the network) on the embedded
// default with 10,000 documents in the index: 300 issued notices made by
// the service (archive, register, signatures) and 9,700 more entries
// written to the index directly, spread over types, issuers and years. It
// reports the 95th percentile (p95-ms) and the size of the page
// (page-KB) and of the page with its assets (with-assets-KB).
//
//	go test -run '^$' -bench WebPages -benchtime 200x ./cmd/vanthu
func BenchmarkWebPages(b *testing.B) {
	ctx := context.Background()
	cfg := testConfig(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, cleanup, err := setup(ctx, cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	defer cleanup()
	actx := documents.WithActor(ctx, documents.System)
	var first *record.Record
	for i := 0; i < 300; i++ {
		var req documents.CreateRequest
		if err := json.Unmarshal(noticeRequest(b, true, func(d map[string]any) {
			d["title"] = fmt.Sprintf("Kết luận của Thường trực Tỉnh ủy số %d về công tác kiểm điểm", i+1)
		}), &req); err != nil {
			b.Fatal(err)
		}
		rec, err := a.docs.Create(actx, req)
		if err != nil {
			b.Fatal(err)
		}
		if first == nil {
			first = rec
		}
	}
	types := []string{"TB", "BC", "NQ", "CT", "KH", "QĐ"}
	issuers := []string{"TU", "BTCTU", "VPTU", "BTGTU", "HU"}
	batch := make([]search.Entry, 0, 500)
	for i := 0; i < 9700; i++ {
		e := first.Entry()
		e.ID = fmt.Sprintf("%012x%012x", 0x100000000000+i, i)
		e.Type, e.Issuer = types[i%len(types)], issuers[i%len(issuers)]
		e.Year = 2019 + i%8
		e.Date = fmt.Sprintf("%d-%02d-%02d", e.Year, 1+i%12, 1+i%28)
		e.Number = fmt.Sprintf("%02d-%s/%s", 1000+i, e.Type, e.Issuer)
		e.NumberKey, e.NumberCompact = strings.ToLower(fmt.Sprintf("%d-%s/%s", 1000+i, e.Type, e.Issuer)), ""
		e.Title = fmt.Sprintf("Văn bản số %d về công tác xây dựng Đảng năm %d", i, e.Year)
		batch = append(batch, e)
		if len(batch) == cap(batch) {
			if err := a.index.Upsert(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := a.index.Upsert(ctx, batch...); err != nil {
		b.Fatal(err)
	}
	store := account.NewStore(a.archive)
	if _, err := store.Add(ctx, account.NewUser{Login: "bench", Name: "Văn thư", Role: role.Admin, Clearance: "TUYỆT MẬT", Password: "mat-khau-do-hieu-nang"}, "bench"); err != nil {
		b.Fatal(err)
	}
	rets, err := newReturns(cfg, a)
	if err != nil {
		b.Fatal(err)
	}
	pages, err := newWeb(ctx, cfg, a, rets, log)
	if err != nil {
		b.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(cfg.DataDir, "session.key"))
	if err != nil {
		b.Fatal(err)
	}
	sessions, err := account.NewSessions([]byte(strings.TrimSpace(string(key))), time.Hour, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	u, _ := store.Get(ctx, "bench")
	now := time.Now().Unix()
	cookie := &http.Cookie{Name: "vanthu_session", Value: sessions.Encode(account.Session{ID: account.NewID(), Login: "bench", Epoch: u.Epoch, Created: now, Seen: now})}
	// Loading 9,700 entries in bulk leaves bleve merging its segments in
	// the background for a while; a server that has been running has
	// merged them. Measure once the process is idle again.
	settle(b, time.Minute)
	h := pages.Handler()
	assets := 0
	for _, p := range []string{"app.css", "app.js", "favicon.svg"} {
		fi, err := os.Stat(filepath.Join("..", "..", "web", "static", p))
		if err == nil {
			assets += int(fi.Size())
		}
	}
	for _, p := range []struct{ name, path string }{
		{"search start", "/"},
		{"search number", "/?q=250-TB%2FTU"},
		{"search text", "/?q=ket+luan+thuong+truc"},
		{"search facets", "/?type=TB&year=2024&q=cong+tac"},
		{"search cites", "/?cites=28-CT%2FTW"},
		{"document", "/van-ban/" + first.ID},
		{"register", "/so-van-ban-di?issuer=TU&type=TB"},
		{"drafts", "/du-thao"},
		{"compose notice", "/soan/thong-bao-ket-luan"},
		{"compose report", "/soan/bao-cao-danh-gia-xep-loai"},
		{"templates", "/mau-van-ban"},
		{"audit", "/nhat-ky?from=" + time.Now().Format(time.DateOnly)},
	} {
		b.Run(p.name, func(b *testing.B) {
			runtime.GC()
			times := make([]time.Duration, 0, b.N)
			size := 0
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", p.path, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				times = append(times, time.Since(start))
				if rec.Code != 200 {
					b.Fatalf("%s: status %d", p.path, rec.Code)
				}
				size = rec.Body.Len()
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			p95 := times[min(len(times)-1, len(times)*95/100)]
			b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(size)/1024, "page-KB")
			b.ReportMetric(float64(size+assets)/1024, "with-assets-KB")
		})
	}
}

// settle waits, at most max, until the process uses less than a tenth of
// a core over half a second: background work of the setup (bleve merging
// the segments of a bulk load) has finished.
func settle(b *testing.B, max time.Duration) {
	b.Helper()
	if _, ok := processCPU(); !ok {
		time.Sleep(10 * time.Second)
		return
	}
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		before, _ := processCPU()
		time.Sleep(500 * time.Millisecond)
		if after, _ := processCPU(); after-before < 50*time.Millisecond {
			return
		}
	}
	b.Logf("the process was still busy after %s; measuring anyway", max)
}
