package searchtest

import (
	"net/http"
	"testing"

	"vanthu/documents/testserver"
)

// TestMeiliPortTaken: when the port chosen for a new server is already
// served by another Meilisearch (another test process took it in between),
// the new server is not fooled by the other's health answer: it starts again
// on another port, and both servers accept their own master keys.
func TestMeiliPortTaken(t *testing.T) {
	first := StartMeilisearch(t)
	attempts := 0
	second := startMeilisearch(t, func() ([]string, error) {
		attempts++
		if attempts == 1 {
			return first.srv.Addrs(), nil
		}
		return testserver.FreeAddrs(1)
	})
	if attempts != 2 || second.URL() == first.URL() {
		t.Fatalf("second server at %s after %d attempts (first at %s)", second.URL(), attempts, first.URL())
	}
	for _, s := range []*MeiliServer{first, second} {
		req, err := http.NewRequest(http.MethodGet, s.URL()+"/keys", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+s.Key())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", s.URL(), err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s with its own key: %s", s.URL(), resp.Status)
		}
	}
}
