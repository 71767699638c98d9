package testserver

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"sync"
	"testing"
)

// The tests run real processes: the test binary itself, started again as
// a small HTTP server (helperMain) that answers GET /ready and, with its
// key as bearer token, GET /whoami.

const helperBinEnv = "VANTHU_TESTSERVER_HELPER_BIN"

func TestMain(m *testing.M) {
	if os.Getenv("TESTSERVER_HELPER") == "1" {
		helperMain()
		return
	}
	// The helper binary is this test binary; a process-wide setting, not a
	// per-test one.
	if err := os.Setenv(helperBinEnv, os.Args[0]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func helperMain() {
	key := os.Getenv("HELPER_KEY")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ready", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+key {
			http.Error(w, "wrong key", http.StatusUnauthorized)
		}
	})
	fmt.Println("helper listening on", os.Getenv("HELPER_ADDR"))
	fmt.Fprintln(os.Stderr, http.ListenAndServe(os.Getenv("HELPER_ADDR"), mux))
	os.Exit(1)
}

// helper starts a helper server; pick may be nil.
func helper(t *testing.T, pick func() ([]string, error)) (*Server, string) {
	t.Helper()
	key := rand.Text()
	s := Start(t, Spec{
		Name:   "helper",
		BinEnv: helperBinEnv,
		Addrs:  1,
		Pick:   pick,
		Command: func(addrs []string, dir string) ([]string, []string) {
			return nil, []string{"TESTSERVER_HELPER=1", "HELPER_ADDR=" + addrs[0], "HELPER_KEY=" + key}
		},
		Ready: func(ctx context.Context, addrs []string) bool {
			return status(ctx, addrs[0], "/ready", "") == http.StatusOK
		},
		Ours: func(ctx context.Context, addrs []string) error {
			switch st := status(ctx, addrs[0], "/whoami", key); st {
			case http.StatusOK:
				return nil
			case http.StatusUnauthorized:
				return ErrNotOurs
			default:
				return fmt.Errorf("GET /whoami: %d", st)
			}
		},
	})
	return s, key
}

// status returns the status of a GET, or 0 when the request fails.
func status(ctx context.Context, addr, path, key string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return 0
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A port already served by another server is detected by the credential
// check and the server starts again on another port, in a fresh directory.
func TestPortTaken(t *testing.T) {
	first, firstKey := helper(t, nil)
	attempts := 0
	second, secondKey := helper(t, func() ([]string, error) {
		attempts++
		if attempts == 1 {
			return first.Addrs(), nil
		}
		return FreeAddrs(1)
	})
	if attempts != 2 || second.Addrs()[0] == first.Addrs()[0] {
		t.Fatalf("second server at %v after %d attempts (first at %v)", second.Addrs(), attempts, first.Addrs())
	}
	if first.Dir() == second.Dir() {
		t.Errorf("both servers use %s", first.Dir())
	}
	ctx := context.Background()
	for _, c := range []struct {
		s   *Server
		key string
	}{{first, firstKey}, {second, secondKey}} {
		if st := status(ctx, c.s.Addrs()[0], "/whoami", c.key); st != http.StatusOK {
			t.Errorf("server at %v with its own key: %d", c.s.Addrs(), st)
		}
	}
}

// Stopping a server ends the thread that forked it; no other server may
// die with it (the parent-death signal follows the forking thread). Other
// servers are started and stopped from other goroutines while one runs.
func TestStopLeavesOthersRunning(t *testing.T) {
	keep, key := helper(t, nil)
	other, _ := helper(t, nil)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if g == 0 {
					if err := other.Stop(); err != nil {
						t.Errorf("stop: %v", err)
						return
					}
					if err := other.Start(); err != nil {
						t.Errorf("start again: %v", err)
						return
					}
					continue
				}
				// A goroutine that returns while locked to its thread ends
				// the thread, as the old Meilisearch helper did.
				done := make(chan struct{})
				go func() {
					defer close(done)
					runtime.LockOSThread()
				}()
				<-done
				_ = other.Running()
				_ = other.Addrs()
				_ = keep.Output()
				if !keep.Running() {
					t.Errorf("goroutine %d, round %d: the other server stopped", g, i)
					return
				}
			}
		}()
	}
	wg.Wait()
	if !other.Running() {
		t.Error("the restarted server is not running")
	}
	if err := other.Stop(); err != nil {
		t.Fatal(err)
	}
	if !keep.Running() || status(context.Background(), keep.Addrs()[0], "/whoami", key) != http.StatusOK {
		t.Error("stopping one server stopped another")
	}
	if other.Running() {
		t.Error("the stopped server still runs")
	}
}

// Start and Stop are idempotent and a stopped server starts again on the
// same address.
func TestRestart(t *testing.T) {
	s, key := helper(t, nil)
	addr := s.Addrs()[0]
	if err := s.Start(); err != nil {
		t.Fatalf("Start of a running server: %v", err)
	}
	for range 2 {
		if err := s.Stop(); err != nil {
			t.Fatal(err)
		}
	}
	if s.Running() || status(context.Background(), addr, "/ready", "") != 0 {
		t.Fatal("the server still answers after Stop")
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if s.Addrs()[0] != addr || status(context.Background(), addr, "/whoami", key) != http.StatusOK {
		t.Errorf("restarted at %v, want %s with the same key", s.Addrs(), addr)
	}
}

func TestFreeAddrsDistinct(t *testing.T) {
	addrs, err := FreeAddrs(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range addrs {
		if seen[a] {
			t.Errorf("%s given twice in %v", a, addrs)
		}
		seen[a] = true
	}
}
