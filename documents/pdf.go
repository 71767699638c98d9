package documents

// The PDF features of the service: the PDF/A of a document, its page
// previews, the leader's approval of a draft's PDF, and the PAdES-signed
// PDF/A archived at issuing. Everything here is reached from the rest of
// the service through three hooks: issuedPDF (issuing), checkPDF (vanthu
// check) and Options.PDF.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"vanthu/documents/archive"
	"vanthu/documents/convert"
	"vanthu/documents/pades"
	"vanthu/documents/signing"
	"vanthu/documents/vnformat"
)

// PDF configures the PDF features (Options.PDF). Without a Converter they
// answer errors wrapping [ErrPDFUnavailable] and issuing archives the DOCX
// alone.
type PDF struct {
	// Converter renders DOCX as PDF/A-2b.
	Converter convert.Converter
	// Signer is the organisation's key for the PAdES signature; nil
	// archives the PDF/A unsigned.
	Signer *signing.Signer
	// Timestamper makes the signatures PAdES B-T (VANTHU_TSA_URL).
	Timestamper signing.Timestamper
	// Seal is the organisation's seal (VANTHU_SEAL_IMAGE); without it the
	// signature is invisible.
	Seal *pades.Image
	// SignatureImages are the signers' signature images by name
	// (VANTHU_SIGNATURE_IMAGES), keyed by [SignerKey]. The seal overlaps
	// the left third of the signer's image on documents issued without an
	// approval; an approved PDF carries the leader's own appearance.
	SignatureImages map[string]*pades.Image
	// Font and Italic draw the appearance text and the filled date.
	Font, Italic *pades.Font
	// Organization is the name shown on the appearance.
	Organization string

	once  sync.Once
	cache *pageCache
}

// ErrNoPDF means an issued document has no archived PDF: it was issued
// while the PDF features were off.
var ErrNoPDF = errors.New("documents: the document was issued without a PDF")

// ErrPDFUnavailable means no PDF converter is configured or reachable.
var ErrPDFUnavailable = fmt.Errorf("%w; %s", convert.ErrUnavailable, convert.InstallHint)

// Names of the form fields reserved in a draft's PDF.
const (
	fieldNumber    = "so"
	fieldDate      = "ngay"
	fieldDraftMark = "du-thao"
	fieldApproval  = "ky-duyet"
)

// The number line's size in points (component 3 is 14 pt) and the width
// of a space in Times New Roman and its metric clones, in em.
const (
	numberFontSize = 14
	spaceEm        = 0.25
)

func pdfKey(id string, rev int) string      { return revPrefix(id, rev) + "document.pdf" }
func draftPDFKey(id string, rev int) string { return revPrefix(id, rev) + "draft.pdf" }
func approvalKey(id string, rev int) string { return revPrefix(id, rev) + "approval.pdf" }

// pdf returns the configuration, or ErrPDFUnavailable.
func (s *Service) pdf() (*PDF, error) {
	p := s.opts.PDF
	if p == nil || p.Converter == nil {
		return nil, ErrPDFUnavailable
	}
	p.once.Do(func() { p.cache = &pageCache{max: 256, pages: map[string][]byte{}} })
	return p, nil
}

// DocumentPDF returns the PDF of a document: for an issued one the signed
// PDF/A archived at issuing, for a draft the PDF to sign for approval —
// made once per revision and kept, so that an approval can be checked
// against exactly these bytes — or the approved one once uploaded.
func (s *Service) DocumentPDF(ctx context.Context, id string) ([]byte, *Record, error) {
	return s.documentPDF(ctx, id, true)
}

// documentPDF is DocumentPDF; audit records the download (previews do
// not, or every page viewed would add an event to the write-once log).
func (s *Service) documentPDF(ctx context.Context, id string, audit bool) ([]byte, *Record, error) {
	p, err := s.pdf()
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var b []byte
	if rec.Status == StatusIssued {
		if rec.PDF == nil {
			return nil, nil, fmt.Errorf("document %s: %w", id, ErrNoPDF)
		}
		b, err = s.readVerified(ctx, *rec.PDF)
	} else if b, _, err = archive.ReadAll(ctx, s.archive, approvalKey(id, rec.Revision)); errors.Is(err, archive.ErrNotFound) {
		b, err = s.draftPDF(ctx, p, rec)
	}
	if err != nil {
		s.auditRec(ctx, "download.pdf", rec, "failed", err.Error())
		return nil, nil, fmt.Errorf("pdf of %s: %w", id, err)
	}
	if audit {
		s.auditRec(ctx, "download.pdf", rec, "ok", "")
	}
	return b, rec, nil
}

// draftPDF returns the draft's PDF of rec's revision, making and storing
// it on first use.
func (s *Service) draftPDF(ctx context.Context, p *PDF, rec *Record) ([]byte, error) {
	key := draftPDFKey(rec.ID, rec.Revision)
	b, _, err := archive.ReadAll(ctx, s.archive, key)
	if !errors.Is(err, archive.ErrNotFound) {
		return b, err
	}
	docx, err := s.readVerified(ctx, rec.DOCX)
	if err != nil {
		return nil, err
	}
	pdf, err := p.Converter.ConvertDOCX(ctx, docx)
	if err != nil {
		return nil, err
	}
	pdf, err = pades.AddFields(pdf, s.draftFields(ctx, pdf, rec), fieldApproval)
	if err != nil {
		return nil, fmt.Errorf("reserve the number and date: %w", err)
	}
	if _, err := s.archive.Create(context.WithoutCancel(ctx), key, pdf, archive.CreateOptions{ContentType: "application/pdf"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			// Made at the same time by another request: that one is the draft.
			b, _, err := archive.ReadAll(ctx, s.archive, key)
			return b, err
		}
		return nil, err
	}
	return pdf, nil
}

// draftFields places the number, the date and the draft mark where the
// draft's PDF prints them (a field that cannot be placed is left out).
func (s *Service) draftFields(ctx context.Context, pdf []byte, rec *Record) []pades.FieldSpec {
	var out []pades.FieldSpec
	seriesText, dateText := "-"+rec.Type+"/"+rec.Issuer, "\x00"
	if d, err := time.Parse(time.DateOnly, rec.Date); err == nil {
		dateText = vnformat.Date(d)
	}
	found, err := convert.FindTexts(ctx, pdf, "Số", seriesText, dateText, draftMark)
	if err != nil {
		s.log.Warn("draft PDF: fields not placed", "id", rec.ID, "err", err)
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
	if b, ok := found[draftMark]; ok {
		out = append(out, pades.FieldSpec{Name: fieldDraftMark, Page: b.Page, Opaque: true,
			Rect: [4]float64{b.MinX - 2, b.MinY - 2, b.MaxX + 2, b.MaxY + 2}})
	}
	if len(out) < 3 {
		s.log.Warn("draft PDF: some fields could not be placed", "id", rec.ID, "placed", len(out))
	}
	return out
}

// Approve accepts upload as the leader's approval of the draft's current
// revision (see pades.CheckApproval) and keeps it for issuing. A refused
// upload is an error wrapping *pades.ApprovalError.
func (s *Service) Approve(ctx context.Context, id string, upload []byte) (*pades.Approval, error) {
	if !ActorFrom(ctx).Can(RoleClerk) {
		return nil, fmt.Errorf("approve documents: %w", ErrForbidden)
	}
	if _, err := s.pdf(); err != nil {
		return nil, err
	}
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status == StatusIssued {
		return nil, &ConflictError{Message: fmt.Sprintf("document %s is already issued as %s", id, rec.Number)}
	}
	draft, _, err := archive.ReadAll(ctx, s.archive, draftPDFKey(id, rec.Revision))
	if errors.Is(err, archive.ErrNotFound) {
		return nil, &pades.ApprovalError{Check: pades.CheckRevision,
			Message: "chưa có bản PDF dự thảo của lần sửa này; hãy tải bản PDF dự thảo (GET …/pdf), ký và tải lên lại"}
	}
	if err != nil {
		return nil, err
	}
	a, err := pades.CheckApproval(draft, upload, rec.Signer, signing.VerifyOptions{Trusted: s.opts.Trusted})
	if err != nil {
		s.auditRec(ctx, "approve", rec, "refused", err.Error())
		return nil, err
	}
	if _, err := s.createOnce(context.WithoutCancel(ctx), approvalKey(id, rec.Revision), upload,
		archive.CreateOptions{ContentType: "application/pdf"}); err != nil {
		if errors.Is(err, archive.ErrExists) {
			return nil, &ConflictError{Message: fmt.Sprintf("revision %d of draft %s is already approved", rec.Revision, id)}
		}
		return nil, err
	}
	s.auditRec(ctx, "approve", rec, "ok", a.SignerName)
	return a, nil
}

// issuedPDF is the issuing hook: it makes the PDF/A of the issued
// document — the approved draft's PDF with its number and date filled when
// the leader approved the draft, else a new conversion of the final DOCX —
// signs it with the organisation's key (PAdES, visible seal) and archives
// it immutably beside the DOCX, recording it in rec. Without a converter
// it does nothing.
func (s *Service) issuedPDF(ctx context.Context, rec *Record, docx []byte, draftID string, now time.Time) error {
	var base []byte
	if draftID != "" {
		if old, err := s.load(ctx, draftID); err == nil {
			base, _, err = archive.ReadAll(ctx, s.archive, approvalKey(draftID, old.Revision))
			if err != nil && !errors.Is(err, archive.ErrNotFound) {
				return fmt.Errorf("read the approved PDF of %s: %w", draftID, err)
			}
		}
	}
	if tpl, err := s.templates.Get(rec.Template); err == nil && tpl.Manifest().Approval == "required" && base == nil {
		return &ConflictError{Message: fmt.Sprintf("văn bản theo mẫu %q chỉ được ban hành sau khi lãnh đạo ký duyệt: "+
			"tải bản PDF dự thảo (GET …/pdf), ký số và tải lên (POST …/approval)", rec.Template)}
	}
	p, err := s.pdf()
	if err != nil {
		return nil
	}
	fill := map[string]string{}
	approvedBase := false
	if base != nil {
		approvedBase = true
		names, err := pades.TextFields(base)
		if err != nil {
			return fmt.Errorf("approved PDF of %s: %w", draftID, err)
		}
		d, _ := time.Parse(time.DateOnly, rec.Date)
		values := map[string]string{fieldNumber: vnformat.NumberPadded(rec.Ordinal), fieldDate: vnformat.Date(d), fieldDraftMark: ""}
		for _, n := range names {
			if v, ok := values[n]; ok {
				fill[n] = v
			}
		}
	} else if base, err = p.Converter.ConvertDOCX(ctx, docx); err != nil {
		return fmt.Errorf("PDF of %s: %w", rec.ID, err)
	}
	out := base
	if p.Signer != nil {
		o := pades.Options{
			Signer: pades.NewCMSSigner(p.Signer, p.Timestamper), Timestamped: p.Timestamper != nil, Time: now,
			Fill: fill, Font: p.Font, FillFonts: map[string]*pades.Font{fieldDate: p.Italic},
			Name: p.Organization, Reason: "Ban hành văn bản số " + rec.Number,
			Appearance: s.appearance(ctx, p, base, rec, approvedBase),
		}
		if out, err = pades.Sign(ctx, base, o); err != nil {
			return fmt.Errorf("sign the PDF of %s: %w", rec.ID, err)
		}
	}
	opts := archive.CreateOptions{Protect: true, LegalHold: s.opts.LegalHold, ContentType: "application/pdf"}
	info, err := s.createOnce(context.WithoutCancel(ctx), pdfKey(rec.ID, rec.Revision), out, opts)
	if err != nil {
		return fmt.Errorf("store the PDF of %s: %w", rec.ID, err)
	}
	rec.PDF = &FileInfo{Key: info.Key, SHA256: info.SHA256, Size: info.Size, VersionID: info.VersionID}
	return nil
}

// appearance places the seal over the signature block: between the
// signer's position and name on the page that prints the name. Without a
// seal, or when the block is not found, the signature is invisible.
func (s *Service) appearance(ctx context.Context, p *PDF, pdf []byte, rec *Record, approved bool) *pades.Appearance {
	if p.Seal == nil || p.Font == nil || rec.Signer == "" {
		return nil
	}
	found, err := convert.FindTexts(ctx, pdf, rec.Signer, rec.SignerTitle)
	name, ok := found[rec.Signer]
	if err != nil || !ok {
		s.log.Warn("signature block not found; the PDF signature is invisible", "id", rec.ID, "err", err)
		return nil
	}
	y := name.MaxY + 30
	if pos, ok := found[rec.SignerTitle]; ok && rec.SignerTitle != "" && pos.Page == name.Page && pos.MinY > name.MaxY {
		y = (pos.MinY + name.MaxY) / 2
	}
	a := &pades.Appearance{Page: name.Page, X: (name.MinX + name.MaxX) / 2, Y: y, Seal: p.Seal,
		Organization: p.Organization, Font: p.Font}
	if !approved {
		a.Signature = p.SignatureImages[SignerKey(rec.Signer)]
	}
	return a
}

// SignerKey is how signature images are matched to signers: the name in
// NFC, case-folded, with single spaces.
func SignerKey(name string) string {
	return strings.Join(strings.Fields(cases.Fold().String(norm.NFC.String(name))), " ")
}

// PagePNG returns page n (from 1) of the document's PDF as a PNG preview.
// Previews are kept in memory by the PDF's checksum.
func (s *Service) PagePNG(ctx context.Context, id string, n int) ([]byte, error) {
	pdf, _, err := s.documentPDF(ctx, id, false)
	if err != nil {
		return nil, err
	}
	p, _ := s.pdf()
	sum := sha256.Sum256(pdf)
	key := fmt.Sprintf("%s/%d", hex.EncodeToString(sum[:]), n)
	if b, ok := p.cache.get(key); ok {
		return b, nil
	}
	b, err := convert.RenderPage(ctx, pdf, n, convert.PreviewDPI)
	if errors.Is(err, convert.ErrNoPage) {
		return nil, invalid("page", "%v", err)
	}
	if err != nil {
		return nil, err
	}
	p.cache.put(key, b)
	return b, nil
}

// PDFVerification lists the signatures of a document's PDF.
type PDFVerification struct {
	// Intact is true when every signature is valid and the last one covers
	// the whole file: nothing was changed after the organisation signed.
	Intact     bool              `json:"intact"`
	Signatures []pades.Signature `json:"signatures"`
	Error      string            `json:"error,omitempty"`
}

// VerifyPDF checks every signature of an issued document's archived PDF.
func (s *Service) VerifyPDF(ctx context.Context, id string) (*PDFVerification, error) {
	rec, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.PDF == nil {
		return nil, fmt.Errorf("document %s: %w", id, ErrNoPDF)
	}
	b, _, err := archive.ReadAll(ctx, s.archive, rec.PDF.Key)
	if errors.Is(err, archive.ErrCorrupt) {
		return &PDFVerification{Signatures: []pades.Signature{}, Error: "the archived PDF was altered after it was stored: " + err.Error()}, nil
	}
	if err != nil {
		return nil, err
	}
	return verifyPDFBytes(b, s.opts.Trusted), nil
}

// VerifyPDFFile checks every signature of a PDF file (vanthu verify).
func VerifyPDFFile(pdf []byte, trusted []*x509.Certificate) *PDFVerification {
	return verifyPDFBytes(pdf, trusted)
}

func verifyPDFBytes(b []byte, trusted []*x509.Certificate) *PDFVerification {
	sigs, err := pades.Verify(b, signing.VerifyOptions{Trusted: trusted})
	if err != nil {
		return &PDFVerification{Signatures: []pades.Signature{}, Error: err.Error()}
	}
	v := &PDFVerification{Signatures: sigs, Intact: true}
	for _, sg := range sigs {
		if !sg.Valid {
			v.Intact = false
		}
	}
	if last := sigs[len(sigs)-1]; !last.WholeDocument {
		v.Intact = false
		v.Error = fmt.Sprintf("the file was changed after its last signature: %d bytes follow the signed revision", len(b)-last.CoveredBytes)
	}
	return v
}

// checkPDF is the hook of vanthu check: an issued document's archived PDF
// must read back intact with every signature valid.
func (c *checker) checkPDF(ctx context.Context, rec *Record, at func(string) Problem) {
	if rec.PDF == nil {
		return
	}
	b, err := c.s.readVerified(ctx, *rec.PDF)
	if err != nil {
		c.problem(at(rec.PDF.Key), "PDF: ", err)
		return
	}
	if v := verifyPDFBytes(b, c.s.opts.Trusted); !v.Intact {
		var why []string
		if v.Error != "" {
			why = append(why, v.Error)
		}
		for _, sg := range v.Signatures {
			if !sg.Valid {
				why = append(why, sg.Field+": "+sg.Error)
			}
		}
		c.problem(at(rec.PDF.Key), "PDF signatures do not verify: "+strings.Join(why, "; "), nil)
	}
}

// pageCache keeps rendered previews, dropping the oldest beyond max.
type pageCache struct {
	mu    sync.Mutex
	max   int
	order []string
	pages map[string][]byte
}

func (c *pageCache) get(k string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[k]
	return b, ok
}

func (c *pageCache) put(k string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[k]; ok {
		return
	}
	if len(c.order) >= c.max {
		delete(c.pages, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, k)
	c.pages[k] = bytes.Clone(b)
}
