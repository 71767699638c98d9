package documents

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"vanthu/documents/role"
)

// TestRegisterRows: the register lists issued documents in number order,
// hides a secret one from a reader without clearance although its row is
// kept in memory since it was issued, filters by year, and a second service
// reading the same archive cold gives the same rows as the one that issued.
func TestRegisterRows(t *testing.T) {
	dir := t.TempDir()
	s, arc := newTestServiceIn(t, dir, &failingSigner{})
	signer := WithActor(context.Background(), Actor{Name: "ký", Role: role.Signer, Clearance: 3})
	clerk := WithActor(context.Background(), Actor{Name: "văn thư", Role: role.Clerk})
	for i, doc := range []struct{ date, secrecy string }{
		{"2024-12-30", ""},
		{"2025-01-02", "TỐI MẬT"},
		{"2025-01-03", ""},
	} {
		req := noticeRequest(t, func(d map[string]any) {
			delete(d, "number")
			d["date"], d["secrecy"] = doc.date, doc.secrecy
			d["title"] = fmt.Sprintf("kết luận số %d", i+1)
		})
		if _, err := s.Create(signer, req); err != nil {
			t.Fatal(err)
		}
	}
	numbers := func(s *Service, ctx context.Context, p RegisterParams) []string {
		t.Helper()
		rows, err := s.Register(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Number+" "+r.Date)
		}
		return out
	}
	all := RegisterParams{Issuer: "TU", Type: "TB"}
	want := []string{"Số 01-TB/TU 30/12/2024", "Số 02-TB/TU 02/01/2025", "Số 03-TB/TU 03/01/2025"}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		p    RegisterParams
		want []string
	}{
		{"cleared", signer, all, want},
		{"cleared, again", signer, all, want},
		{"without clearance", clerk, all, []string{want[0], want[2]}},
		{"year 2025", signer, RegisterParams{Issuer: "TU", Type: "TB", Year: 2025}, want[1:]},
		{"year 2025 without clearance", clerk, RegisterParams{Issuer: "TU", Year: 2025}, want[2:]},
		{"another type", signer, RegisterParams{Issuer: "TU", Type: "BC"}, nil},
	} {
		if got := numbers(s, tc.ctx, tc.p); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}

	cold, err := New(Options{Archive: arc, Index: s.index, Templates: s.templates, Signer: &failingSigner{}})
	if err != nil {
		t.Fatal(err)
	}
	warmRows, _ := s.Register(signer, all)
	coldRows, err := cold.Register(signer, all)
	if err != nil || !reflect.DeepEqual(warmRows, coldRows) {
		t.Errorf("cold register differs from the warm one: %v\n%+v\n%+v", err, coldRows, warmRows)
	}
	if got := numbers(cold, clerk, all); !reflect.DeepEqual(got, []string{want[0], want[2]}) {
		t.Errorf("cold, without clearance: %q", got)
	}

	// An altered manifest leaves its row out (its secrecy can no longer be
	// trusted) and the rest of the register readable.
	tamperManifest(t, dir, warmRows[0].ID)
	fresh, err := New(Options{Archive: arc, Index: s.index, Templates: s.templates, Signer: &failingSigner{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(fresh, signer, all); !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("register with an altered manifest: %q, want %q", got, want[1:])
	}
}

// tamperManifest changes one byte of the newest manifest of document id in
// the file archive under dir.
func tamperManifest(t *testing.T, dir, id string) {
	t.Helper()
	var manifest string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(p, id) && strings.HasSuffix(p, "manifest.json") && p > manifest {
			manifest = p
		}
		return nil
	})
	if manifest == "" {
		t.Fatalf("no manifest of %s under %s", id, dir)
	}
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.Chmod(manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
