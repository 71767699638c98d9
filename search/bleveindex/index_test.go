package bleveindex_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"vanthu/search"
	"vanthu/search/bleveindex"
	"vanthu/search/searchtest"
)

func open(t *testing.T, dir string) *bleveindex.Index {
	t.Helper()
	idx, err := bleveindex.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() {
		if err := idx.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return idx
}

func TestConformance(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		return open(t, t.TempDir())
	})
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	idx, err := bleveindex.Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := idx.Upsert(ctx, searchtest.Corpus()...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := idx.Search(ctx, search.Query{}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Search after Close: %v, want ErrUnavailable", err)
	}
	if err := idx.Ping(ctx); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Ping after Close: %v, want ErrUnavailable", err)
	}

	reopened := open(t, dir)
	res, err := reopened.Search(ctx, search.Query{Text: "ket luan"})
	if err != nil {
		t.Fatalf("Search after reopen: %v", err)
	}
	if res.Total != 2 {
		t.Errorf("Search after reopen: total %d, want 2", res.Total)
	}
}

// TestOpenInUse: an index another holder has open is refused with
// ErrInUse after a short wait, not waited for forever, and opens once it is
// released.
func TestOpenInUse(t *testing.T) {
	defer bleveindex.SetLockTimeout(200 * time.Millisecond)()
	dir := t.TempDir()
	first, err := bleveindex.Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if _, err := bleveindex.Open(dir); !errors.Is(err, bleveindex.ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := bleveindex.Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	second.Close()
}

func TestFoldTerm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kết", "ket"},
		{"luận", "luan"},
		{"đảng", "dang"},
		{"Đảng", "dang"},            // case is the lowercase filter's job, Đ still folds
		{"\u0111a\u0309ng", "dang"}, // đ + a + combining hook above
		{"ke\u0302\u0301t", "ket"},  // NFD kết
		{"ðiều", "dieu"},            // eth look-alike
		{"124", "124"},
		{"hoá", "hoa"},
		{"hóa", "hoa"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := string(bleveindex.FoldTerm([]byte(tc.in))); got != tc.want {
			t.Errorf("FoldTerm(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
