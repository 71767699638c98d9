package searchtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// MeiliBinEnv names the environment variable that points at the Meilisearch
// binary used by tests.
const MeiliBinEnv = "VANTHU_TEST_MEILI_BIN"

// meiliReadyTimeout bounds how long a starting server may take to answer
// GET /health.
const meiliReadyTimeout = 60 * time.Second

// MeiliServer is a Meilisearch process started for one test. It listens on
// 127.0.0.1 with a random master key and keeps its database in a temporary
// directory; it is killed when the test ends.
type MeiliServer struct {
	t    testing.TB
	bin  string
	addr string
	dir  string // working directory holding the database, dumps and snapshots
	key  string

	mu   sync.Mutex
	proc *meiliProcess // nil while stopped
}

// meiliProcess is one run of the server binary.
type meiliProcess struct {
	pid  int
	log  *syncBuffer
	done chan error // receives the result of Wait, then is closed
}

// StartMeilisearch starts a Meilisearch server from the binary named by
// VANTHU_TEST_MEILI_BIN and waits until it is healthy. Without the binary
// the test is skipped, or fails when CI=true.
func StartMeilisearch(t testing.TB) *MeiliServer {
	t.Helper()
	bin := os.Getenv(MeiliBinEnv)
	if bin == "" {
		missingMeili(t, MeiliBinEnv+" is not set")
	} else if _, err := os.Stat(bin); err != nil {
		missingMeili(t, fmt.Sprintf("%s=%s: %v", MeiliBinEnv, bin, err))
	}
	return startMeilisearch(t, bin, func() string {
		port, err := freePort()
		if err != nil {
			t.Fatalf("meilisearch: find a free port: %v", err)
		}
		return net.JoinHostPort("127.0.0.1", port)
	})
}

// startMeilisearch is StartMeilisearch with the address of each attempt
// chosen by pick.
func startMeilisearch(t testing.TB, bin string, pick func() string) *MeiliServer {
	t.Helper()
	s := &MeiliServer{t: t, bin: bin, key: randomKey()}
	// Made before the cleanup that stops the server is registered, so that
	// it is removed after the server has stopped writing to it.
	base := t.TempDir()
	t.Cleanup(s.Stop)
	// A port found free may be taken by another test process before the
	// server binds it; then start again on another port, with a new
	// database directory since the failed start may have begun one.
	for attempt := 1; ; attempt++ {
		s.addr, s.dir = pick(), filepath.Join(base, fmt.Sprint(attempt))
		if err := os.Mkdir(s.dir, 0o755); err != nil {
			t.Fatalf("meilisearch: %v", err)
		}
		err := s.start()
		if err == nil {
			return s
		}
		if !errors.Is(err, errNotOurs) || attempt == 3 {
			t.Fatalf("meilisearch: %v", err)
		}
		t.Logf("meilisearch: %v; trying another port", err)
	}
}

// errNotOurs reports that the server answering on the address is not the
// process just started (which could not bind it).
var errNotOurs = errors.New("another server answers on this address")

func missingMeili(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("meilisearch: %s; CI must run the Meilisearch tests (install the server with .ci/install-servers.sh)", why)
	}
	t.Skip("set " + MeiliBinEnv + " (see .ci/install-servers.sh) to run against a real Meilisearch")
}

// URL returns the server's base URL, e.g. http://127.0.0.1:40123.
func (s *MeiliServer) URL() string { return "http://" + s.addr }

// Key returns the master key.
func (s *MeiliServer) Key() string { return s.key }

// Start starts the server (again) on the same address and database and waits
// until it is healthy. Starting a running server does nothing.
func (s *MeiliServer) Start() {
	s.t.Helper()
	if err := s.start(); err != nil {
		s.t.Fatalf("meilisearch: %v", err)
	}
}

func (s *MeiliServer) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		return nil
	}
	p, err := s.spawn()
	if err != nil {
		return fmt.Errorf("start %s: %w", s.bin, err)
	}
	s.proc = p
	if err := s.waitHealthy(p); err != nil {
		s.stopLocked()
		return fmt.Errorf("%w\n%s", err, p.log.String())
	}
	if err := s.checkOurs(p); err != nil {
		s.stopLocked()
		return err
	}
	return nil
}

// checkOurs makes sure the server that answered is the process just
// started: it is still running and accepts this server's master key.
func (s *MeiliServer) checkOurs(p *meiliProcess) error {
	req, err := http.NewRequest(http.MethodGet, s.URL()+"/keys", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.key)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("at %s: %w", s.addr, err)
	}
	resp.Body.Close()
	select {
	case <-p.done:
		return fmt.Errorf("at %s: %w: the server exited after another one answered its health check", s.addr, errNotOurs)
	default:
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return fmt.Errorf("at %s: %w: it refuses this server's master key", s.addr, errNotOurs)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("at %s: GET /keys: %s", s.addr, resp.Status)
	}
	return nil
}

// Stop kills the server and waits for it to exit. Stopping a stopped server
// does nothing.
func (s *MeiliServer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func (s *MeiliServer) stopLocked() {
	if s.proc == nil {
		return
	}
	// The server runs in its own process group: kill the group.
	_ = syscall.Kill(-s.proc.pid, syscall.SIGKILL)
	<-s.proc.done
	s.proc = nil
}

// spawn starts the binary from a goroutine locked to its OS thread. On Linux
// the child gets Pdeathsig (see procAttr), which fires when the thread that
// started it exits, so that thread must live as long as the child: the
// goroutine stays locked and blocked in Wait until the process is gone.
func (s *MeiliServer) spawn() (*meiliProcess, error) {
	p := &meiliProcess{log: &syncBuffer{}, done: make(chan error, 1)}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		cmd := exec.Command(s.bin,
			"--no-analytics",
			"--master-key", s.key,
			"--http-addr", s.addr,
			"--db-path", filepath.Join(s.dir, "data.ms"),
			"--dump-dir", filepath.Join(s.dir, "dumps"),
			"--snapshot-dir", filepath.Join(s.dir, "snapshots"),
			"--max-indexing-memory", "1GiB",
		)
		cmd.Dir = s.dir
		cmd.Env = append(os.Environ(), "MEILI_NO_ANALYTICS=true")
		cmd.Stdout, cmd.Stderr = p.log, p.log
		cmd.SysProcAttr = procAttr()
		if err := cmd.Start(); err != nil {
			started <- err
			close(p.done)
			return
		}
		p.pid = cmd.Process.Pid
		started <- nil
		p.done <- cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// waitHealthy polls GET /health until the server answers 200.
func (s *MeiliServer) waitHealthy(p *meiliProcess) error {
	ctx, cancel := context.WithTimeout(context.Background(), meiliReadyTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/health", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-p.done:
			return fmt.Errorf("server exited before it was healthy: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("server not healthy after %s", meiliReadyTimeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

func randomKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// syncBuffer collects the server's output for error messages.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // keep memory bounded; only the tail is shown
		tail := bytes.Clone(b.buf.Bytes()[b.buf.Len()-4096:])
		b.buf.Reset()
		b.buf.Write(tail)
	}
	return b.buf.Write(p)
}

// String returns the last 4 KiB of output.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.buf.Bytes()
	if len(out) > 4096 {
		out = out[len(out)-4096:]
	}
	return string(out)
}
