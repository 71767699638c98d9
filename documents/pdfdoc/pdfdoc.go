package pdfdoc

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"

	"vanthu/documents/archive"
	"vanthu/documents/convert"
	"vanthu/documents/pades"
	"vanthu/documents/record"
	"vanthu/documents/signing"
)

// Config configures the PDF features. Without a Converter they answer
// errors wrapping [ErrUnavailable] and issuing archives the DOCX alone.
type Config struct {
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
}

// Options are what the PDF features share with the documents service.
type Options struct {
	// Archive keeps the drafts' PDFs, the approvals and the issued PDFs.
	Archive archive.Archive
	// Trusted are the certificates signatures verify against.
	Trusted []*x509.Certificate
	// LegalHold also places a legal hold on issued PDFs (S3).
	LegalHold bool
	Logger    *slog.Logger
}

// Service makes, keeps and checks the PDFs of documents in an archive.
type Service struct {
	cfg   Config
	opts  Options
	log   *slog.Logger
	cache *pageCache
}

// New returns the PDF features configured by cfg; a nil cfg, or one
// without a Converter, turns them off.
func New(cfg *Config, opts Options) *Service {
	p := &Service{opts: opts, log: opts.Logger, cache: &pageCache{max: 256, pages: map[string][]byte{}}}
	if cfg != nil {
		p.cfg = *cfg
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	return p
}

// ErrNoPDF means an issued document has no archived PDF: it was issued
// while the PDF features were off.
var ErrNoPDF = errors.New("pdfdoc: the document was issued without a PDF")

// ErrUnavailable means no PDF converter is configured or reachable.
var ErrUnavailable = fmt.Errorf("%w; %s", convert.ErrUnavailable, convert.InstallHint)

// Available answers ErrUnavailable when no converter is configured (or p
// is nil).
func (p *Service) Available() error {
	if p == nil || p.cfg.Converter == nil {
		return ErrUnavailable
	}
	return nil
}

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

// readVerified reads an archived file checked against its record
// (record.ReadVerifiedLogged).
func (p *Service) readVerified(ctx context.Context, f record.FileInfo) ([]byte, error) {
	return record.ReadVerifiedLogged(ctx, p.opts.Archive, f, p.log)
}

// createOnce writes key once, retrying a write whose answer was lost.
func (p *Service) createOnce(ctx context.Context, key string, data []byte, opts archive.CreateOptions) (archive.ObjectInfo, error) {
	return archive.CreateOnce(ctx, p.opts.Archive, key, data, opts, 0)
}
