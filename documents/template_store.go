package documents

// The staff-supplied templates (package templatestore) behind the access
// rules and the audit log: only an administrator adds or deletes one.

import (
	"context"
	"errors"
	"fmt"

	"vanthu/documents/audit"
	"vanthu/documents/role"
	"vanthu/documents/templatestore"
	"vanthu/templates"
)

// LoadTemplates adds every staff-supplied template in the archive to the
// registry (see templatestore.Store.Load).
func (s *Service) LoadTemplates(ctx context.Context) (int, error) {
	return s.tstore.Load(ctx)
}

// AddTemplate validates a staff-supplied template (the .docx and its JSON
// manifest), stores it in the archive and makes it usable at once (see
// templatestore.Store.Add). Administrators only.
func (s *Service) AddTemplate(ctx context.Context, docx, manifestJSON []byte) (templates.Manifest, error) {
	if !ActorFrom(ctx).Can(role.Admin) {
		s.audit(ctx, audit.ActionTemplateAdd, "", audit.ResultRefused, "not an administrator")
		return templates.Manifest{}, fmt.Errorf("add a template: %w", ErrForbidden)
	}
	m, err := s.tstore.Add(ctx, docx, manifestJSON)
	var exists *templatestore.ExistsError
	if errors.As(err, &exists) {
		return m, &ConflictError{Message: exists.Error()}
	}
	if err != nil {
		return m, err
	}
	s.audit(ctx, audit.ActionTemplateAdd, "", audit.ResultOK, m.Name)
	return m, nil
}

// RemoveTemplate deletes a staff-supplied template that no document uses
// (see templatestore.Store.Remove). Administrators only. A deletion that
// the archive did not complete is audited as failed.
func (s *Service) RemoveTemplate(ctx context.Context, name string) error {
	if !ActorFrom(ctx).Can(role.Admin) {
		s.audit(ctx, audit.ActionTemplateDelete, "", audit.ResultRefused, "not an administrator")
		return fmt.Errorf("delete a template: %w", ErrForbidden)
	}
	err := s.tstore.Remove(ctx, name)
	var inUse *templatestore.InUseError
	switch {
	case err == nil:
		s.audit(ctx, audit.ActionTemplateDelete, "", audit.ResultOK, name)
		return nil
	case errors.As(err, &inUse):
		return &ConflictError{Message: inUse.Error()}
	case errors.Is(err, templates.ErrNotFound), errors.Is(err, templates.ErrBuiltin):
		return err
	}
	s.audit(ctx, audit.ActionTemplateDelete, "", audit.ResultFailed, fmt.Sprintf("%s: %v", name, err))
	return err
}
