package documents

import (
	"vanthu/documents/kind"
	"vanthu/documents/record"
)

// The record of a document revision; see package record.
type (
	Record   = record.Record
	FileInfo = record.FileInfo
	Citation = record.Citation
	Warning  = kind.Warning
	Status   = record.Status
)

// SchemaVersion is the version of the manifest layout written by this build.
const SchemaVersion = record.SchemaVersion

// Document statuses.
const (
	StatusDraft  = record.StatusDraft
	StatusIssued = record.StatusIssued
)

// ValidID reports whether id has the form of a document id. Anything else is
// answered as "not found" and never reaches the archive.
func ValidID(id string) bool { return record.ValidID(id) }
