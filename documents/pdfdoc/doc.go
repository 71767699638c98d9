// Package pdfdoc makes, keeps and checks the PDFs of documents: the
// draft's PDF with its reserved form fields (number, date, the "Dự thảo"
// mark and the leader's "ky-duyet" signature field), the checks of the
// leader's approval, the PAdES-signed PDF/A archived at issuing (the
// approved PDF with its number and date filled, or a new conversion of the
// final DOCX), page previews, and the verification of PDF signatures used
// by the API, vanthu verify and vanthu check.
//
// It does no access control and writes no audit events: the documents
// service checks who may act, records what was done, and delegates here.
//
// # Errors
//
// Without a converter the features answer errors wrapping
// [ErrUnavailable] (itself wrapping convert.ErrUnavailable); an issued
// document without an archived PDF answers [ErrNoPDF]; a refused approval
// is a [*RefusedError] wrapping the *pades.ApprovalError.
package pdfdoc
