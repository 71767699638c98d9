package secrecy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/api"
	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/audit"
	"vanthu/documents/record"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
	"vanthu/web/account"
)

// The files in testdata were written by the build before marks, levels and
// roles were typed (strings in records, tokens and accounts, integers in
// audit events, roles as strings); decoding and encoding them again must
// give the same bytes.

func TestStoredBytesUnchanged(t *testing.T) {
	indent := func(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
	for _, tc := range []struct {
		file   string
		value  func() any
		encode func(any) ([]byte, error)
		level  func(any) secrecy.Level
		want   secrecy.Level
		role   func(any) role.Role // nil: the file has no role
		wantR  role.Role
	}{
		{"manifest-secret.json", func() any { return new(record.Record) }, indent,
			func(v any) secrecy.Level { return v.(*record.Record).Secrecy.Level() }, secrecy.ToiMat, nil, ""},
		{"manifest-public.json", func() any { return new(record.Record) }, indent,
			func(v any) secrecy.Level { return v.(*record.Record).Secrecy.Level() }, secrecy.None, nil, ""},
		{"manifest-lowercase.json", func() any { return new(record.Record) }, indent,
			func(v any) secrecy.Level { return v.(*record.Record).Secrecy.Level() }, secrecy.Mat, nil, ""},
		{"tokens.json", func() any { return new(api.TokenFile) }, indent,
			func(v any) secrecy.Level { return v.(*api.TokenFile).Tokens[0].Clearance.Level() }, secrecy.TuyetMat,
			func(v any) role.Role { return v.(*api.TokenFile).Tokens[1].Role }, role.Clerk},
		{"account-secret.json", func() any { return new(account.User) }, indent,
			func(v any) secrecy.Level { return v.(*account.User).Actor().Clearance }, secrecy.TuyetMat,
			func(v any) role.Role { return v.(*account.User).Actor().Role }, role.Admin},
		{"account-public.json", func() any { return new(account.User) }, indent,
			func(v any) secrecy.Level { return v.(*account.User).Actor().Clearance }, secrecy.None,
			func(v any) role.Role { return v.(*account.User).Role }, role.Clerk},
		{"audit-secret.json", func() any { return new(audit.Event) }, json.Marshal,
			func(v any) secrecy.Level { return v.(*audit.Event).Secrecy }, secrecy.ToiMat,
			func(v any) role.Role { return v.(*audit.Event).Role }, role.Signer},
		{"audit-public.json", func() any { return new(audit.Event) }, json.Marshal,
			func(v any) secrecy.Level { return v.(*audit.Event).Secrecy }, secrecy.None,
			func(v any) role.Role { return v.(*audit.Event).Role }, role.Clerk},
		// A request refused for want of a token is recorded with no role.
		{"audit-anonymous.json", func() any { return new(audit.Event) }, json.Marshal,
			func(v any) secrecy.Level { return v.(*audit.Event).Secrecy }, secrecy.None,
			func(v any) role.Role { return v.(*audit.Event).Role }, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			stored, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			v := tc.value()
			if err := json.Unmarshal(stored, v); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := tc.level(v); got != tc.want {
				t.Errorf("level %d, want %d", got, tc.want)
			}
			if tc.role != nil {
				if got := tc.role(v); got != tc.wantR {
					t.Errorf("role %q, want %q", got, tc.wantR)
				}
			}
			again, err := tc.encode(v)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if !bytes.Equal(again, stored) {
				t.Errorf("re-encoded bytes differ:\n%s\nwant:\n%s", again, stored)
			}
		})
	}
}

// TestStoredBadValues: a value that is not a mark or a level is refused
// with an error naming the field, never read as "not secret".
func TestStoredBadValues(t *testing.T) {
	read := func(t *testing.T, name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("manifest", func(t *testing.T) {
		b := strings.Replace(read(t, "manifest-secret.json"), `"secrecy": "TỐI MẬT"`, `"secrecy": "BÍ MẬT"`, 1)
		err := json.Unmarshal([]byte(b), new(record.Record))
		if !errors.As(err, new(*secrecy.InvalidMarkError)) || !strings.Contains(err.Error(), `secrecy mark "BÍ MẬT"`) {
			t.Errorf("got %v, want an error naming the secrecy mark", err)
		}
	})
	t.Run("audit event", func(t *testing.T) {
		b := strings.Replace(read(t, "audit-secret.json"), `"secrecy":2`, `"secrecy":7`, 1)
		err := json.Unmarshal([]byte(b), new(audit.Event))
		if !errors.As(err, new(*secrecy.InvalidLevelError)) || !strings.Contains(err.Error(), "secrecy level 7") {
			t.Errorf("got %v, want an error naming the secrecy level", err)
		}
	})
	t.Run("tokens file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "tokens.json")
		b := strings.Replace(read(t, "tokens.json"), `"clearance": "MẬT"`, `"clearance": "MẬT NHẤT"`, 1)
		if err := os.WriteFile(path, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := api.LoadTokens(path)
		if err == nil || !strings.Contains(err.Error(), `entry 2: clearance "MẬT NHẤT"`) {
			t.Errorf("got %v, want an error naming entry 2 and its clearance", err)
		}
	})
	t.Run("audit event role", func(t *testing.T) {
		b := strings.Replace(read(t, "audit-secret.json"), `"role":"signer"`, `"role":"chief"`, 1)
		err := json.Unmarshal([]byte(b), new(audit.Event))
		if !errors.As(err, new(*role.InvalidError)) || !strings.Contains(err.Error(), `role "chief"`) {
			t.Errorf("got %v, want an error naming the role", err)
		}
	})
	t.Run("tokens file role", func(t *testing.T) {
		for _, bad := range []string{"chief", ""} {
			path := filepath.Join(t.TempDir(), "tokens.json")
			b := strings.Replace(read(t, "tokens.json"), `"role": "viewer"`, `"role": "`+bad+`"`, 1)
			if err := os.WriteFile(path, []byte(b), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := api.LoadTokens(path)
			if !errors.As(err, new(*role.InvalidError)) || !strings.Contains(err.Error(), `entry 2: role "`+bad+`"`) {
				t.Errorf("role %q: got %v, want an error naming entry 2 and its role", bad, err)
			}
		}
	})
	t.Run("account role", func(t *testing.T) {
		for _, bad := range []string{"chief", ""} {
			arc, err := fsarchive.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			b := strings.Replace(read(t, "account-secret.json"), `"role": "admin"`, `"role": "`+bad+`"`, 1)
			if _, err := arc.Create(ctx, "users/admin/r000001.json", []byte(b), archive.CreateOptions{ContentType: "application/json"}); err != nil {
				t.Fatal(err)
			}
			_, err = account.NewStore(arc).Get(ctx, "admin")
			if !errors.As(err, new(*role.InvalidError)) || !strings.Contains(err.Error(), `account admin: role: role "`+bad+`"`) {
				t.Errorf("role %q: got %v, want an error naming the account's role", bad, err)
			}
		}
	})
	t.Run("account", func(t *testing.T) {
		arc, err := fsarchive.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		b := strings.Replace(read(t, "account-secret.json"), `"clearance": "TUYỆT MẬT"`, `"clearance": "TUYỆT"`, 1)
		if _, err := arc.Create(ctx, "users/admin/r000001.json", []byte(b), archive.CreateOptions{ContentType: "application/json"}); err != nil {
			t.Fatal(err)
		}
		_, err = account.NewStore(arc).Get(ctx, "admin")
		if !errors.As(err, new(*secrecy.InvalidMarkError)) || !strings.Contains(err.Error(), "account admin: clearance:") {
			t.Errorf("got %v, want an error naming the account's clearance", err)
		}
	})
}
