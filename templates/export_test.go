package templates

import "io/fs"

// NewRegistryFS loads the built-in templates from dir of fsys instead of
// the embedded ones, so the tests of the built-in files can load edited
// copies of them.
func NewRegistryFS(fsys fs.FS, dir string) (*Registry, error) { return newRegistry(fsys, dir) }
