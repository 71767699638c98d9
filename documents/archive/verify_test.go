package archive_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"vanthu/documents/archive"
)

func TestVerifyingReader(t *testing.T) {
	const content = "Chỉ thị số 05-CT/TW"
	sum := sha256.Sum256([]byte(content))
	good := hex.EncodeToString(sum[:])
	readErr := errors.New("disk on fire")
	for _, tc := range []struct {
		name string
		r    io.Reader
		want string
		err  error // nil: success
	}{
		{"match", strings.NewReader(content), good, nil},
		{"one byte at a time", iotest.OneByteReader(strings.NewReader(content)), good, nil},
		{"data and EOF together", iotest.DataErrReader(strings.NewReader(content)), good, nil},
		{"mismatch", strings.NewReader(content + "!"), good, archive.ErrCorrupt},
		{"truncated", strings.NewReader(content[:4]), good, archive.ErrCorrupt},
		{"read error passes through", io.MultiReader(strings.NewReader(content), iotest.ErrReader(readErr)), good, readErr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := archive.NewVerifyingReader(t.Context(), io.NopCloser(tc.r), tc.want)
			defer rc.Close()
			_, err := io.ReadAll(rc)
			if tc.err == nil {
				if err != nil {
					t.Fatalf("ReadAll: %v", err)
				}
				if n, err := rc.Read(make([]byte, 1)); n != 0 || err != io.EOF {
					t.Errorf("Read after EOF = %d, %v; want 0, EOF", n, err)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("ReadAll: got %v, want %v", err, tc.err)
			}
			if _, again := rc.Read(make([]byte, 1)); !errors.Is(again, tc.err) {
				t.Errorf("Read after the error = %v, want the same error", again)
			}
		})
	}
}

func TestVerifyingReaderCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rc := archive.NewVerifyingReader(ctx, io.NopCloser(strings.NewReader("x")), "")
	if _, err := io.ReadAll(rc); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadAll: got %v, want context.Canceled", err)
	}
}
