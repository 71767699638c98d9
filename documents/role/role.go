// Package role holds the roles of the people and systems acting on
// documents (viewer < clerk < signer < admin), as stored in tokens files,
// accounts and audit events.
package role

import "fmt"

// Role is what an actor may do; every role may do what the roles before it
// may. The zero Role is no role at all: an unauthenticated request, as
// recorded in the audit events of refused requests.
type Role string

// Roles, in increasing order of rights.
const (
	Viewer Role = "viewer" // reads and downloads
	Clerk  Role = "clerk"  // drafts, register
	Signer Role = "signer" // issues
	Admin  Role = "admin"  // templates, manual numbers, audit
)

var rank = map[Role]int{Viewer: 1, Clerk: 2, Signer: 3, Admin: 4}

// InvalidError is returned for a text that is not one of the four roles.
type InvalidError struct {
	Text string // as given
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("role %q is not one of viewer, clerk, signer, admin", e.Text)
}

// Parse returns the role named s, which must be one of the four roles
// exactly as written; anything else is an *InvalidError.
func Parse(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	return "", &InvalidError{Text: s}
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return rank[r] > 0 }

// AtLeast reports whether r is one of the four roles and has at least the
// rights of min, itself one of the four.
func (r Role) AtLeast(min Role) bool { return rank[min] > 0 && rank[r] >= rank[min] }

// MarshalText returns the role as written. The zero Role is written as an
// empty text; any other role that is not one of the four is an error, so
// that it is never stored.
func (r Role) MarshalText() ([]byte, error) {
	if r != "" && !r.Valid() {
		return nil, &InvalidError{Text: string(r)}
	}
	return []byte(r), nil
}

// UnmarshalText reads a role as [Parse] does; an empty text is the zero
// Role (no role), which tokens and accounts refuse when they are loaded.
func (r *Role) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ""
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}
