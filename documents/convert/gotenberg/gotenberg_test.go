package gotenberg

import (
	"context"
	"os"
	"strings"
	"testing"

	"vanthu/documents/convert/converttest"
)

// TestConformance runs the shared driver checks against a real Gotenberg 8
// (docker run --rm -p 3000:3000 gotenberg/gotenberg:8.14.1, then
// VANTHU_TEST_GOTENBERG_URL=http://127.0.0.1:3000).
func TestConformance(t *testing.T) {
	u := os.Getenv("VANTHU_TEST_GOTENBERG_URL")
	if u == "" {
		t.Skip("set VANTHU_TEST_GOTENBERG_URL to a Gotenberg 8 service to run")
	}
	c, err := Open(context.Background(), Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	converttest.Run(t, c)
}

// TestOpenRejectsBadURL checks the configuration error names the variable.
func TestOpenRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "gotenberg:3000", "ftp://x", "http://"} {
		_, err := Open(context.Background(), Options{URL: u})
		if err == nil {
			t.Errorf("Open(%q) accepted", u)
		} else if !strings.Contains(err.Error(), "VANTHU_GOTENBERG_URL") {
			t.Errorf("Open(%q): %v does not name VANTHU_GOTENBERG_URL", u, err)
		}
	}
}
