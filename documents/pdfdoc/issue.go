package pdfdoc

import (
	"context"
	"errors"
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

// ApprovalRequiredError refuses issuing, without the leader's approval, a
// document whose template allows issuing only approved drafts.
type ApprovalRequiredError struct{ Template string }

func (e *ApprovalRequiredError) Error() string {
	return fmt.Sprintf("văn bản theo mẫu %q chỉ được ban hành sau khi lãnh đạo ký duyệt: "+
		"tải bản PDF dự thảo (GET …/pdf), ký số và tải lên (POST …/approval)", e.Template)
}

// IssueDraft is the issuing hook of the service: the signed PDF/A of the
// issued document rec (from the leader's approved PDF of the current
// revision of draftID when there is one; draftID is "" for a new
// document), archived beside the DOCX and recorded in rec.PDF. With
// required, issuing without an approval is refused with an
// *ApprovalRequiredError; without a converter nothing else is done.
func (p *Service) IssueDraft(ctx context.Context, rec *record.Record, docx []byte, draftID string, required bool, now time.Time) error {
	var approved []byte
	if draftID != "" {
		if old, err := record.Load(ctx, p.opts.Archive, draftID); err == nil {
			b, err := p.Approved(ctx, draftID, old.Revision)
			if err != nil && !errors.Is(err, archive.ErrNotFound) {
				return fmt.Errorf("read the approved PDF of %s: %w", draftID, err)
			}
			if err == nil {
				approved = b
			}
		}
	}
	if approved == nil && required {
		return &ApprovalRequiredError{Template: rec.Template}
	}
	if p.Available() != nil {
		return nil
	}
	f, err := p.Issue(ctx, rec, docx, approved, now)
	if err != nil {
		return err
	}
	rec.PDF = f
	return nil
}
