// Package templatestore keeps the staff-supplied templates: it loads them
// from the archive into the template registry at start, validates and
// stores an upload (the .docx and its JSON manifest) as a new revision,
// and deletes a template that no document uses. Built-in templates live in
// package templates and are never stored here.
//
// Each upload is written under its own revision prefix
// (archivekey.TemplateRev): the Word file first, the manifest last, so a
// revision without a manifest does not exist for Load.
//
// It does no access control and writes no audit events: the documents
// service checks who may act, records what was done, and delegates here.
//
// # Errors
//
// A manifest or file that is not acceptable gives a *kind.ValidationError
// or an error wrapping templates.ErrInvalidTemplate; the name of a
// built-in one wrapping templates.ErrBuiltin and the name of another
// uploaded template an [*ExistsError] (which wraps templates.ErrExists).
// Deleting a template that a document uses gives an [*InUseError]. When
// the archive cannot list or delete what a change needs, the error wraps
// archive.ErrUnavailable: nothing is guessed from a listing that failed.
package templatestore
