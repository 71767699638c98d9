package main

import (
	"fmt"
	"io"
	"testing"
)

// BenchmarkHTTP measures whole requests over real HTTP against the embedded
// default, with 500 issued notices in the archive: issuing one more
// (validate, number, render, sign, archive, index), finding documents by
// number, by cited number and by text, reading the register of the series,
// and reading the whole archive back (vanthu check).
//
//	go test -run '^$' -bench HTTP -benchtime 2s ./cmd/vanthu
func BenchmarkHTTP(b *testing.B) {
	benchHTTP(b, startServer(b, testConfig(b)))
}

// BenchmarkHTTPEngines is BenchmarkHTTP on MinIO and Meilisearch.
func BenchmarkHTTPEngines(b *testing.B) {
	_, _, vars := engines(b)
	benchHTTP(b, startServer(b, testConfig(b, vars...)))
}

func benchHTTP(b *testing.B, ts *testServer) {
	const docs = 500
	for i := 0; i < docs; i++ {
		ts.document("signer", "POST", "/api/v1/documents", noticeRequest(b, true, func(d map[string]any) {
			d["title"] = fmt.Sprintf("kết luận số %d về công tác kiểm điểm", i+1)
		}), 201)
	}
	b.Run("issue", func(b *testing.B) {
		body := noticeRequest(b, true, nil)
		for i := 0; i < b.N; i++ {
			if code, out, _ := ts.on(b).do("signer", "POST", "/api/v1/documents", body); code != 201 {
				b.Fatalf("%d %s", code, out)
			}
		}
	})
	for _, q := range []string{"number=250-TB/TU", "cites=28-CT/TW", "q=ket luan so 250", "q=250-TB/TU"} {
		path := "/api/v1/documents?" + encodeQuery(q)
		b.Run("search "+q, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if code, _, _, err := ts.try("viewer", "GET", path, nil); err != nil || code != 200 {
						b.Errorf("status %d: %v", code, err)
						return
					}
				}
			})
		})
	}
	b.Run("check the archive", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if ok, err := checkArchive(ts.cfg, false, io.Discard); !ok || err != nil {
				b.Fatalf("check: %v %v", ok, err)
			}
		}
	})
	b.Run("register after a restart", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			ts.restart(b)
			b.StartTimer()
			if code, out, _ := ts.on(b).do("clerk", "GET", "/api/v1/register?issuer=TU&type=TB", nil); code != 200 {
				b.Fatalf("%d %s", code, out)
			}
		}
	})
	for _, q := range []string{"issuer=TU&type=TB", "issuer=TU&type=TB&year=2019"} {
		b.Run("register "+q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if code, out, _ := ts.on(b).do("clerk", "GET", "/api/v1/register?"+q, nil); code != 200 {
					b.Fatalf("%d %s", code, out)
				}
			}
		})
	}
}
