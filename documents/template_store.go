package documents

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/audit"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// Staff-supplied templates live in the archive (archivekey.TemplateRev);
// they are loaded into the registry at start.

// LoadTemplates adds every staff-supplied template in the archive to the
// registry. A template that no longer passes validation is skipped with a
// log line, so one bad file cannot stop the service.
func (s *Service) LoadTemplates(ctx context.Context) (int, error) {
	latest := map[string]int{}
	err := s.archive.Keys(ctx, archivekey.Templates, func(key string) error {
		if k, ok := archivekey.ParseTemplate(key); ok && k.File == archivekey.TemplateManifest {
			latest[k.Name] = max(latest[k.Name], k.Rev)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("list templates: %w", err)
	}
	n := 0
	for name, rev := range latest {
		prefix := archivekey.TemplateRev(name, rev)
		mb, _, err := archive.ReadAll(ctx, s.archive, prefix+archivekey.TemplateManifest)
		if err != nil {
			return n, fmt.Errorf("read template %s: %w", name, err)
		}
		docx, _, err := archive.ReadAll(ctx, s.archive, prefix+archivekey.TemplateDOCX)
		if err != nil {
			return n, fmt.Errorf("read template %s: %w", name, err)
		}
		var m templates.Manifest
		if err := json.Unmarshal(mb, &m); err != nil {
			s.log.Error("skipping stored template", "name", name, "err", err)
			continue
		}
		if _, err := s.templates.Add(docx, m); err != nil {
			s.log.Error("skipping stored template", "name", name, "err", err)
			continue
		}
		n++
	}
	return n, nil
}

// AddTemplate validates a staff-supplied template (the .docx and its JSON
// manifest), stores it in the archive and makes it usable at once.
func (s *Service) AddTemplate(ctx context.Context, docx, manifestJSON []byte) (templates.Manifest, error) {
	if !ActorFrom(ctx).Can(RoleAdmin) {
		s.audit(ctx, audit.ActionTemplateAdd, "", audit.ResultRefused, "not an administrator")
		return templates.Manifest{}, fmt.Errorf("add a template: %w", ErrForbidden)
	}
	var m templates.Manifest
	dec := json.NewDecoder(bytes.NewReader(manifestJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, invalid("manifest", "is not a valid manifest: %v", err)
	}
	m.Builtin = false
	if m.Kind == "" {
		m.Kind = string(kind.KindGeneric)
	}
	if err := m.Check(); err != nil {
		return m, invalid("manifest", "%v", err)
	}
	switch kind.Of(m) {
	case kind.KindGeneric:
		if err := checkStandardFields(m); err != nil {
			return m, err
		}
	case kind.KindNotice, kind.KindReviewReport:
		if err := s.checkBuiltinKind(m); err != nil {
			return m, err
		}
	default:
		return m, invalid("manifest.kind", "must be %q, %q or %q, got %q", kind.KindGeneric, kind.KindNotice, kind.KindReviewReport, m.Kind)
	}
	// Add validates the file (ValidateUpload, Parse) and registers it; it is
	// taken back out if it cannot be stored.
	t, err := s.templates.Add(docx, m)
	if errors.Is(err, templates.ErrExists) {
		return m, &ConflictError{Message: fmt.Sprintf("a template named %q exists; delete it first or choose another name", m.Name)}
	}
	if err != nil {
		return m, err
	}
	stored := false
	defer func() {
		if !stored {
			if err := s.templates.Remove(m.Name); err != nil {
				s.log.Error("could not take back a template that was not stored", "name", m.Name, "err", err)
			}
		}
	}()
	// A failed listing must not reuse a revision: the template is refused.
	rev := 1
	if err := s.archive.Keys(ctx, archivekey.Template(m.Name), func(key string) error {
		if k, ok := archivekey.ParseTemplate(key); ok && k.Rev >= rev {
			rev = k.Rev + 1
		}
		return nil
	}); err != nil {
		return m, fmt.Errorf("store template %s: list its revisions: %w", m.Name, err)
	}
	prefix := archivekey.TemplateRev(m.Name, rev)
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, fmt.Errorf("store template %s: encode manifest: %w", m.Name, err)
	}
	if _, err := s.archive.Create(ctx, prefix+archivekey.TemplateDOCX, docx, archive.CreateOptions{ContentType: DOCXContentType}); err != nil {
		return m, fmt.Errorf("store template %s: %w", m.Name, err)
	}
	if _, err := s.archive.Create(ctx, prefix+archivekey.TemplateManifest, mj, archive.CreateOptions{ContentType: "application/json"}); err != nil {
		return m, fmt.Errorf("store template %s: %w", m.Name, err)
	}
	stored = true
	s.audit(ctx, audit.ActionTemplateAdd, "", audit.ResultOK, m.Name)
	return t.Manifest(), nil
}

// RemoveTemplate deletes a staff-supplied template that no document uses.
func (s *Service) RemoveTemplate(ctx context.Context, name string) error {
	if !ActorFrom(ctx).Can(RoleAdmin) {
		s.audit(ctx, audit.ActionTemplateDelete, "", audit.ResultRefused, "not an administrator")
		return fmt.Errorf("delete a template: %w", ErrForbidden)
	}
	t, err := s.templates.Get(name)
	if err != nil {
		return err
	}
	if t.Manifest().Builtin {
		return fmt.Errorf("template %q: %w", name, templates.ErrBuiltin)
	}
	used := ""
	err = s.archive.Keys(ctx, archivekey.Docs, func(key string) error {
		if k, _ := archivekey.ParseDoc(key); used != "" || !k.IsManifest() {
			return nil
		}
		b, _, err := archive.ReadAll(ctx, s.archive, key)
		if err != nil {
			return err
		}
		var r struct {
			ID       string `json:"id"`
			Template string `json:"template"`
		}
		if json.Unmarshal(b, &r) == nil && r.Template == name {
			used = r.ID
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("check template use: %w", err)
	}
	if used != "" {
		return &ConflictError{Message: fmt.Sprintf("template %q is used by document %s and cannot be deleted", name, used)}
	}
	var keys []string
	if err := s.archive.Keys(ctx, archivekey.Template(name), func(key string) error {
		keys = append(keys, key)
		return nil
	}); err != nil {
		// Not audited as deleted: nothing was.
		return fmt.Errorf("delete template %s: list its files: %w", name, err)
	}
	for _, k := range keys {
		if err := s.archive.Delete(ctx, k); err != nil && !errors.Is(err, archive.ErrNotFound) {
			return fmt.Errorf("delete template %s: %w", name, err)
		}
	}
	if err := s.templates.Remove(name); err != nil {
		return err
	}
	s.audit(ctx, audit.ActionTemplateDelete, "", audit.ResultOK, name)
	return nil
}

// checkStandardFields requires the fields every official document carries
// and that vanthu numbers, dates, files and finds documents by: issuer
// (name and code), date and title, all required.
func checkStandardFields(m templates.Manifest) error {
	find := func(fields []templates.Field, name string) *templates.Field {
		for i := range fields {
			if fields[i].Name == name {
				return &fields[i]
			}
		}
		return nil
	}
	var missing []string
	need := func(f *templates.Field, path, typ string) {
		if f == nil || !f.Required || f.Type != typ {
			missing = append(missing, fmt.Sprintf("%s (%s, required)", path, typ))
		}
	}
	issuer := find(m.Fields, "issuer")
	need(issuer, "issuer", templates.TypeObject)
	if issuer != nil {
		need(find(issuer.Fields, "name"), "issuer.name", templates.TypeString)
		need(find(issuer.Fields, "code"), "issuer.code", templates.TypeString)
	}
	need(find(m.Fields, "date"), "date", templates.TypeDate)
	need(find(m.Fields, "title"), "title", templates.TypeString)
	if len(missing) > 0 {
		return invalid("manifest.fields", "every official document needs these fields: %s", strings.Join(missing, ", "))
	}
	return nil
}

// checkBuiltinKind accepts a template that gives a built-in kind (notice,
// review report) another layout: its fields are exactly those of the kind,
// its type code is the built-in's (so it numbers in the same register
// series), and it uses only placeholders the kind fills.
func (s *Service) checkBuiltinKind(m templates.Manifest) error {
	var builtin *templates.Manifest
	for _, b := range s.templates.List() {
		if b.Builtin && b.Kind == m.Kind {
			builtin = &b
			break
		}
	}
	if builtin == nil {
		return invalid("manifest.kind", "no built-in template is of kind %q", m.Kind)
	}
	if err := kind.CheckFields(m); err != nil {
		return invalid("manifest.fields", "%v", err)
	}
	if m.TypeCode != builtin.TypeCode || m.TypeName != builtin.TypeName {
		return invalid("manifest.type_code", "a %s template numbers in the register of %q: type_code must be %q and type_name %q",
			m.Kind, builtin.Name, builtin.TypeCode, builtin.TypeName)
	}
	var unknown []string
	for _, p := range m.Placeholders {
		if !slices.Contains(builtin.Placeholders, p) {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		return invalid("manifest.placeholders", "a %s template may use only the placeholders of %q; not filled: %s",
			m.Kind, builtin.Name, strings.Join(unknown, ", "))
	}
	return nil
}
