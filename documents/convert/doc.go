// Package convert is the seam between vanthu and the programs that lay out a
// DOCX as a PDF. Issued documents are archived and exchanged as PDF/A-2b: a
// PDF whose fonts are all embedded and whose XMP metadata declares
// pdfaid:part 2, conformance B, so that any reader shows it as the DOCX looks
// today and in decades.
//
// # Drivers
//
//   - libreoffice: a pool of warm LibreOffice processes on this machine,
//     each with its own profile directory, supervised (a conversion that
//     hangs past its timeout or an office that crashes is killed and
//     restarted). The default when soffice is on PATH.
//   - gotenberg: a Gotenberg 8 service (VANTHU_GOTENBERG_URL), which runs
//     the same LibreOffice in its own container.
//
// Without either, the PDF features of vanthu answer 503 with [ErrUnavailable]
// and a message naming what to install; everything else works.
//
// # Previews
//
// [RenderPage] draws one page of a PDF as PNG with poppler's pdftoppm.
//
// # Errors
//
// Drivers return errors for which errors.Is holds with [ErrUnavailable] (no
// converter, or it cannot be reached), [ErrTimeout] (the conversion took
// longer than allowed; the converter was restarted) or [ErrConversion] (the
// document could not be converted).
package convert
