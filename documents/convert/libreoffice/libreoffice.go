// Package libreoffice is the local [convert.Converter]: a pool of warm
// LibreOffice processes driven through UNO.
//
// Each worker is one headless soffice with a profile directory of its own
// (two offices must never share a profile) listening on a private UNO pipe,
// and one small Python bridge (bridge.py, embedded) that asks it to load a
// DOCX and store it through the writer_pdf_Export filter with
// SelectPdfVersion=2 (PDF/A-2b). The office stays up between documents, so a
// conversion costs a load and a store, not a process start (seconds).
//
// The pool holds Options.Workers workers, the concurrency limit: further
// callers wait. A conversion that takes longer than Options.Timeout, or
// whose office crashed, kills the worker's processes (their whole process
// groups); the worker is started again for the next conversion.
//
// Requirements: soffice on PATH (Debian libreoffice-writer-nogui) and a
// Python 3 that can import uno (Debian python3-uno, which installs it for
// /usr/bin/python3; LibreOffice's own builds ship program/python).
package libreoffice

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"vanthu/documents/convert"
)

//go:embed bridge.py
var bridgeScript []byte

// Options configures [Open]. The zero value is usable.
type Options struct {
	// Soffice is the soffice executable; default: found on PATH.
	Soffice string
	// Python is a Python 3 that imports uno; default: the first of
	// LibreOffice's program/python, /usr/bin/python3 and python3 on PATH
	// that does.
	Python string
	// Dir holds the workers' profiles and scratch files; default: a new
	// temporary directory, removed by Close. A given Dir is kept, so
	// profiles survive restarts and later starts are faster.
	Dir string
	// Workers is the number of offices, the concurrency limit; default 2.
	Workers int
	// Timeout bounds one conversion; default 60s.
	Timeout time.Duration
	// StartTimeout bounds the start of one office (the first start creates
	// its profile, which takes tens of seconds on a slow machine); default
	// 120s.
	StartTimeout time.Duration
	Logger       *slog.Logger
}

// Converter is the LibreOffice driver. It is safe for concurrent use.
type Converter struct {
	opts    Options
	tmpDir  bool // Dir was created by Open
	slots   chan *worker
	closing chan struct{}
	closed  sync.Once
	seq     atomic.Int64

	mu     sync.Mutex
	groups map[int]bool // process groups of running offices and bridges, for Close
	done   bool         // Close has run
}

var _ convert.Converter = (*Converter)(nil)

// Open finds LibreOffice and a Python with uno, and starts the workers in
// the background, so that the first conversions find them warm. The error
// wraps [convert.ErrUnavailable] when a program is missing.
func Open(opts Options) (*Converter, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 120 * time.Second
	}
	var err error
	if opts.Soffice == "" {
		if opts.Soffice, err = exec.LookPath("soffice"); err != nil {
			return nil, fmt.Errorf("%w: soffice not found on PATH; %s", convert.ErrUnavailable, convert.InstallHint)
		}
	}
	if opts.Python == "" {
		if opts.Python, err = findPython(opts.Soffice); err != nil {
			return nil, err
		}
	}
	c := &Converter{opts: opts, slots: make(chan *worker, opts.Workers), closing: make(chan struct{}), groups: map[int]bool{}}
	if c.opts.Dir == "" {
		if c.opts.Dir, err = os.MkdirTemp("", "vanthu-libreoffice-"); err != nil {
			return nil, fmt.Errorf("libreoffice: %w", err)
		}
		c.tmpDir = true
	} else if err := os.MkdirAll(c.opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("libreoffice: %w", err)
	}
	// The profile is given to soffice as a file URL, which must hold an
	// absolute path: a relative one (the default data directory is ./data)
	// reads as a host name and the office never opens its pipe.
	if c.opts.Dir, err = filepath.Abs(c.opts.Dir); err != nil {
		return nil, fmt.Errorf("libreoffice: %w", err)
	}
	if err := os.WriteFile(filepath.Join(c.opts.Dir, "bridge.py"), bridgeScript, 0o600); err != nil {
		return nil, fmt.Errorf("libreoffice: write bridge: %w", err)
	}
	for i := range opts.Workers {
		w := &worker{id: i, c: c}
		go func() {
			if err := w.start(); err != nil {
				opts.Logger.Warn("libreoffice: warm start failed; retried on the next conversion", "worker", i, "err", err)
			}
			c.slots <- w
		}()
	}
	return c, nil
}

// findPython returns the first candidate interpreter that imports uno.
func findPython(soffice string) (string, error) {
	real, err := filepath.EvalSymlinks(soffice)
	if err != nil {
		real = soffice
	}
	candidates := []string{filepath.Join(filepath.Dir(real), "python"), "/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import uno").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: no Python with the uno module (tried %s); %s",
		convert.ErrUnavailable, strings.Join(candidates, ", "), convert.InstallHint)
}

// ConvertDOCX converts docx to PDF/A-2b on a free worker.
func (c *Converter) ConvertDOCX(ctx context.Context, docx []byte) ([]byte, error) {
	var w *worker
	select {
	case w = <-c.slots:
	case <-ctx.Done():
		return nil, fmt.Errorf("libreoffice: wait for a free converter: %w", ctx.Err())
	case <-c.closing:
		return nil, fmt.Errorf("%w: converter closed", convert.ErrUnavailable)
	}
	defer func() { c.slots <- w }()
	select {
	case <-c.closing:
		return nil, fmt.Errorf("%w: converter closed", convert.ErrUnavailable)
	default:
	}
	if !w.alive() {
		if err := w.start(); err != nil {
			return nil, err
		}
	}
	return w.convert(ctx, docx, c.seq.Add(1))
}

// Close kills every office and bridge and removes a temporary Dir.
func (c *Converter) Close() error {
	c.closed.Do(func() {
		close(c.closing)
		c.mu.Lock()
		c.done = true
		for pgid := range c.groups {
			syscall.Kill(-pgid, syscall.SIGKILL)
		}
		c.mu.Unlock()
		// The killed offices leave their UNO pipes behind.
		pipes, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("OSL_PIPE_%d_vanthu-%d-*", os.Getuid(), os.Getpid())))
		for _, p := range pipes {
			os.Remove(p)
		}
		if c.tmpDir {
			os.RemoveAll(c.opts.Dir)
		}
	})
	return nil
}

// worker is one office and its bridge. Only the goroutine holding it (taken
// from Converter.slots) uses it.
type worker struct {
	id         int
	c          *Converter
	generation int
	pipe       string // name of the office's UNO pipe
	office     *exec.Cmd
	bridge     *exec.Cmd
	in         io.WriteCloser
	out        *bufio.Reader
	officeDone chan struct{} // closed when the office exits
}

func (w *worker) dir() string { return filepath.Join(w.c.opts.Dir, fmt.Sprintf("worker-%d", w.id)) }

func (w *worker) alive() bool {
	if w.office == nil {
		return false
	}
	select {
	case <-w.officeDone:
		return false
	default:
		return true
	}
}

// start launches the office and the bridge and waits for the bridge to
// report the office connected.
func (w *worker) start() error {
	w.kill()
	w.generation++
	if err := os.MkdirAll(filepath.Join(w.dir(), "work"), 0o700); err != nil {
		return fmt.Errorf("libreoffice: %w", err)
	}
	pipe := fmt.Sprintf("vanthu-%d-%d-%d", os.Getpid(), w.id, w.generation)
	w.pipe = pipe
	profile := (&url.URL{Scheme: "file", Path: filepath.Join(w.dir(), "profile")}).String()
	w.office = exec.Command(w.c.opts.Soffice, "--headless", "--invisible", "--nologo", "--norestore",
		"--nodefault", "--nolockcheck", "--nofirststartwizard", "-env:UserInstallation="+profile,
		"--accept=pipe,name="+pipe+";urp;StarOffice.ComponentContext")
	w.office.SysProcAttr = groupAttr()
	if err := w.office.Start(); err != nil {
		w.office = nil
		return fmt.Errorf("%w: start soffice: %w", convert.ErrUnavailable, err)
	}
	done := make(chan struct{})
	w.officeDone = done
	office := w.office
	go func() { office.Wait(); close(done) }()
	if !w.c.track(office.Process.Pid, true) {
		w.kill()
		return fmt.Errorf("%w: converter closed", convert.ErrUnavailable)
	}

	w.bridge = exec.Command(w.c.opts.Python, filepath.Join(w.c.opts.Dir, "bridge.py"), pipe,
		fmt.Sprint(int(w.c.opts.StartTimeout.Seconds())))
	w.bridge.SysProcAttr = groupAttr()
	stderr := &limitedWriter{n: 4096}
	w.bridge.Stderr = stderr
	var err error
	if w.in, err = w.bridge.StdinPipe(); err != nil {
		w.kill()
		return fmt.Errorf("libreoffice: %w", err)
	}
	stdout, err := w.bridge.StdoutPipe()
	if err != nil {
		w.kill()
		return fmt.Errorf("libreoffice: %w", err)
	}
	w.out = bufio.NewReader(stdout)
	if err := w.bridge.Start(); err != nil {
		w.kill()
		return fmt.Errorf("%w: start the UNO bridge: %w", convert.ErrUnavailable, err)
	}
	if !w.c.track(w.bridge.Process.Pid, true) {
		w.kill()
		return fmt.Errorf("%w: converter closed", convert.ErrUnavailable)
	}
	line, err := w.answer(context.Background(), w.c.opts.StartTimeout+5*time.Second)
	if err != nil || line != "ready" {
		w.kill()
		return fmt.Errorf("%w: LibreOffice did not start: %q %v %s", convert.ErrUnavailable, line, err, stderr.String())
	}
	w.c.opts.Logger.Debug("libreoffice: worker started", "worker", w.id, "generation", w.generation)
	return nil
}

// convert runs one conversion on a started worker.
func (w *worker) convert(ctx context.Context, docx []byte, seq int64) ([]byte, error) {
	src := filepath.Join(w.dir(), "work", fmt.Sprintf("%d.docx", seq))
	dst := filepath.Join(w.dir(), "work", fmt.Sprintf("%d.pdf", seq))
	defer os.Remove(src)
	defer os.Remove(dst)
	if err := os.WriteFile(src, docx, 0o600); err != nil {
		return nil, fmt.Errorf("libreoffice: %w", err)
	}
	if _, err := fmt.Fprintf(w.in, "%s\t%s\n", src, dst); err != nil {
		w.kill()
		return nil, fmt.Errorf("%w: the converter process is gone: %w", convert.ErrConversion, err)
	}
	line, err := w.answer(ctx, w.c.opts.Timeout)
	switch {
	case errors.Is(err, convert.ErrTimeout) || ctx.Err() != nil:
		// The office may be stuck in the document: only a restart helps.
		w.kill()
		return nil, err
	case err != nil:
		w.kill()
		return nil, fmt.Errorf("%w: the converter process stopped: %w", convert.ErrConversion, err)
	case line == "ok":
		pdf, err := os.ReadFile(dst)
		if err != nil {
			return nil, fmt.Errorf("%w: no output: %w", convert.ErrConversion, err)
		}
		return pdf, nil
	}
	if !w.alive() {
		w.kill() // crashed during the conversion; restarted on next use
	}
	return nil, fmt.Errorf("%w: LibreOffice: %s", convert.ErrConversion, strings.TrimPrefix(line, "error "))
}

// answer reads one line from the bridge, for at most timeout or until ctx
// ends. A reader left behind by a timeout ends when kill closes the pipe.
func (w *worker) answer(ctx context.Context, timeout time.Duration) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	out := w.out
	go func() {
		line, err := out.ReadString('\n')
		ch <- result{strings.TrimRight(line, "\n"), err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.line, r.err
	case <-timer.C:
		w.kill()
		return "", fmt.Errorf("%w after %s; LibreOffice restarted", convert.ErrTimeout, timeout)
	case <-ctx.Done():
		w.kill()
		return "", fmt.Errorf("libreoffice: %w", ctx.Err())
	}
}

// kill ends the office and the bridge with their process groups (soffice
// forks soffice.bin) and waits for them.
func (w *worker) kill() {
	for _, cmd := range []*exec.Cmd{w.bridge, w.office} {
		if cmd != nil && cmd.Process != nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			w.c.track(cmd.Process.Pid, false)
		}
	}
	if w.in != nil {
		w.in.Close()
	}
	if w.bridge != nil && w.bridge.Process != nil {
		w.bridge.Wait()
	}
	if w.office != nil {
		<-w.officeDone
		// A killed office leaves its UNO pipe behind in the temporary
		// directory.
		os.Remove(filepath.Join(os.TempDir(), fmt.Sprintf("OSL_PIPE_%d_%s", os.Getuid(), w.pipe)))
	}
	w.office, w.bridge, w.in = nil, nil, nil
}

// track records (live) or forgets the process group pgid. It refuses to
// record one once Close has run: the caller must kill it.
func (c *Converter) track(pgid int, live bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !live {
		delete(c.groups, pgid)
		return true
	}
	if c.done {
		return false
	}
	c.groups[pgid] = true
	return true
}

// limitedWriter keeps the first n bytes written to it.
type limitedWriter struct {
	mu  sync.Mutex
	buf []byte
	n   int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k := min(len(p), l.n-len(l.buf)); k > 0 {
		l.buf = append(l.buf, p[:k]...)
	}
	return len(p), nil
}

func (l *limitedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.buf)
}
