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

// FieldError names one invalid input field by its JSON path.
type FieldError = templates.FieldError

// ValidationError is returned when a request is well-formed JSON but its
// content is not acceptable. Nothing is stored when it is returned.
type ValidationError = kind.ValidationError

func invalid(path, format string, args ...any) *ValidationError {
	return &ValidationError{Fields: []FieldError{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}

// ConflictError explains why a state change was refused (HTTP 409).
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

// Is makes errors.Is(err, ErrConflict) true for every ConflictError.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
