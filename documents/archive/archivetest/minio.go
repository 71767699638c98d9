package archivetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// MinIOEnv names the environment variable holding the path of the MinIO
// server binary used by [StartMinIO].
const MinIOEnv = "VANTHU_TEST_MINIO_BIN"

// MinIOServer is a MinIO server process owned by a test, listening on
// 127.0.0.1 with single-drive storage in a temporary directory. It supports
// versioning, object lock, legal hold and checksums.
type MinIOServer struct {
	bin, dataDir, certsDir string
	addr, consoleAddr      string
	accessKey, secretKey   string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd has exited
	out  lockedBuffer
}

// StartMinIO starts a MinIO server and stops it when tb ends. The binary
// comes from VANTHU_TEST_MINIO_BIN; when it is unset or missing the test is
// skipped, or fails if CI=true. Starting takes about a second, so share one
// server per package and give each test its own bucket.
func StartMinIO(tb testing.TB) *MinIOServer {
	tb.Helper()
	return startMinIO(tb, func() (string, string) { return freeAddr(tb), freeAddr(tb) })
}

// startMinIO is StartMinIO with the addresses of each attempt chosen by pick.
func startMinIO(tb testing.TB, pick func() (addr, consoleAddr string)) *MinIOServer {
	tb.Helper()
	bin := os.Getenv(MinIOEnv)
	if bin == "" {
		serverMissing(tb, MinIOEnv+" is not set")
	}
	if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		serverMissing(tb, fmt.Sprintf("%s=%s is not an executable file", MinIOEnv, bin))
	}
	s := &MinIOServer{
		bin:       bin,
		accessKey: "vanthu-" + strings.ToLower(rand.Text()[:8]),
		secretKey: rand.Text(),
	}
	// Made before the cleanup that stops the server is registered, so that
	// it is removed after the server has stopped writing to it.
	base := tb.TempDir()
	tb.Cleanup(func() {
		if err := s.Stop(); err != nil {
			tb.Errorf("archivetest: %v", err)
		}
		if tb.Failed() {
			tb.Logf("archivetest: MinIO at %s printed:\n%s", s.addr, s.out.String())
		}
	})
	// A port found free may be taken by another test process before MinIO
	// binds it; then start again on other ports, with new directories since
	// the failed start may have begun to fill them.
	for attempt := 1; ; attempt++ {
		dir := filepath.Join(base, fmt.Sprint(attempt))
		s.dataDir, s.certsDir = filepath.Join(dir, "data"), filepath.Join(dir, "certs")
		for _, dir := range []string{s.dataDir, s.certsDir} {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				tb.Fatalf("archivetest: %v", err)
			}
		}
		s.addr, s.consoleAddr = pick()
		err := s.Start()
		if err == nil {
			return s
		}
		if !errors.Is(err, errNotOurs) || attempt == 3 {
			tb.Fatalf("archivetest: %v", err)
		}
		tb.Logf("archivetest: %v; trying other ports", err)
	}
}

// errNotOurs reports that the server answering on the address is not the
// process just started (which could not bind it).
var errNotOurs = errors.New("another server answers on this address")

// serverMissing skips tb, or fails it when CI=true so that CI cannot pass
// without running the server tests.
func serverMissing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("archivetest: %s; CI=true requires the MinIO tests: run .ci/install-servers.sh and export the variable it prints", why)
	}
	tb.Skipf("archivetest: %s: set %s (see .ci/install-servers.sh) to run the MinIO tests", why, MinIOEnv)
}

// Endpoint is the server's host:port, as minio.New expects it.
func (s *MinIOServer) Endpoint() string { return s.addr }

// AccessKey is the root user's access key.
func (s *MinIOServer) AccessKey() string { return s.accessKey }

// SecretKey is the root user's secret key.
func (s *MinIOServer) SecretKey() string { return s.secretKey }

// Start starts the server process, on the same addresses and data directory
// as before when it was stopped, and waits until it reports ready. It does
// nothing when the server is running.
func (s *MinIOServer) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return nil
	}
	cmd := exec.Command(s.bin, "server", s.dataDir,
		"--address", s.addr, "--console-address", s.consoleAddr,
		"--certs-dir", s.certsDir, "--quiet")
	cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+s.accessKey,
		"MINIO_ROOT_PASSWORD="+s.secretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=1",
	)
	cmd.Stdout = &s.out
	cmd.Stderr = &s.out
	cmd.SysProcAttr = sysProcAttr()
	// On Linux the parent-death signal fires when the OS thread that forked
	// the child exits, not the process. Go ends a thread when a goroutine
	// locked to it returns, and the Meilisearch helper does exactly that when
	// it stops its server: had MinIO been forked from that same thread, it
	// would be killed with it. So MinIO is forked from a thread of its own,
	// locked for as long as the server runs, which no other goroutine can use.
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends after the child
		if err := cmd.Start(); err != nil {
			started <- err
			close(done)
			return
		}
		started <- nil
		_ = cmd.Wait() // the exit status of a killed server says nothing
		close(done)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start MinIO %s: %w", s.bin, err)
	}
	s.cmd, s.done = cmd, done
	if err := s.waitReady(done, 60*time.Second); err != nil {
		s.stopLocked()
		return fmt.Errorf("MinIO at %s: %w; output:\n%s", s.addr, err, s.out.String())
	}
	if err := s.checkOurs(done); err != nil {
		s.stopLocked()
		return fmt.Errorf("MinIO at %s: %w", s.addr, err)
	}
	return nil
}

// checkOurs makes sure the server that answered is the process just
// started: it is still running and accepts this server's credentials.
func (s *MinIOServer) checkOurs(exited <-chan struct{}) error {
	client, err := minio.New(s.addr, &minio.Options{Creds: credentials.NewStaticV4(s.accessKey, s.secretKey, "")})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = client.ListBuckets(ctx)
	select {
	case <-exited:
		return fmt.Errorf("%w: the server exited after another one answered its readiness check", errNotOurs)
	default:
	}
	if resp := minio.ToErrorResponse(err); resp.Code == "InvalidAccessKeyId" || resp.Code == "SignatureDoesNotMatch" {
		return fmt.Errorf("%w: it refuses this server's credentials (%s)", errNotOurs, resp.Code)
	}
	return err
}

// Running reports whether the server process is alive.
func (s *MinIOServer) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return false
	}
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

// Stop kills the server process and waits for it to exit. It does nothing
// when the server is not running.
func (s *MinIOServer) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopLocked()
}

func (s *MinIOServer) stopLocked() error {
	if s.cmd == nil {
		return nil
	}
	cmd, done := s.cmd, s.done
	s.cmd, s.done = nil, nil
	if err := killGroup(cmd.Process); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop MinIO: %w", err)
	}
	select {
	case <-done:
		return nil
	case <-time.After(30 * time.Second):
		return errors.New("stop MinIO: process did not exit within 30s")
	}
}

// waitReady polls the readiness endpoint until it answers 200, the process
// exits or the timeout passes.
func (s *MinIOServer) waitReady(exited <-chan struct{}, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	url := "http://" + s.addr + "/minio/health/ready"
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("server exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("not ready after %v", timeout)
		case <-tick.C:
		}
	}
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("archivetest: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lockedBuffer collects the server's output for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
