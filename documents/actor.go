package documents

import (
	"context"

	"vanthu/documents/role"
	"vanthu/documents/secrecy"
)

// Actor is the person (or system) on whose behalf a request runs.
type Actor struct {
	Name      string        `json:"name"`
	Role      role.Role     `json:"role"`
	Clearance secrecy.Level `json:"clearance"` // highest level the actor may see
	Address   string        `json:"address,omitempty"`
}

// Can reports whether the actor's role is at least min.
func (a Actor) Can(min role.Role) bool { return a.Role.AtLeast(min) }

// Sees reports whether the actor may learn that a document with the given
// secrecy mark exists.
func (a Actor) Sees(mark secrecy.Mark) bool { return mark.Level() <= a.Clearance }

// System is the actor of maintenance work (reindex, pending index entries).
var System = Actor{Name: "system", Role: role.Admin, Clearance: secrecy.TuyetMat}

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
	return Actor{Name: "anonymous", Role: role.Viewer}
}
