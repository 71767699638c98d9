package documents

import (
	"context"

	"vanthu/documents/secrecy"
)

// Role is what an actor may do; every role may do what the roles before
// it may.
type Role string

// Roles, in increasing order of rights.
const (
	RoleViewer Role = "viewer" // reads and downloads
	RoleClerk  Role = "clerk"  // drafts, register
	RoleSigner Role = "signer" // issues
	RoleAdmin  Role = "admin"  // templates, manual numbers, audit
)

var roleRank = map[Role]int{RoleViewer: 1, RoleClerk: 2, RoleSigner: 3, RoleAdmin: 4}

// ValidRole reports whether role is one of the four roles.
func ValidRole(role Role) bool { return roleRank[role] > 0 }

// Actor is the person (or system) on whose behalf a request runs.
type Actor struct {
	Name      string        `json:"name"`
	Role      Role          `json:"role"`
	Clearance secrecy.Level `json:"clearance"` // highest level the actor may see
	Address   string        `json:"address,omitempty"`
}

// Can reports whether the actor's role is at least role.
func (a Actor) Can(role Role) bool { return roleRank[a.Role] >= roleRank[role] && roleRank[role] > 0 }

// Sees reports whether the actor may learn that a document with the given
// secrecy mark exists.
func (a Actor) Sees(mark secrecy.Mark) bool { return mark.Level() <= a.Clearance }

// System is the actor of maintenance work (reindex, pending index entries).
var System = Actor{Name: "system", Role: RoleAdmin, Clearance: secrecy.TuyetMat}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx; without one, an anonymous viewer with
// no clearance.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "anonymous", Role: RoleViewer}
}
