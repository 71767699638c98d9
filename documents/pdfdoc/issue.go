package pdfdoc

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
	"vanthu/documents/convert"
	"vanthu/documents/pades"
	"vanthu/documents/record"
	"vanthu/documents/vnformat"
)

// Issue makes the PDF/A of the issued document rec — approved, the
// leader's approved PDF of the draft, with its number and date filled, or
// when nil a new conversion of the final DOCX — signs it with the
// organisation's key (PAdES, visible seal) and archives it immutably beside
// the DOCX under rec's revision. It returns the archived file for rec.PDF.
func (p *Service) Issue(ctx context.Context, rec *record.Record, docx, approved []byte, now time.Time) (*record.FileInfo, error) {
	if err := p.Available(); err != nil {
		return nil, err
	}
	base, fill := approved, map[string]string{}
	if approved != nil {
		names, err := pades.TextFields(approved)
		if err != nil {
			return nil, fmt.Errorf("approved PDF of %s: %w", rec.ID, err)
		}
		d, _ := time.Parse(time.DateOnly, rec.Date)
		values := map[string]string{fieldNumber: vnformat.NumberPadded(rec.Ordinal), fieldDate: vnformat.Date(d), fieldDraftMark: ""}
		for _, n := range names {
			if v, ok := values[n]; ok {
				fill[n] = v
			}
		}
	} else {
		var err error
		if base, err = p.cfg.Converter.ConvertDOCX(ctx, docx); err != nil {
			return nil, fmt.Errorf("PDF of %s: %w", rec.ID, err)
		}
	}
	out := base
	if p.cfg.Signer != nil {
		o := pades.Options{
			Signer: pades.NewCMSSigner(p.cfg.Signer, p.cfg.Timestamper), Timestamped: p.cfg.Timestamper != nil, Time: now,
			Fill: fill, Font: p.cfg.Font, FillFonts: map[string]*pades.Font{fieldDate: p.cfg.Italic},
			Name: p.cfg.Organization, Reason: "Ban hành văn bản số " + rec.Number,
			Appearance: p.appearance(ctx, base, rec, approved != nil),
		}
		var err error
		if out, err = pades.Sign(ctx, base, o); err != nil {
			return nil, fmt.Errorf("sign the PDF of %s: %w", rec.ID, err)
		}
	}
	opts := archive.CreateOptions{Protect: true, LegalHold: p.opts.LegalHold, ContentType: "application/pdf"}
	info, err := p.createOnce(context.WithoutCancel(ctx), archivekey.PDF(rec.ID, rec.Revision), out, opts)
	if err != nil {
		return nil, fmt.Errorf("store the PDF of %s: %w", rec.ID, err)
	}
	return &record.FileInfo{Key: info.Key, SHA256: info.SHA256, Size: info.Size, VersionID: info.VersionID}, nil
}

// appearance places the seal over the signature block: between the
// signer's position and name on the page that prints the name. Without a
// seal, or when the block is not found, the signature is invisible.
func (p *Service) appearance(ctx context.Context, pdf []byte, rec *record.Record, approved bool) *pades.Appearance {
	if p.cfg.Seal == nil || p.cfg.Font == nil || rec.Signer == "" {
		return nil
	}
	found, err := convert.FindTexts(ctx, pdf, rec.Signer, rec.SignerTitle)
	name, ok := found[rec.Signer]
	if err != nil || !ok {
		p.log.Warn("signature block not found; the PDF signature is invisible", "id", rec.ID, "err", err)
		return nil
	}
	y := name.MaxY + 30
	if pos, ok := found[rec.SignerTitle]; ok && rec.SignerTitle != "" && pos.Page == name.Page && pos.MinY > name.MaxY {
		y = (pos.MinY + name.MaxY) / 2
	}
	a := &pades.Appearance{Page: name.Page, X: (name.MinX + name.MaxX) / 2, Y: y, Seal: p.cfg.Seal,
		Organization: p.cfg.Organization, Font: p.cfg.Font}
	if !approved {
		a.Signature = p.cfg.SignatureImages[SignerKey(rec.Signer)]
	}
	return a
}

// SignerKey is how signature images are matched to signers: the name in
// NFC, case-folded, with single spaces.
func SignerKey(name string) string {
	return strings.Join(strings.Fields(cases.Fold().String(norm.NFC.String(name))), " ")
}
