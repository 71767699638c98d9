package libreoffice

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"vanthu/documents/convert/converttest"
)

// BenchmarkConvertNotice converts the example notice to PDF/A on a warm
// worker, one at a time, and reports the median and 95th percentile.
//
//	go test -run '^$' -bench ConvertNotice -benchtime 40x ./documents/convert/libreoffice
func BenchmarkConvertNotice(b *testing.B) {
	c := open(b, Options{Workers: 1})
	docx := converttest.Examples(b)[0].DOCX
	if _, err := c.ConvertDOCX(context.Background(), docx); err != nil { // warm up
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, err := c.ConvertDOCX(context.Background(), docx); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Milliseconds()), "p95-ms")
}

// BenchmarkConvertThroughput keeps both workers of the default pool busy
// and reports documents per minute.
//
//	go test -run '^$' -bench ConvertThroughput -benchtime 60x ./documents/convert/libreoffice
func BenchmarkConvertThroughput(b *testing.B) {
	c := open(b, Options{Workers: 2})
	docx := converttest.Examples(b)[0].DOCX
	var wg sync.WaitGroup
	for range 2 { // warm both workers
		wg.Go(func() { c.ConvertDOCX(context.Background(), docx) })
	}
	wg.Wait()
	jobs := make(chan struct{}, b.N)
	for range b.N {
		jobs <- struct{}{}
	}
	close(jobs)
	errs := make(chan error, b.N)
	b.ResetTimer()
	start := time.Now()
	for range 4 { // more callers than workers: the pool queues them
		wg.Go(func() {
			for range jobs {
				if _, err := c.ConvertDOCX(context.Background(), docx); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Minutes(), "docs/min")
}
