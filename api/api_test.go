package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/kind"
	"vanthu/templates"
)

func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct{ name, ascii string }{
		{"Thông báo 167-TB-TU.docx", `filename="Thong bao 167-TB-TU.docx"`},
		{"Đề án 05-ĐA-TU.docx", `filename="De an 05-DA-TU.docx"`},
		{`a"b\c.docx`, `filename="a_b_c.docx"`},
	} {
		h := contentDisposition(tc.name)
		if !strings.HasPrefix(h, "attachment; "+tc.ascii) {
			t.Errorf("%q: %s", tc.name, h)
		}
		if strings.ContainsAny(tc.name, `"\`) {
			continue // no UTF-8 form needed; the fallback replaced them
		}
		_, params, err := mime.ParseMediaType(h)
		if err != nil || params["filename"] != tc.name {
			t.Errorf("%q does not round-trip: %v %v", tc.name, params, err)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	var v struct {
		Template string `json:"template"`
		Issue    bool   `json:"issue"`
	}
	for _, tc := range []struct {
		body   string
		status int
		field  string
	}{
		{`{`, 400, ""},
		{`[]`, 422, "body"},
		{`[`, 400, ""},
		{`{"template": 5}`, 422, "template"},
		{`{"issue": "yes"}`, 422, "issue"},
		{`{"other": 1}`, 422, "other"},
		{``, 400, ""},
	} {
		dec := json.NewDecoder(strings.NewReader(tc.body))
		dec.DisallowUnknownFields()
		err := dec.Decode(&v)
		if err == nil {
			t.Fatalf("%q decoded", tc.body)
		}
		he := jsonError(err)
		if he.Status != tc.status {
			t.Errorf("%q: status %d, want %d (%s)", tc.body, he.Status, tc.status, he.Message)
		}
		if tc.field != "" && (len(he.Fields) != 1 || he.Fields[0].Path != tc.field) {
			t.Errorf("%q: fields %v, want %s", tc.body, he.Fields, tc.field)
		}
	}
	mbe := &http.MaxBytesError{Limit: 10}
	if he := jsonError(fmt.Errorf("read: %w", mbe)); he.Status != 413 {
		t.Errorf("max bytes: %d", he.Status)
	}
}

func TestErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
	}{
		{&kind.ValidationError{Fields: []templates.FieldError{{Path: "data.date", Message: "x"}}}, 422},
		{&documents.ConflictError{Message: "issued"}, 409},
		{fmt.Errorf("get: %w", documents.ErrNotFound), 404},
		{fmt.Errorf("get: %w", archive.ErrNotFound), 404},
		{fmt.Errorf("x: %w", documents.ErrForbidden), 403},
		{fmt.Errorf("x: %w", templates.ErrBuiltin), 409},
		{fmt.Errorf("x: %w", templates.ErrInvalidTemplate), 422},
		{fmt.Errorf("x: %w", archive.ErrCorrupt), 500},
		{fmt.Errorf("x: %w", archive.ErrUnavailable), 503},
		{fmt.Errorf("issue: %w: %w", documents.ErrPending, fmt.Errorf("manifest: %w", archive.ErrUnavailable)), 503},
		// A retried upload whose checksum the server computed differently
		// comes from the driver as unavailable, never as corrupt.
		{fmt.Errorf("create: %w: x-amz-checksum header does not match", archive.ErrUnavailable), 503},
		{errors.New("disk on fire"), 500},
	} {
		he := toHTTP(tc.err)
		if errors.Is(tc.err, documents.ErrPending) && he.Code != "issuing_pending" {
			t.Errorf("%v: code %q, want issuing_pending", tc.err, he.Code)
		}
		if he.Status != tc.status {
			t.Errorf("%v: %d, want %d", tc.err, he.Status, tc.status)
		}
		if he.Status == 500 && strings.Contains(he.Message, "fire") {
			t.Errorf("internal detail leaked: %s", he.Message)
		}
	}
}

func TestTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	tok, err := AddToken(path, "Nguyễn Văn A", "clerk", "MẬT")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), tok) {
		t.Fatal("the token itself is stored")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	ts, err := LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := ts.Lookup(tok)
	if !ok || a.Name != "Nguyễn Văn A" || a.Role != "clerk" || a.Clearance != 1 {
		t.Errorf("lookup: %v %v", a, ok)
	}
	for _, bad := range []string{"", tok + "x", tok[:len(tok)-1], "vt_"} {
		if _, ok := ts.Lookup(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	// A token added later works without reloading by hand.
	time.Sleep(10 * time.Millisecond)
	tok2, err := AddToken(path, "Trần Thị B", "signer", "")
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := ts.Lookup(tok2); !ok || a.Role != "signer" {
		t.Errorf("new token not picked up: %v %v", a, ok)
	}
	for _, tc := range []struct{ name, role, clearance string }{
		{"x", "boss", ""},
		{"x", "clerk", "BÍ MẬT"},
		{"Nguyễn Văn A", "admin", "MẬT"}, // same person, other rights
		{"Nguyễn Văn A", "clerk", ""},
		{"", "clerk", ""},
	} {
		if _, err := AddToken(path, tc.name, tc.role, tc.clearance); err == nil {
			t.Errorf("%v accepted", tc)
		}
	}
	// A second token for the same person with the same rights is fine.
	if _, err := AddToken(path, "Nguyễn Văn A", "clerk", "MẬT"); err != nil {
		t.Errorf("second token for the same person: %v", err)
	}
}
