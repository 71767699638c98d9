package libreoffice

import (
	"context"
	"errors"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"vanthu/documents/convert"
	"vanthu/documents/convert/converttest"
)

// profiles is shared by the tests, which run one after the other: an
// office's first start creates its profile, which takes far longer than
// later starts.
var profiles string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vanthu-lo-test-")
	if err != nil {
		panic(err)
	}
	profiles = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func open(t testing.TB, opts Options) *Converter {
	t.Helper()
	converttest.RequireTools(t, "soffice")
	opts.Dir = profiles
	c, err := Open(opts)
	if errors.Is(err, convert.ErrUnavailable) && os.Getenv("CI") != "true" {
		t.Skipf("%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestConformance runs the shared driver checks on two warm workers.
func TestConformance(t *testing.T) {
	converttest.Run(t, open(t, Options{Workers: 2}))
}

// takeWorker returns a started worker out of the pool, for the caller to
// break; put it back with c.slots <- w.
func takeWorker(t *testing.T, c *Converter) *worker {
	t.Helper()
	w := <-c.slots
	if !w.alive() {
		if err := w.start(); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestRestartAfterCrash kills the office of the only worker, as a crash
// would: the next conversion starts a new one and succeeds.
func TestRestartAfterCrash(t *testing.T) {
	c := open(t, Options{Workers: 1})
	docx := converttest.Examples(t)[0].DOCX
	w := takeWorker(t, c)
	gen := w.generation
	syscall.Kill(-w.office.Process.Pid, syscall.SIGKILL)
	<-w.officeDone
	c.slots <- w
	pdf, err := c.ConvertDOCX(context.Background(), docx)
	if err != nil {
		t.Fatalf("conversion after a crash: %v", err)
	}
	converttest.CheckPDFA(t, pdf)
	if w.generation != gen+1 {
		t.Errorf("worker generation %d, want %d (one restart)", w.generation, gen+1)
	}
}

// TestRestartAfterHang freezes the office (SIGSTOP), so the conversion hangs
// for real: it fails with ErrTimeout, and the next one runs on a restarted
// office.
func TestRestartAfterHang(t *testing.T) {
	c := open(t, Options{Workers: 1, Timeout: 3 * time.Second})
	docx := converttest.Examples(t)[0].DOCX
	w := takeWorker(t, c)
	gen := w.generation
	syscall.Kill(-w.office.Process.Pid, syscall.SIGSTOP)
	c.slots <- w
	if _, err := c.ConvertDOCX(context.Background(), docx); !errors.Is(err, convert.ErrTimeout) {
		t.Fatalf("conversion on a frozen office: got %v, want ErrTimeout", err)
	}
	c.opts.Timeout = time.Minute // the restarted office may be slow to load its first document
	pdf, err := c.ConvertDOCX(context.Background(), docx)
	if err != nil {
		t.Fatalf("conversion after the hang: %v", err)
	}
	converttest.CheckPDFA(t, pdf)
	if w.generation != gen+1 {
		t.Errorf("worker generation %d, want %d (one restart)", w.generation, gen+1)
	}
}

// TestConcurrencyLimit runs six conversions at once on two workers: all
// succeed, and no more than two offices were ever started.
func TestConcurrencyLimit(t *testing.T) {
	c := open(t, Options{Workers: 2})
	docx := converttest.Examples(t)[0].DOCX
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.ConvertDOCX(context.Background(), docx) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("conversion %d: %v", i, err)
		}
	}
	c.mu.Lock()
	groups := len(c.groups)
	c.mu.Unlock()
	if groups != 4 { // an office and a bridge per worker
		t.Errorf("%d process groups running, want 4 (2 workers)", groups)
	}
}

// TestClose ends the processes and refuses later conversions.
func TestClose(t *testing.T) {
	c := open(t, Options{Workers: 1})
	docx := converttest.Examples(t)[0].DOCX
	if _, err := c.ConvertDOCX(context.Background(), docx); err != nil {
		t.Fatal(err)
	}
	w := <-c.slots
	pid := w.office.Process.Pid
	c.slots <- w
	c.Close()
	<-w.officeDone
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("office %d still running after Close: %v", pid, err)
	}
	if _, err := c.ConvertDOCX(context.Background(), docx); !errors.Is(err, convert.ErrUnavailable) {
		t.Errorf("conversion after Close: got %v, want ErrUnavailable", err)
	}
}

// TestRelativeDirectory opens the converter in a relative directory, as
// `vanthu serve` does with its default data directory ./data: the office's
// profile URL must still name an absolute path, or the office never opens
// its pipe and every conversion fails.
func TestRelativeDirectory(t *testing.T) {
	converttest.RequireTools(t, "soffice")
	t.Chdir(t.TempDir())
	c, err := Open(Options{Workers: 1, Dir: "data/libreoffice"})
	if errors.Is(err, convert.ErrUnavailable) && os.Getenv("CI") != "true" {
		t.Skipf("%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pdf, err := c.ConvertDOCX(context.Background(), converttest.Examples(t)[0].DOCX)
	if err != nil {
		t.Fatalf("conversion with a relative directory: %v", err)
	}
	converttest.CheckPDFA(t, pdf)
}
