package role_test

import (
	"encoding/json"
	"errors"
	"testing"

	"vanthu/documents/role"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want role.Role
		ok   bool
	}{
		{"viewer", role.Viewer, true},
		{"clerk", role.Clerk, true},
		{"signer", role.Signer, true},
		{"admin", role.Admin, true},
		{"", "", false},
		{"Admin", "", false},
		{" clerk", "", false},
		{"root", "", false},
	} {
		got, err := role.Parse(tc.in)
		if tc.ok {
			if err != nil || got != tc.want {
				t.Errorf("Parse(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
			continue
		}
		var ie *role.InvalidError
		if !errors.As(err, &ie) || ie.Text != tc.in {
			t.Errorf("Parse(%q) error %v, want an *InvalidError naming %q", tc.in, err, tc.in)
		}
	}
}

func TestUnmarshalJSON(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    role.Role
		wantErr string
	}{
		{`{"role":"signer"}`, role.Signer, ""},
		{`{"role":""}`, "", ""},
		{`{"role":"boss"}`, "", `role "boss" is not one of viewer, clerk, signer, admin`},
		{`{"role":"ADMIN"}`, "", `role "ADMIN" is not one of viewer, clerk, signer, admin`},
	} {
		var v struct {
			Role role.Role `json:"role"`
		}
		err := json.Unmarshal([]byte(tc.in), &v)
		if tc.wantErr == "" {
			if err != nil || v.Role != tc.want {
				t.Errorf("%s: got %q, %v; want %q", tc.in, v.Role, err, tc.want)
			}
			continue
		}
		if !errors.As(err, new(*role.InvalidError)) || err.Error() != tc.wantErr {
			t.Errorf("%s: error %v, want %q", tc.in, err, tc.wantErr)
		}
	}
}

func TestMarshalJSON(t *testing.T) {
	for _, tc := range []struct {
		in   role.Role
		want string
		ok   bool
	}{
		{role.Viewer, `"viewer"`, true},
		{role.Admin, `"admin"`, true},
		{"", `""`, true},
		{"boss", "", false},
	} {
		b, err := json.Marshal(tc.in)
		if tc.ok != (err == nil) || (tc.ok && string(b) != tc.want) {
			t.Errorf("Marshal(%q) = %s, %v; want %s", tc.in, b, err, tc.want)
		}
	}
}

func TestAtLeast(t *testing.T) {
	all := []role.Role{role.Viewer, role.Clerk, role.Signer, role.Admin}
	for i, r := range all {
		for j, min := range all {
			if got := r.AtLeast(min); got != (i >= j) {
				t.Errorf("%s.AtLeast(%s) = %v", r, min, got)
			}
		}
		if r.AtLeast("") || r.AtLeast("boss") {
			t.Errorf("%s.AtLeast of a role that is not one of the four", r)
		}
	}
	for _, r := range []role.Role{"", "boss"} {
		if r.AtLeast(role.Viewer) || r.Valid() {
			t.Errorf("%q counts as a role", r)
		}
	}
}
