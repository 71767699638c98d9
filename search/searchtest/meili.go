package searchtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"vanthu/documents/testserver"
)

// MeiliBinEnv names the environment variable that points at the Meilisearch
// binary used by tests.
const MeiliBinEnv = "VANTHU_TEST_MEILI_BIN"

// MeiliServer is a Meilisearch process started for one test. It listens on
// 127.0.0.1 with a random master key and keeps its database in a temporary
// directory; it is killed when the test ends. Its methods may be called
// from any goroutine: they return their errors and never fail a test.
type MeiliServer struct {
	srv *testserver.Server
	key string
}

// StartMeilisearch starts a Meilisearch server from the binary named by
// VANTHU_TEST_MEILI_BIN and waits until it is healthy. Without the binary
// the test is skipped, or fails when CI=true. Call it from the test's
// goroutine.
func StartMeilisearch(t testing.TB) *MeiliServer {
	t.Helper()
	return startMeilisearch(t, nil)
}

// startMeilisearch is StartMeilisearch with the address of each attempt
// chosen by pick, or a free port when pick is nil.
func startMeilisearch(t testing.TB, pick func() ([]string, error)) *MeiliServer {
	t.Helper()
	s := &MeiliServer{key: randomKey()}
	s.srv = testserver.Start(t, testserver.Spec{
		Name:   "Meilisearch",
		BinEnv: MeiliBinEnv,
		Addrs:  1,
		Pick:   pick,
		Command: func(addrs []string, dir string) ([]string, []string) {
			return []string{
				"--no-analytics",
				"--master-key", s.key,
				"--http-addr", addrs[0],
				"--db-path", filepath.Join(dir, "data.ms"),
				"--dump-dir", filepath.Join(dir, "dumps"),
				"--snapshot-dir", filepath.Join(dir, "snapshots"),
				"--max-indexing-memory", "1GiB",
			}, []string{"MEILI_NO_ANALYTICS=true"}
		},
		Ready: func(ctx context.Context, addrs []string) bool {
			status, err := get(ctx, "http://"+addrs[0]+"/health", "")
			return err == nil && status == http.StatusOK
		},
		Ours: s.checkOurs,
	})
	return s
}

// checkOurs makes sure the server answering accepts this server's master
// key.
func (s *MeiliServer) checkOurs(ctx context.Context, addrs []string) error {
	status, err := get(ctx, "http://"+addrs[0]+"/keys", s.key)
	switch {
	case err != nil:
		return fmt.Errorf("at %s: %w", addrs[0], err)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("at %s: %w: it refuses this server's master key", addrs[0], testserver.ErrNotOurs)
	case status != http.StatusOK:
		return fmt.Errorf("at %s: GET /keys: status %d", addrs[0], status)
	}
	return nil
}

// get sends a GET with an optional bearer key and returns the status.
func get(ctx context.Context, url, key string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// URL returns the server's base URL, e.g. http://127.0.0.1:40123.
func (s *MeiliServer) URL() string { return "http://" + s.srv.Addrs()[0] }

// Key returns the master key.
func (s *MeiliServer) Key() string { return s.key }

// Start starts the server again on the same address and database and waits
// until it is healthy. Starting a running server does nothing.
func (s *MeiliServer) Start() error {
	if err := s.srv.Start(); err != nil {
		return fmt.Errorf("meilisearch: %w", err)
	}
	return nil
}

// Stop kills the server and waits for it to exit. Stopping a stopped server
// does nothing.
func (s *MeiliServer) Stop() error {
	if err := s.srv.Stop(); err != nil {
		return fmt.Errorf("meilisearch: %w", err)
	}
	return nil
}

func randomKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}
