package pdfdoc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/convert"
	"vanthu/documents/kind"
	"vanthu/documents/pades"
	"vanthu/documents/record"
	"vanthu/documents/vnformat"
)

// Document returns the PDF of rec: for an issued document the signed
// PDF/A archived at issuing (an error wrapping [ErrNoPDF] when it was
// issued without one), for a draft the approved PDF once uploaded, else
// the PDF to sign for approval — made once per revision and kept, so that
// an approval can be checked against exactly these bytes.
func (p *Service) Document(ctx context.Context, rec *record.Record) ([]byte, error) {
	if err := p.Available(); err != nil {
		return nil, err
	}
	if rec.Status == record.StatusIssued {
		if rec.PDF == nil {
			return nil, fmt.Errorf("document %s: %w", rec.ID, ErrNoPDF)
		}
		return p.readVerified(ctx, *rec.PDF)
	}
	b, err := p.Approved(ctx, rec.ID, rec.Revision)
	if errors.Is(err, archive.ErrNotFound) {
		return p.draft(ctx, rec)
	}
	return b, err
}

// draft returns the draft's PDF of rec's revision, making and storing it
// on first use.
func (p *Service) draft(ctx context.Context, rec *record.Record) ([]byte, error) {
	key := archivekey.DraftPDF(rec.ID, rec.Revision)
	b, _, err := archive.ReadAll(ctx, p.opts.Archive, key)
	if !errors.Is(err, archive.ErrNotFound) {
		return b, err
	}
	docx, err := p.readVerified(ctx, rec.DOCX)
	if err != nil {
		return nil, err
	}
	pdf, err := p.cfg.Converter.ConvertDOCX(ctx, docx)
	if err != nil {
		return nil, err
	}
	pdf, err = pades.AddFields(pdf, p.draftFields(ctx, pdf, rec), fieldApproval)
	if err != nil {
		return nil, fmt.Errorf("reserve the number and date: %w", err)
	}
	if _, err := p.opts.Archive.Create(context.WithoutCancel(ctx), key, pdf, archive.CreateOptions{ContentType: "application/pdf"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			// Made at the same time by another request: that one is the draft.
			b, _, err := archive.ReadAll(ctx, p.opts.Archive, key)
			return b, err
		}
		return nil, err
	}
	return pdf, nil
}

// draftFields places the number, the date and the draft mark where the
// draft's PDF prints them (a field that cannot be placed is left out).
func (p *Service) draftFields(ctx context.Context, pdf []byte, rec *record.Record) []pades.FieldSpec {
	var out []pades.FieldSpec
	seriesText, dateText := "-"+rec.Type+"/"+rec.Issuer, "\x00"
	if d, err := time.Parse(time.DateOnly, rec.Date); err == nil {
		dateText = vnformat.Date(d)
	}
	found, err := convert.FindTexts(ctx, pdf, "Số", seriesText, dateText, kind.DraftMark)
	if err != nil {
		p.log.Warn("draft PDF: fields not placed", "id", rec.ID, "err", err)
		return nil
	}
	// pdftotext's boxes reach 0.95 em above the baseline and 0.35 em
	// below; a filled value's baseline sits where its cap height (0.7 em)
	// is centred in the field. Lifting the field by 0.05 em puts the
	// value on the baseline of the text around it.
	const lift = 0.05 * numberFontSize
	so, ok1 := found["Số"]
	series, ok2 := found[seriesText]
	// The number is written against the series ("167-TB/TU") and one
	// space's width from "Số" at least, so the line reads "Số 167-TB/TU"
	// like the DOCX: the field begins a space after "Số".
	if space := numberFontSize * spaceEm; ok1 && ok2 && so.Page == series.Page && series.MinX > so.MaxX+space {
		out = append(out, pades.FieldSpec{Name: fieldNumber, Page: so.Page, FontSize: numberFontSize, Align: 2,
			Rect: [4]float64{so.MaxX + space, so.MinY - 2 + lift, series.MinX, so.MaxY + 2 + lift}})
	}
	if b, ok := found[dateText]; ok {
		out = append(out, pades.FieldSpec{Name: fieldDate, Page: b.Page, FontSize: 14, Opaque: true, Italic: true,
			Rect: [4]float64{b.MinX - 1, b.MinY - 2 + lift, b.MaxX + 30, b.MaxY + 2 + lift}})
	}
	if b, ok := found[kind.DraftMark]; ok {
		out = append(out, pades.FieldSpec{Name: fieldDraftMark, Page: b.Page, Opaque: true,
			Rect: [4]float64{b.MinX - 2, b.MinY - 2, b.MaxX + 2, b.MaxY + 2}})
	}
	if len(out) < 3 {
		p.log.Warn("draft PDF: some fields could not be placed", "id", rec.ID, "placed", len(out))
	}
	return out
}
