package documents

import (
	"encoding/json"
	"os"
	"testing"

	"vanthu/documents/compose"
	"vanthu/documents/kind"
	"vanthu/templates"
)

func exampleRequest(tb testing.TB, name string) CreateRequest {
	tb.Helper()
	b, err := os.ReadFile("../templates/examples/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	var req CreateRequest
	if err := json.Unmarshal(b, &req); err != nil {
		tb.Fatal(err)
	}
	return req
}

// BenchmarkRenderNotice measures the whole per-request path of the notice
// from the example data: validation, derived values, expand and fill, zip,
// visible text and citations. Run with -cpu=1 for documents per second per
// core.
func BenchmarkRenderNotice(b *testing.B) {
	benchRender(b, "thong-bao-ket-luan.json")
}

// BenchmarkRenderReport is the same for the review report.
func BenchmarkRenderReport(b *testing.B) {
	benchRender(b, "bao-cao-danh-gia-xep-loai.json")
}

func benchRender(b *testing.B, example string) {
	reg, err := templates.NewRegistry()
	if err != nil {
		b.Fatal(err)
	}
	r := compose.NewRenderer(reg, kind.Rules{})
	req := exampleRequest(b, example)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := r.Render(req.Template, req.Data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// TestRenderDeterministic: the same data gives the same bytes, so `vanthu
// render` reproduces an archived document exactly.
func TestRenderDeterministic(t *testing.T) {
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	r := compose.NewRenderer(reg, kind.Rules{})
	for _, ex := range []string{"thong-bao-ket-luan.json", "bao-cao-danh-gia-xep-loai.json"} {
		req := exampleRequest(t, ex)
		rec1, _, err := r.Render(req.Template, req.Data)
		if err != nil {
			t.Fatal(err)
		}
		rec2, _, err := r.Render(req.Template, req.Data)
		if err != nil {
			t.Fatal(err)
		}
		if rec1.DOCX.SHA256 != rec2.DOCX.SHA256 {
			t.Errorf("%s: two renders differ", ex)
		}
	}
}
