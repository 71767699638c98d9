package templatestore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// ExistsError is returned by [Store.Add] for the name of a template that
// was uploaded before: it must be deleted first.
type ExistsError struct{ Name string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("a template named %q exists; delete it first or choose another name", e.Name)
}

// Unwrap makes errors.Is(err, templates.ErrExists) true.
func (e *ExistsError) Unwrap() error { return templates.ErrExists }

// InUseError is returned by [Store.Remove] for a template that a document
// was made with.
type InUseError struct{ Name, Document string }

func (e *InUseError) Error() string {
	return fmt.Sprintf("template %q is used by document %s and cannot be deleted", e.Name, e.Document)
}

// Store keeps the staff-supplied templates of a registry in an archive.
type Store struct {
	archive  archive.Archive
	registry *templates.Registry
	log      *slog.Logger
}

// New returns a store of reg's uploaded templates in a; log (nil: the
// default logger) receives the templates Load skips.
func New(a archive.Archive, reg *templates.Registry, log *slog.Logger) *Store {
	if log == nil {
		log = slog.Default()
	}
	return &Store{archive: a, registry: reg, log: log}
}

// Load adds the latest revision of every stored template to the registry
// and returns how many it added. A template that no longer passes
// validation is skipped with a log line, so one bad file cannot stop the
// service.
func (s *Store) Load(ctx context.Context) (int, error) {
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
		if _, err := s.registry.Add(docx, m); err != nil {
			s.log.Error("skipping stored template", "name", name, "err", err)
			continue
		}
		n++
	}
	return n, nil
}

// Add validates a staff-supplied template (the .docx and its JSON
// manifest), stores it in the archive as a new revision and registers it,
// so that it is usable at once. It returns the manifest as registered.
func (s *Store) Add(ctx context.Context, docx, manifestJSON []byte) (templates.Manifest, error) {
	m, err := decodeManifest(manifestJSON)
	if err != nil {
		return m, err
	}
	if err := s.checkKind(m); err != nil {
		return m, err
	}
	// Add validates the file (ValidateUpload, Parse) and registers it; it is
	// taken back out if it cannot be stored.
	t, err := s.registry.Add(docx, m)
	if errors.Is(err, templates.ErrExists) {
		return m, &ExistsError{Name: m.Name}
	}
	if err != nil {
		return m, err
	}
	if err := s.store(ctx, m, docx); err != nil {
		if err := s.registry.Remove(m.Name); err != nil {
			s.log.Error("could not take back a template that was not stored", "name", m.Name, "err", err)
		}
		return m, err
	}
	return t.Manifest(), nil
}

// decodeManifest reads an uploaded manifest strictly: unknown fields are
// refused, the kind defaults to generic, and it is never a built-in.
func decodeManifest(manifestJSON []byte) (templates.Manifest, error) {
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
	return m, nil
}

// store writes the template under the revision after the last one stored
// for its name: the Word file, then the manifest.
func (s *Store) store(ctx context.Context, m templates.Manifest, docx []byte) error {
	rev, err := s.nextRevision(ctx, m.Name)
	if err != nil {
		return fmt.Errorf("store template %s: %w", m.Name, err)
	}
	prefix := archivekey.TemplateRev(m.Name, rev)
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("store template %s: encode manifest: %w", m.Name, err)
	}
	if _, err := s.archive.Create(ctx, prefix+archivekey.TemplateDOCX, docx, archive.CreateOptions{ContentType: templates.DOCXContentType}); err != nil {
		return fmt.Errorf("store template %s: %w", m.Name, err)
	}
	if _, err := s.archive.Create(ctx, prefix+archivekey.TemplateManifest, mj, archive.CreateOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("store template %s: %w", m.Name, err)
	}
	return nil
}

// nextRevision is the revision after every file stored under name. A
// failed listing is an error wrapping archive.ErrUnavailable: guessing
// revision 1 would collide with a stored revision and be reported as a
// conflict that a retry cannot clear.
func (s *Store) nextRevision(ctx context.Context, name string) (int, error) {
	rev := 1
	err := s.archive.Keys(ctx, archivekey.Template(name), func(key string) error {
		if k, ok := archivekey.ParseTemplate(key); ok && k.Rev >= rev {
			rev = k.Rev + 1
		}
		return nil
	})
	if err != nil {
		return 0, unavailable("list its revisions", err)
	}
	return rev, nil
}

// Remove deletes every stored revision of an uploaded template that no
// document uses and unregisters it.
func (s *Store) Remove(ctx context.Context, name string) error {
	t, err := s.registry.Get(name)
	if err != nil {
		return err
	}
	if t.Manifest().Builtin {
		return fmt.Errorf("template %q: %w", name, templates.ErrBuiltin)
	}
	used, err := s.usedBy(ctx, name)
	if err != nil {
		return fmt.Errorf("check template use: %w", err)
	}
	if used != "" {
		return &InUseError{Name: name, Document: used}
	}
	var keys []string
	if err := s.archive.Keys(ctx, archivekey.Template(name), func(key string) error {
		keys = append(keys, key)
		return nil
	}); err != nil {
		return fmt.Errorf("delete template %s: %w", name, unavailable("list its files", err))
	}
	// In key order each revision's manifest goes before its Word file and
	// older revisions before newer ones: if a deletion stops half-way, Load
	// finds either the latest revision whole or no manifest at all.
	for _, k := range keys {
		if err := s.archive.Delete(ctx, k); err != nil && !errors.Is(err, archive.ErrNotFound) {
			return fmt.Errorf("delete template %s: %w", name, err)
		}
	}
	return s.registry.Remove(name)
}

// usedBy returns the id of a document whose record names the template,
// or "" when none does.
func (s *Store) usedBy(ctx context.Context, name string) (string, error) {
	used := ""
	err := s.archive.Keys(ctx, archivekey.Docs, func(key string) error {
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
	return used, err
}

// unavailable wraps a failed listing so that it reads as the archive being
// unavailable (HTTP 503) whatever the driver's error was.
func unavailable(action string, err error) error {
	if errors.Is(err, archive.ErrUnavailable) {
		return fmt.Errorf("%s: %w", action, err)
	}
	return fmt.Errorf("%s: %w: %w", action, archive.ErrUnavailable, err)
}

func invalid(path, format string, args ...any) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}
