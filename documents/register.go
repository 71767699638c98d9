package documents

// The outgoing register behind the access rules (package register keeps
// it): reading its rows, and the reclaim pass of numbers whose issuing
// never completed.

import (
	"context"
	"fmt"

	"vanthu/documents/find"
	"vanthu/documents/register"
	"vanthu/documents/role"
)

// RegisterRow is one line of the outgoing register; see package register.
type RegisterRow = register.Row

// ReclaimReservations settles the numbers whose issuing never completed
// (see register.Book.Reclaim). The service runs it at start and then
// periodically. It returns how many numbers it settled.
func (s *Service) ReclaimReservations(ctx context.Context) (int, error) {
	return s.book.Reclaim(ctx)
}

// RegisterParams filter the register; see package find, which parses
// them.
type RegisterParams = find.RegisterParams

// MayReadRegister tells whether the actor of ctx may read the register
// (clerks and above): nil, or an error wrapping ErrForbidden. Handlers
// that find the parameters malformed ask it first, so that a refusal comes
// before a complaint about the parameters.
func (s *Service) MayReadRegister(ctx context.Context) error {
	if !ActorFrom(ctx).Can(role.Clerk) {
		return fmt.Errorf("read the register: %w", ErrForbidden)
	}
	return nil
}

// Register lists the register rows the actor may see.
func (s *Service) Register(ctx context.Context, p RegisterParams) ([]RegisterRow, error) {
	if err := s.MayReadRegister(ctx); err != nil {
		return nil, err
	}
	return s.book.List(ctx, register.Filter{Issuer: p.Issuer, Type: p.Type, Term: p.TermKey(), Year: p.Year, Sees: ActorFrom(ctx).Sees})
}
