package testserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// ErrNotOurs reports that the server answering on an address is not the
// process just started (which could not bind it). [Spec.Ours] returns an
// error wrapping it when the server refuses the credentials of this run.
var ErrNotOurs = errors.New("another server answers on this address")

// Spec describes one kind of server.
type Spec struct {
	// Name is used in messages: "MinIO", "Meilisearch".
	Name string
	// BinEnv is the environment variable naming the server binary.
	BinEnv string
	// Addrs is the number of 127.0.0.1 addresses a run listens on (at least 1).
	Addrs int
	// Subdirs are made inside each attempt's directory before the server starts.
	Subdirs []string
	// Command returns the arguments and the extra environment of a run
	// listening on addrs with its files under dir.
	Command func(addrs []string, dir string) (args, env []string)
	// Ready reports whether the server on addrs answers as ready. It is
	// polled every 50 ms until ReadyTimeout.
	Ready func(ctx context.Context, addrs []string) bool
	// Ours checks that the server on addrs accepts this run's credentials;
	// it returns an error wrapping ErrNotOurs when it refuses them.
	Ours func(ctx context.Context, addrs []string) error
	// ReadyTimeout bounds the wait for Ready; 0 means 60 seconds.
	ReadyTimeout time.Duration
	// Pick chooses the addresses of each attempt; nil picks free ports.
	// Tests of the retry use it to hand out an address already served.
	Pick func() ([]string, error)
}

// Server is a server process owned by a test. Its methods are safe for
// concurrent use.
type Server struct {
	spec Spec
	bin  string
	out  *tailBuffer

	mu    sync.Mutex
	addrs []string
	dir   string
	proc  *process // nil while stopped
}

// process is one run of the binary.
type process struct {
	pid  int
	done chan struct{} // closed when the process has exited
}

// Start starts a server from spec and stops it when tb ends. It fails tb
// (or skips it, see the package documentation) when the server cannot be
// started; call it from the test's goroutine.
func Start(tb testing.TB, spec Spec) *Server {
	tb.Helper()
	bin := os.Getenv(spec.BinEnv)
	if bin == "" {
		missing(tb, spec, spec.BinEnv+" is not set")
	}
	if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		missing(tb, spec, fmt.Sprintf("%s=%s is not an executable file", spec.BinEnv, bin))
	}
	if spec.Addrs < 1 {
		spec.Addrs = 1
	}
	if spec.ReadyTimeout == 0 {
		spec.ReadyTimeout = 60 * time.Second
	}
	if spec.Pick == nil {
		n := spec.Addrs
		spec.Pick = func() ([]string, error) { return FreeAddrs(n) }
	}
	s := &Server{spec: spec, bin: bin, out: &tailBuffer{}}
	// Made before the cleanup that stops the server is registered, so that
	// it is removed after the server has stopped writing to it.
	base := tb.TempDir()
	tb.Cleanup(func() {
		if err := s.Stop(); err != nil {
			tb.Errorf("testserver: %v", err)
		}
		if tb.Failed() {
			tb.Logf("testserver: %s at %v printed:\n%s", spec.Name, s.Addrs(), s.Output())
		}
	})
	for attempt := 1; ; attempt++ {
		err := s.prepare(filepath.Join(base, fmt.Sprint(attempt)))
		if err == nil {
			err = s.Start()
		}
		if err == nil {
			return s
		}
		if !errors.Is(err, ErrNotOurs) || attempt == 3 {
			tb.Fatalf("testserver: %v", err)
		}
		tb.Logf("testserver: %v; trying other ports", err)
	}
}

// prepare sets the addresses and the fresh directory of an attempt.
func (s *Server) prepare(dir string) error {
	addrs, err := s.spec.Pick()
	if err != nil {
		return fmt.Errorf("%s: choose addresses: %w", s.spec.Name, err)
	}
	if len(addrs) != s.spec.Addrs {
		return fmt.Errorf("%s: %d addresses chosen, %d needed", s.spec.Name, len(addrs), s.spec.Addrs)
	}
	for _, d := range append([]string{""}, s.spec.Subdirs...) {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return fmt.Errorf("%s: %w", s.spec.Name, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addrs, s.dir = addrs, dir
	return nil
}

// missing skips tb, or fails it when CI=true.
func missing(tb testing.TB, spec Spec, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("testserver: %s; CI=true requires the %s tests: run .ci/install-servers.sh and export the variable it prints", why, spec.Name)
	}
	tb.Skipf("testserver: %s: set %s (see .ci/install-servers.sh) to run the %s tests", why, spec.BinEnv, spec.Name)
}

// Addrs returns the addresses the server listens on ("127.0.0.1:40123").
func (s *Server) Addrs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.addrs...)
}

// Dir returns the directory holding the server's files.
func (s *Server) Dir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dir
}

// Output returns the last 8 KiB the server printed.
func (s *Server) Output() string { return s.out.String() }

// Start starts the server process, on the same addresses and directory as
// before when it was stopped, and waits until it is ready and accepts this
// run's credentials. It does nothing when the server is running.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		return nil
	}
	args, env := s.spec.Command(s.addrs, s.dir)
	cmd := exec.Command(s.bin, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	cmd.SysProcAttr = sysProcAttr()
	p, err := spawn(cmd)
	if err != nil {
		return fmt.Errorf("start %s %s: %w", s.spec.Name, s.bin, err)
	}
	s.proc = p
	if err := s.waitReady(p); err != nil {
		s.stopLocked()
		return fmt.Errorf("%s at %v: %w; output:\n%s", s.spec.Name, s.addrs, err, s.out.String())
	}
	if err := s.checkOurs(p); err != nil {
		s.stopLocked()
		return fmt.Errorf("%s at %v: %w", s.spec.Name, s.addrs, err)
	}
	return nil
}

// spawn starts cmd from a goroutine locked to an OS thread of its own, which
// stays blocked in Wait until the process has exited (see the package
// documentation: the parent-death signal follows the forking thread).
func spawn(cmd *exec.Cmd) (*process, error) {
	p := &process{done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends after the child
		if err := cmd.Start(); err != nil {
			started <- err
			close(p.done)
			return
		}
		p.pid = cmd.Process.Pid
		started <- nil
		_ = cmd.Wait() // the exit status of a killed server says nothing
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// waitReady polls spec.Ready until it succeeds, the process exits or the
// timeout passes.
func (s *Server) waitReady(p *process) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.spec.ReadyTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		probe, cancelProbe := context.WithTimeout(ctx, 2*time.Second)
		ready := s.spec.Ready(probe, s.addrs)
		cancelProbe()
		if ready {
			return nil
		}
		select {
		case <-p.done:
			return errors.New("the server exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("not ready after %v", s.spec.ReadyTimeout)
		case <-tick.C:
		}
	}
}

// checkOurs makes sure the server that answered is the process just
// started: it accepts this run's credentials and is still running.
func (s *Server) checkOurs(p *process) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.spec.Ours(ctx, s.addrs)
	select {
	case <-p.done:
		return fmt.Errorf("%w: the server exited after another one answered its readiness check", ErrNotOurs)
	default:
	}
	return err
}

// Running reports whether the server process is alive.
func (s *Server) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return false
	}
	select {
	case <-s.proc.done:
		return false
	default:
		return true
	}
}

// Stop kills the server process (with its process group on Linux) and
// waits for it to exit. It does nothing when the server is not running.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopLocked()
}

func (s *Server) stopLocked() error {
	if s.proc == nil {
		return nil
	}
	p := s.proc
	s.proc = nil
	if err := killGroup(p.pid); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s: %w", s.spec.Name, err)
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("stop %s: the process did not exit within 30s", s.spec.Name)
	}
}

// FreeAddrs returns n distinct 127.0.0.1 addresses whose ports were free a
// moment ago.
func FreeAddrs(n int) ([]string, error) {
	out := make([]string, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		// Kept open until all are chosen, so the n ports differ.
		defer l.Close()
		out = append(out, l.Addr().String())
	}
	return out, nil
}

// tailBuffer keeps the end of a server's output for error messages, in
// bounded memory.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 8 << 10

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 4*tailSize {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-tailSize:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.buf) > tailSize {
		return string(b.buf[len(b.buf)-tailSize:])
	}
	return string(b.buf)
}
