package fsarchive_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/archivetest"
	"vanthu/documents/archive/fsarchive"
)

func open(t *testing.T, root string) *fsarchive.Archive {
	t.Helper()
	a, err := fsarchive.Open(root)
	if err != nil {
		t.Fatalf("Open(%q): %v", root, err)
	}
	t.Cleanup(func() {
		if err := a.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return a
}

func TestConformance(t *testing.T) {
	archivetest.Run(t, func(t *testing.T) archive.Archive {
		return open(t, t.TempDir())
	})
}

func TestLayout(t *testing.T) {
	root := t.TempDir()
	a := open(t, root)
	info, err := a.Create(t.Context(), "docs/l/r1/document.docx", []byte("hello"), archive.CreateOptions{Protect: true})
	if err != nil {
		t.Fatal(err)
	}
	unprotected, err := a.Create(t.Context(), "docs/l/r1/draft", []byte("draft"), archive.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		mode os.FileMode
		want string // content; "" skips the check
	}{
		{"objects/docs/l/r1/document.docx", 0o444, "hello"},
		{"sums/docs/l/r1/document.docx.sha256", 0o444, info.SHA256 + "  docs/l/r1/document.docx\n"},
		{"objects/docs/l/r1/draft", 0o644, "draft"},
		{"sums/docs/l/r1/draft.sha256", 0o644, unprotected.SHA256 + "  docs/l/r1/draft\n"},
		{"objects/docs/l/r1", os.ModeDir | 0o755, ""},
		{"sums/docs/l", os.ModeDir | 0o755, ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			p := filepath.Join(root, tc.path)
			fi, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			mode := fi.Mode()
			if mode.IsDir() {
				mode |= tc.mode & 0o077 // directories follow the umask
			}
			if mode != tc.mode {
				t.Errorf("mode = %v, want %v", fi.Mode(), tc.mode)
			}
			if tc.want != "" {
				if b, err := os.ReadFile(p); err != nil || string(b) != tc.want {
					t.Errorf("content = %q, %v; want %q", b, err, tc.want)
				}
			}
		})
	}
	// No temporary files are left behind.
	matches, _ := filepath.Glob(filepath.Join(root, "*", "docs", "l", "r1", ".tmp-*"))
	if len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestTamper(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, object, sum string)
	}{
		{"flip a byte", func(t *testing.T, object, _ string) {
			b := readFile(t, object)
			b[3] ^= 0x01
			writeFile(t, object, b)
		}},
		{"truncate", func(t *testing.T, object, _ string) {
			writeFile(t, object, readFile(t, object)[:5])
		}},
		{"append", func(t *testing.T, object, _ string) {
			writeFile(t, object, append(readFile(t, object), '!'))
		}},
		{"replace the checksum", func(t *testing.T, _, sum string) {
			writeFile(t, sum, []byte("0000000000000000000000000000000000000000000000000000000000000000  docs/t/a\n"))
		}},
		{"garble the checksum file", func(t *testing.T, _, sum string) {
			writeFile(t, sum, []byte("not a checksum\n"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root)
			const key = "docs/t/a"
			if _, err := a.Create(t.Context(), key, []byte("Quyết định số 12-QĐ/TU"), archive.CreateOptions{Protect: true}); err != nil {
				t.Fatal(err)
			}
			tc.tamper(t, filepath.Join(root, "objects", key), filepath.Join(root, "sums", key+".sha256"))
			_, _, err := archive.ReadAll(t.Context(), a, key)
			if !errors.Is(err, archive.ErrCorrupt) {
				t.Fatalf("ReadAll after tampering: got %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestMissingChecksum covers a crash between linking the object and
// renaming its checksum file into place: the content is still readable and
// its hash is computed.
func TestMissingChecksum(t *testing.T) {
	root := t.TempDir()
	a := open(t, root)
	const key = "docs/m/a"
	info, err := a.Create(t.Context(), key, []byte("content"), archive.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "sums", key+".sha256")); err != nil {
		t.Fatal(err)
	}
	got, st, err := archive.ReadAll(t.Context(), a, key)
	if err != nil || string(got) != "content" || st.SHA256 != info.SHA256 {
		t.Fatalf("ReadAll = %q, %+v, %v; want content with sha256 %s", got, st, err, info.SHA256)
	}
}

func TestPathEscape(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret"), []byte("outside the archive"))
	a := open(t, root)
	// A planted symbolic link inside the tree, to a directory and to a file.
	if err := os.MkdirAll(filepath.Join(root, "objects", "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "objects", "docs", "evil")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "objects", "docs", "link")); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, key := range []string{"docs/evil/secret", "docs/evil/new", "docs/link"} {
		t.Run(key, func(t *testing.T) {
			_, err := a.Create(ctx, key, []byte("x"), archive.CreateOptions{})
			wantInvalid(t, "Create", err)
			_, _, err = a.Open(ctx, key)
			wantInvalid(t, "Open", err)
			_, err = a.Stat(ctx, key)
			wantInvalid(t, "Stat", err)
			wantInvalid(t, "Delete", a.Delete(ctx, key))
		})
	}
	entries, err := os.ReadDir(outside)
	if err != nil || len(entries) != 1 {
		t.Errorf("directory outside the archive changed: %v, %v", entries, err)
	}
	if b := readFile(t, filepath.Join(outside, "secret")); string(b) != "outside the archive" {
		t.Errorf("file outside the archive changed: %q", b)
	}
	// Walk does not follow the links either.
	err = a.Walk(ctx, "", func(info archive.ObjectInfo) error {
		t.Errorf("Walk visited %q", info.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
}

// TestConcurrentInstances creates one key from several Archive values over
// the same root, as separate services on one host would.
func TestConcurrentInstances(t *testing.T) {
	root := t.TempDir()
	const n = 8
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
	)
	for i := range n {
		a := open(t, root)
		wg.Go(func() {
			<-start
			_, errs[i] = a.Create(t.Context(), "docs/i/a", fmt.Appendf(nil, "instance %d", i), archive.CreateOptions{})
		})
	}
	close(start)
	wg.Wait()
	var won int
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, archive.ErrExists):
			t.Errorf("instance %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d instances created the key, want 1", won)
	}
}

const (
	helperRootEnv  = "FSARCHIVE_HELPER_ROOT"
	helperIndexEnv = "FSARCHIVE_HELPER_INDEX"
	helperStartEnv = "FSARCHIVE_HELPER_START"
	exitExists     = 3
)

// TestConcurrentProcesses creates one key from several processes at the same
// moment: exactly one may win.
func TestConcurrentProcesses(t *testing.T) {
	root := t.TempDir()
	const n = 6
	start := time.Now().Add(500 * time.Millisecond).UnixNano()
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessCreate$")
		cmd.Env = append(os.Environ(),
			helperRootEnv+"="+root,
			helperIndexEnv+"="+strconv.Itoa(i),
			helperStartEnv+"="+strconv.FormatInt(start, 10))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	var won, lost int
	for i, cmd := range cmds {
		err := cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			won++
		case errors.As(err, &ee) && ee.ExitCode() == exitExists:
			lost++
		default:
			t.Errorf("process %d: %v", i, err)
		}
	}
	if won != 1 || lost != n-1 {
		t.Errorf("%d processes won and %d got ErrExists, want 1 and %d", won, lost, n-1)
	}
	a := open(t, root)
	if _, _, err := archive.ReadAll(t.Context(), a, "docs/proc/a"); err != nil {
		t.Errorf("ReadAll: %v", err)
	}
}

// TestHelperProcessCreate is the child of TestConcurrentProcesses; it does
// nothing in a normal run.
func TestHelperProcessCreate(t *testing.T) {
	root := os.Getenv(helperRootEnv)
	if root == "" {
		return
	}
	startNano, _ := strconv.ParseInt(os.Getenv(helperStartEnv), 10, 64)
	a, err := fsarchive.Open(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	time.Sleep(time.Until(time.Unix(0, startNano)))
	_, err = a.Create(t.Context(), "docs/proc/a", []byte("process "+os.Getenv(helperIndexEnv)), archive.CreateOptions{})
	switch {
	case err == nil:
		os.Exit(0)
	case errors.Is(err, archive.ErrExists):
		os.Exit(exitExists)
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func TestOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, []byte("x"))
	for _, root := range []string{"", file} {
		if a, err := fsarchive.Open(root); err == nil {
			a.Close()
			t.Errorf("Open(%q) succeeded", root)
		}
	}
}

func TestKeyConflict(t *testing.T) {
	a := open(t, t.TempDir())
	ctx := t.Context()
	if _, err := a.Create(ctx, "a/b", []byte("x"), archive.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"a", "a/b/c"} {
		_, err := a.Create(ctx, key, []byte("y"), archive.CreateOptions{})
		if err == nil || errors.Is(err, archive.ErrExists) {
			t.Errorf("Create(%q) = %v, want a conflict error that is not ErrExists", key, err)
		}
	}
}

func wantInvalid(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, archive.ErrInvalidKey) {
		t.Errorf("%s: got %v, want ErrInvalidKey", what, err)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile overwrites name even when it is read-only, as someone with
// write access to the directory could.
func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.Chmod(name, 0o644); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
