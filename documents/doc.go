// Package documents is the service at the centre of vanthu: it validates a
// request against a template's manifest, derives the values of the official
// layout (number, place and date, numbering of sections), fills the DOCX,
// extracts the regulations it cites, writes the document to the archive and
// keeps the search index in step with it.
//
// The archive is the record. A document is acknowledged once its DOCX and
// manifest are in the archive; the index entry is applied right away when the
// index is reachable, and otherwise kept as a durable pending marker in the
// archive and applied by a retry loop (see [Service.RunIndexer]).
package documents
