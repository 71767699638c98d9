package documents

import (
	"vanthu/documents/kind"
	"vanthu/documents/record"
)

// The record of a document revision; see package record.
type (
	Record   = record.Record
	Citation = record.Citation
	Warning  = kind.Warning
	Status   = record.Status
)

// Document statuses.
const (
	StatusDraft  = record.StatusDraft
	StatusIssued = record.StatusIssued
)
