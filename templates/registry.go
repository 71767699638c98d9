package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// builtinFS holds the built-in templates: builtin/<name>.docx with its
// manifest builtin/<name>.json. "all:" keeps the embed valid while the
// directory holds only a dot file.
//
//go:embed all:builtin
var builtinFS embed.FS

// Registry holds the built-in templates and the staff-supplied ones added
// at run time. It is safe for concurrent use. Uploaded templates live only
// in memory: the caller persists them and adds them again at start.
type Registry struct {
	mu       sync.RWMutex
	builtin  map[string]*Template
	uploaded map[string]*Template
}

// NewRegistry loads and parses the embedded built-in templates. A built-in
// that does not parse is an error: the binary is broken.
func NewRegistry() (*Registry, error) {
	return newRegistry(builtinFS, "builtin")
}

func newRegistry(fsys fs.FS, dir string) (*Registry, error) {
	r := &Registry{builtin: map[string]*Template{}, uploaded: map[string]*Template{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read built-in templates: %w", err)
	}
	files := map[string]bool{}
	for _, e := range entries {
		files[e.Name()] = true
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".docx")
		if !ok {
			if n, isJSON := strings.CutSuffix(e.Name(), ".json"); isJSON && !files[n+".docx"] {
				return nil, fmt.Errorf("built-in template %s: %w: %s.docx is missing", n, ErrInvalidTemplate, n)
			}
			continue
		}
		t, err := loadBuiltin(fsys, dir, name, files[name+".json"])
		if err != nil {
			return nil, fmt.Errorf("built-in template %s: %w", name, err)
		}
		r.builtin[name] = t
	}
	return r, nil
}

func loadBuiltin(fsys fs.FS, dir, name string, hasManifest bool) (*Template, error) {
	if !hasManifest {
		return nil, fmt.Errorf("%w: the manifest %s.json is missing", ErrInvalidTemplate, name)
	}
	docx, err := fs.ReadFile(fsys, path.Join(dir, name+".docx"))
	if err != nil {
		return nil, err
	}
	raw, err := fs.ReadFile(fsys, path.Join(dir, name+".json"))
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: manifest %s.json: %v", ErrInvalidTemplate, name, err)
	}
	if m.Name != name {
		return nil, fmt.Errorf("%w: manifest %s.json names the template %q", ErrInvalidTemplate, name, m.Name)
	}
	m.Builtin = true
	return Parse(docx, m)
}

// Get returns the template called name, or an error wrapping ErrNotFound.
func (r *Registry) Get(name string) (*Template, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if t, ok := r.builtin[name]; ok {
		return t, nil
	}
	if t, ok := r.uploaded[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("template %q: %w", name, ErrNotFound)
}

// List returns the manifests of all templates, sorted by name.
func (r *Registry) List() []Manifest {
	r.mu.RLock()
	out := make([]Manifest, 0, len(r.builtin)+len(r.uploaded))
	for _, t := range r.builtin {
		out = append(out, t.Manifest())
	}
	for _, t := range r.uploaded {
		out = append(out, t.Manifest())
	}
	r.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Add validates (ValidateUpload), parses and registers a staff-supplied
// template. The name of a built-in gives an error wrapping ErrBuiltin; the
// name of another uploaded template one wrapping ErrExists (Remove it
// first). m.Builtin is ignored.
func (r *Registry) Add(docx []byte, m Manifest) (*Template, error) {
	m.Builtin = false
	if err := r.taken(m.Name); err != nil {
		return nil, err
	}
	if err := ValidateUpload(docx); err != nil {
		return nil, err
	}
	t, err := Parse(docx, m)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.takenLocked(m.Name); err != nil {
		return nil, err
	}
	r.uploaded[m.Name] = t
	return t, nil
}

func (r *Registry) taken(name string) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.takenLocked(name)
}

func (r *Registry) takenLocked(name string) error {
	if _, ok := r.builtin[name]; ok {
		return fmt.Errorf("template %q: %w", name, ErrBuiltin)
	}
	if _, ok := r.uploaded[name]; ok {
		return fmt.Errorf("template %q: %w", name, ErrExists)
	}
	return nil
}

// Remove unregisters an uploaded template. Built-ins give an error wrapping
// ErrBuiltin, unknown names one wrapping ErrNotFound.
func (r *Registry) Remove(name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.builtin[name]; ok {
		return fmt.Errorf("template %q: %w", name, ErrBuiltin)
	}
	if _, ok := r.uploaded[name]; !ok {
		return fmt.Errorf("template %q: %w", name, ErrNotFound)
	}
	delete(r.uploaded, name)
	return nil
}
