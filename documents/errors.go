package documents

import (
	"errors"
	"fmt"

	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/templates"
)

// Errors returned by the service; callers test them with errors.Is.
var (
	ErrNotFound  = record.ErrNotFound
	ErrConflict  = errors.New("documents: conflict")
	ErrForbidden = errors.New("documents: forbidden")
)

// invalid is the *kind.ValidationError of one field: a request that is
// well-formed JSON but whose content is not acceptable. Nothing is stored
// when it is returned.
func invalid(path, format string, args ...any) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}

// ConflictError explains why a state change was refused (HTTP 409). Err,
// when set, is the typed cause (a *register.TakenError), for errors.As.
type ConflictError struct {
	Message string
	Err     error
}

func (e *ConflictError) Error() string { return e.Message }

// Unwrap returns the typed cause, or nil.
func (e *ConflictError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrConflict) true for every ConflictError.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
