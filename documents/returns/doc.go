// Package returns consolidates the classification returns of lower units
// into the figures of a higher committee's review report (tổng hợp).
//
// An organisation board defines a [Definition] for a year: the units
// expected to report (code and name) and the categories of the report
// (label and group, as in package review). Each unit's figures arrive as
// review categories — typed in as JSON, read from a workbook in the
// published layout ([TemplateWorkbook], [ReadWorkbook]) or taken from the
// unit's own report text by the figure checker ([FromText]) — and are
// validated as a report is ([Normalize]: every defined category once,
// levels adding up, evaluated not above the total, whole non-negative
// counts). [Consolidate] sums the received units exactly and says who is
// missing or blocked; [ExportWorkbook] writes the result for Excel.
//
// The pure parts (types, validation, sums, workbooks, extraction) know
// nothing of storage. [Service] keeps every revision of a unit's return
// write-once in the archive under returns/<id>/ and creates the report
// draft through the documents service.
//
// # Archive layout
//
//	returns/<id>/definition.json                  the definition
//	returns/<id>/units/<code>/r0001/upload.xlsx   what was sent (xlsx, docx, txt, json)
//	returns/<id>/units/<code>/r0001/revision.json the validated revision (written last)
//	returns/<id>/reports/<document id>.json       a report draft made from the return
//
// Every object is written once and protected. A unit's return can be
// corrected (a new revision) until a report made from the return is
// issued; then every unit is frozen.
package returns
