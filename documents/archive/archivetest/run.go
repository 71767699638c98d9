package archivetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"vanthu/documents/archive"
)

// Run runs the conformance suite. newArchive must return a fresh, empty
// archive each time it is called and arrange for it to be closed when t ends.
func Run(t *testing.T, newArchive func(t *testing.T) archive.Archive) {
	t.Helper()
	for _, tc := range []struct {
		name string
		test func(t *testing.T, a archive.Archive)
	}{
		{"CreateAndRead", testCreateAndRead},
		{"CreateExisting", testCreateExisting},
		{"ConcurrentCreate", testConcurrentCreate},
		{"NotFound", testNotFound},
		{"InvalidKey", testInvalidKey},
		{"Walk", testWalk},
		{"WalkStops", testWalkStops},
		{"Delete", testDelete},
		{"DeleteProtected", testDeleteProtected},
		{"ContextCanceled", testContextCanceled},
		{"LargeObject", testLargeObject},
		{"Faults", testFaults},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.test(t, newArchive(t))
		})
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// mustCreate creates key with data and checks the returned ObjectInfo.
func mustCreate(t *testing.T, a archive.Archive, key string, data []byte, opts archive.CreateOptions) archive.ObjectInfo {
	t.Helper()
	info, err := a.Create(t.Context(), key, data, opts)
	if err != nil {
		t.Fatalf("Create(%q): %v", key, err)
	}
	if info.Key != key || info.Size != int64(len(data)) || info.SHA256 != sha256Hex(data) {
		t.Fatalf("Create(%q) = %+v, want key %q, size %d, sha256 %s", key, info, key, len(data), sha256Hex(data))
	}
	return info
}

// mustRead reads key whole and compares it with want.
func mustRead(t *testing.T, a archive.Archive, key string, want []byte) archive.ObjectInfo {
	t.Helper()
	got, info, err := archive.ReadAll(t.Context(), a, key)
	if err != nil {
		t.Fatalf("ReadAll(%q): %v", key, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("ReadAll(%q) = %d bytes (sha256 %s), want %d bytes (sha256 %s)",
			key, len(got), sha256Hex(got), len(want), sha256Hex(want))
	}
	if info.SHA256 != sha256Hex(want) || info.Size != int64(len(want)) {
		t.Fatalf("Open(%q) info = %+v, want sha256 %s, size %d", key, info, sha256Hex(want), len(want))
	}
	// Open and Stat describe the same version alike.
	st, err := a.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", key, err)
	}
	if st != info {
		t.Fatalf("Open(%q) info = %+v, Stat = %+v", key, info, st)
	}
	return info
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

func testCreateAndRead(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	for _, tc := range []struct {
		key  string
		data []byte
		opts archive.CreateOptions
	}{
		{"docs/3f2a/r1/document.docx", []byte("PK\x03\x04 Nghị quyết số 01-NQ/ĐU"), archive.CreateOptions{ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}},
		{"docs/3f2a/r1/manifest.json", []byte(`{"id":"3f2a"}`), archive.CreateOptions{ContentType: "application/json", Protect: true}},
		{"empty", nil, archive.CreateOptions{}},
		{"a/b/c/d/e/f/g/h", []byte("eight segments"), archive.CreateOptions{}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			before := time.Now()
			info := mustCreate(t, a, tc.key, tc.data, tc.opts)
			if info.Protected != tc.opts.Protect {
				t.Errorf("Create: Protected = %v, want %v", info.Protected, tc.opts.Protect)
			}
			if d := info.Created.Sub(before); d < -time.Minute || d > time.Minute {
				t.Errorf("Create: Created = %v, want about %v", info.Created, before)
			}
			mustRead(t, a, tc.key, tc.data)
			st, err := a.Stat(ctx, tc.key)
			if err != nil {
				t.Fatalf("Stat: %v", err)
			}
			if st.Key != tc.key || st.Size != info.Size || st.SHA256 != info.SHA256 ||
				st.VersionID != info.VersionID || st.Protected != tc.opts.Protect {
				t.Errorf("Stat = %+v, want it to match Create's %+v", st, info)
			}
			if d := st.Created.Sub(info.Created); d < -2*time.Second || d > 2*time.Second {
				t.Errorf("Stat: Created = %v, Create said %v", st.Created, info.Created)
			}
		})
	}
}

func testCreateExisting(t *testing.T, a archive.Archive) {
	for _, protect := range []bool{false, true} {
		t.Run(fmt.Sprintf("protect=%v", protect), func(t *testing.T) {
			key := fmt.Sprintf("docs/x/protect-%v.docx", protect)
			orig := []byte("original content")
			info := mustCreate(t, a, key, orig, archive.CreateOptions{Protect: protect})
			_, err := a.Create(t.Context(), key, []byte("replacement"), archive.CreateOptions{})
			wantErr(t, "second Create", err, archive.ErrExists)
			got := mustRead(t, a, key, orig)
			if got.VersionID != info.VersionID {
				t.Errorf("version changed from %q to %q", info.VersionID, got.VersionID)
			}
		})
	}
}

func testConcurrentCreate(t *testing.T, a archive.Archive) {
	const n = 20
	const key = "docs/race/r1/document.docx"
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		errs    = make([]error, n)
		payload = make([][]byte, n)
	)
	for i := range n {
		payload[i] = fmt.Appendf(nil, "writer %d", i)
		wg.Go(func() {
			<-start
			_, errs[i] = a.Create(t.Context(), key, payload[i], archive.CreateOptions{})
		})
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("writers %d and %d both created %q", winner, i, key)
		case err == nil:
			winner = i
		case !errors.Is(err, archive.ErrExists):
			t.Errorf("writer %d: got %v, want ErrExists", i, err)
		}
	}
	if winner < 0 {
		t.Fatalf("no writer created %q", key)
	}
	mustRead(t, a, key, payload[winner])
}

func testNotFound(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	mustCreate(t, a, "docs/present/file", []byte("x"), archive.CreateOptions{})
	for _, key := range []string{"missing", "docs/present", "docs/present/file/child", "docs/present/fil"} {
		t.Run(key, func(t *testing.T) {
			_, _, err := a.Open(ctx, key)
			wantErr(t, "Open", err, archive.ErrNotFound)
			_, err = a.Stat(ctx, key)
			wantErr(t, "Stat", err, archive.ErrNotFound)
			wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrNotFound)
		})
	}
}

func testInvalidKey(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	for _, key := range []string{
		"", "../x", "/abs", "a//b", "A", "a/../b", ".hidden", "a/.hidden", "a/b/c/d/e/f/g/h/i",
		`a\b`, "a/", "a b", "a/./b", "ü", "a\x00b", strings.Repeat("x", 129),
	} {
		t.Run(fmt.Sprintf("%q", key), func(t *testing.T) {
			_, err := a.Create(ctx, key, []byte("x"), archive.CreateOptions{})
			wantErr(t, "Create", err, archive.ErrInvalidKey)
			_, _, err = a.Open(ctx, key)
			wantErr(t, "Open", err, archive.ErrInvalidKey)
			_, err = a.Stat(ctx, key)
			wantErr(t, "Stat", err, archive.ErrInvalidKey)
			wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrInvalidKey)
		})
	}
	var n int
	if err := a.Walk(ctx, "", func(archive.ObjectInfo) error { n++; return nil }); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if n != 0 {
		t.Errorf("invalid keys left %d objects behind", n)
	}
}

func testWalk(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	// Created out of order; '-' and '.' sort before '/', so "w/a-b" and
	// "w/a.c" come before everything under "w/a/".
	data := map[string][]byte{}
	for _, key := range []string{"w/c/d/e", "x/y", "w/a/b", "w/b", "w/a.c", "w/a-b", "w/a/b2", "v"} {
		data[key] = []byte("content of " + key)
		mustCreate(t, a, key, data[key], archive.CreateOptions{Protect: key == "w/b"})
	}
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", []string{"v", "w/a-b", "w/a.c", "w/a/b", "w/a/b2", "w/b", "w/c/d/e", "x/y"}},
		{"w/", []string{"w/a-b", "w/a.c", "w/a/b", "w/a/b2", "w/b", "w/c/d/e"}},
		{"w/a", []string{"w/a-b", "w/a.c", "w/a/b", "w/a/b2"}},
		{"w/a/", []string{"w/a/b", "w/a/b2"}},
		{"w/a/b", []string{"w/a/b", "w/a/b2"}},
		{"w/c/d/e", []string{"w/c/d/e"}},
		{"w/c/d/e/", nil},
		{"w/c/d/e/f/", nil},
		{"w/c/", []string{"w/c/d/e"}},
		{"nothing/", nil},
		{"nothing/deeper/", nil},
		{"W/", nil},
		{"w//", nil},
		{"../w/", nil},
	} {
		t.Run(fmt.Sprintf("%q", tc.prefix), func(t *testing.T) {
			var got []string
			err := a.Walk(ctx, tc.prefix, func(info archive.ObjectInfo) error {
				got = append(got, info.Key)
				want := data[info.Key]
				if info.Size != int64(len(want)) || info.SHA256 != sha256Hex(want) {
					t.Errorf("Walk: %+v, want size %d, sha256 %s", info, len(want), sha256Hex(want))
				}
				if info.Protected != (info.Key == "w/b") {
					t.Errorf("Walk: %s Protected = %v", info.Key, info.Protected)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("Walk(%q) = %q, want %q", tc.prefix, got, tc.want)
			}
			var keys []string
			if err := a.Keys(ctx, tc.prefix, func(key string) error {
				keys = append(keys, key)
				return nil
			}); err != nil {
				t.Fatalf("Keys: %v", err)
			}
			if strings.Join(keys, " ") != strings.Join(tc.want, " ") {
				t.Errorf("Keys(%q) = %q, want %q", tc.prefix, keys, tc.want)
			}
		})
	}
}

func testWalkStops(t *testing.T, a archive.Archive) {
	for _, key := range []string{"s/1", "s/2", "s/3"} {
		mustCreate(t, a, key, []byte(key), archive.CreateOptions{})
	}
	stop := errors.New("stop")
	var n int
	err := a.Walk(t.Context(), "s/", func(archive.ObjectInfo) error {
		n++
		return stop
	})
	wantErr(t, "Walk", err, stop)
	if n != 1 {
		t.Errorf("fn called %d times after returning an error, want 1", n)
	}
	n = 0
	err = a.Keys(t.Context(), "s/", func(string) error {
		n++
		return stop
	})
	wantErr(t, "Keys", err, stop)
	if n != 1 {
		t.Errorf("Keys: fn called %d times after returning an error, want 1", n)
	}
}

func testDelete(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	const key = "drafts/d1/document.docx"
	mustCreate(t, a, key, []byte("draft 1"), archive.CreateOptions{})
	mustCreate(t, a, "drafts/d1/other", []byte("stays"), archive.CreateOptions{})
	if err := a.Delete(ctx, key); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	_, err := a.Stat(ctx, key)
	wantErr(t, "Stat after Delete", err, archive.ErrNotFound)
	_, _, err = a.Open(ctx, key)
	wantErr(t, "Open after Delete", err, archive.ErrNotFound)
	wantErr(t, "second Delete", a.Delete(ctx, key), archive.ErrNotFound)
	mustRead(t, a, "drafts/d1/other", []byte("stays"))

	// The key is free again once the object is gone.
	mustCreate(t, a, key, []byte("draft 2"), archive.CreateOptions{})
	mustRead(t, a, key, []byte("draft 2"))
}

func testDeleteProtected(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	const key = "docs/p/r1/document.docx"
	data := []byte("issued document")
	mustCreate(t, a, key, data, archive.CreateOptions{Protect: true})
	wantErr(t, "Delete", a.Delete(ctx, key), archive.ErrProtected)
	info := mustRead(t, a, key, data)
	if !info.Protected {
		t.Errorf("Open: Protected = false after Create with Protect")
	}
	_, err := a.Create(ctx, key, []byte("altered"), archive.CreateOptions{})
	wantErr(t, "Create over a protected object", err, archive.ErrExists)
	mustRead(t, a, key, data)
}

func testContextCanceled(t *testing.T, a archive.Archive) {
	const key = "docs/c/r1/document.docx"
	data := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	mustCreate(t, a, key, data, archive.CreateOptions{})

	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := a.Create(canceled, "docs/c/r1/new", []byte("x"), archive.CreateOptions{})
	wantErr(t, "Create", err, context.Canceled)
	_, err = a.Stat(t.Context(), "docs/c/r1/new")
	wantErr(t, "Stat after a cancelled Create", err, archive.ErrNotFound)
	_, _, err = a.Open(canceled, key)
	wantErr(t, "Open", err, context.Canceled)
	_, err = a.Stat(canceled, key)
	wantErr(t, "Stat", err, context.Canceled)
	wantErr(t, "Delete", a.Delete(canceled, key), context.Canceled)
	wantErr(t, "Walk", a.Walk(canceled, "", func(archive.ObjectInfo) error { return nil }), context.Canceled)
	wantErr(t, "Keys", a.Keys(canceled, "", func(string) error { return nil }), context.Canceled)
	mustRead(t, a, key, data)

	// Cancelling during a read stops the read.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	rc, _, err := a.Open(ctx, key)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rc.Close()
	if _, err := io.ReadFull(rc, make([]byte, 1024)); err != nil {
		t.Fatalf("first read: %v", err)
	}
	cancel()
	_, err = io.ReadAll(rc)
	wantErr(t, "read after cancel", err, context.Canceled)
}

func testLargeObject(t *testing.T, a archive.Archive) {
	data := make([]byte, 5<<20+123)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	const key = "docs/large/r1/scan.pdf"
	mustCreate(t, a, key, data, archive.CreateOptions{Protect: true})
	mustRead(t, a, key, data)
}

// testFaults checks what the fault wrappers leave in the driver, which the
// issuing path relies on to prove that no outcome is guessed: a write
// whose answer is lost is stored and reads back with its checksum (a
// retry then finds it), a write refused before writing stores nothing.
func testFaults(t *testing.T, a archive.Archive) {
	ctx := t.Context()
	all := func(string) bool { return true }
	data := []byte(`{"id":"lost answer"}`)
	after := NewFaulty(a, Fault{Match: all, AfterWrite: true, Times: 1})
	_, err := after.Create(ctx, "register/tu/tb/2025-10-20/000007", data, archive.CreateOptions{})
	wantErr(t, "Create with a lost answer", err, archive.ErrUnavailable)
	mustRead(t, a, "register/tu/tb/2025-10-20/000007", data)
	_, err = after.Create(ctx, "register/tu/tb/2025-10-20/000007", data, archive.CreateOptions{})
	wantErr(t, "the retry", err, archive.ErrExists)

	before := NewFaulty(a, Fault{Match: all})
	_, err = before.Create(ctx, "docs/f/r0001/manifest.json", data, archive.CreateOptions{Protect: true})
	wantErr(t, "Create refused before writing", err, archive.ErrUnavailable)
	_, err = a.Stat(ctx, "docs/f/r0001/manifest.json")
	wantErr(t, "Stat after a refused write", err, archive.ErrNotFound)
	if before.Injected != 1 || after.Injected != 1 {
		t.Errorf("faults injected: %d and %d, want 1 each", after.Injected, before.Injected)
	}
}
