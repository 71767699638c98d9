package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"vanthu/documents/convert"
	"vanthu/documents/convert/gotenberg"
	"vanthu/documents/convert/libreoffice"
	"vanthu/documents/pades"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/signing"
	"vanthu/documents/signing/pkcs11key"
)

// openTokenSigner opens the organisation's key in a PKCS#11 token when
// VANTHU_SIGN_PKCS11_* are set; otherwise it returns a nil signer.
func openTokenSigner(cfg Config, log *slog.Logger) (*signing.Signer, func(), error) {
	pc := cfg.PDF
	if !pc.TokenKey() {
		return nil, func() {}, nil
	}
	if cfg.SignCert != "" {
		certs, err := certificatesValue(cfg.SignCert)
		if err != nil {
			return nil, func() {}, fmt.Errorf("VANTHU_SIGN_CERT: %w", err)
		}
		pc.PKCS11.Certificates = certs
	}
	k, err := pkcs11key.Open(pc.PKCS11)
	if err != nil {
		return nil, func() {}, err
	}
	log.Info("signing: PKCS#11 key", "token", pc.PKCS11.Token, "key", pc.PKCS11.KeyLabel,
		"subject", k.Signer().Certificate().Subject.String())
	return k.Signer(), func() { k.Close() }, nil
}

// openPDF picks the converter (Gotenberg when configured, else a local
// LibreOffice when soffice is on PATH, else none: PDF features answer 503)
// and loads the seal, fonts and timestamp authority, as cfg.PDF says.
func openPDF(ctx context.Context, cfg Config, signer *signing.Signer, log *slog.Logger) (*pdfdoc.Config, func(), error) {
	pc := cfg.PDF
	if pc.Mode != PDFAuto { // off, or a Config built by hand without it
		log.Info("PDF: off (VANTHU_PDF=off)")
		return nil, func() {}, nil
	}
	var err error
	p := &pdfdoc.Config{Signer: signer, Organization: signer.Certificate().Subject.CommonName}
	if org := signer.Certificate().Subject.Organization; len(org) > 0 && p.Organization == "" {
		p.Organization = org[0]
	}
	if pc.SealImage != "" {
		b, err := os.ReadFile(pc.SealImage)
		if err != nil {
			return nil, func() {}, fmt.Errorf("VANTHU_SEAL_IMAGE: %w", err)
		}
		if p.Seal, err = pades.LoadPNG(b); err != nil {
			return nil, func() {}, fmt.Errorf("VANTHU_SEAL_IMAGE: %w", err)
		}
	}
	if pc.SignatureImages != "" {
		if p.SignatureImages, err = loadSignatureImages(pc.SignatureImages); err != nil {
			return nil, func() {}, err
		}
	}
	if p.Font, err = pades.FindFont(); err != nil {
		log.Warn("PDF: no serif font for the signature appearance; signatures are invisible", "err", err)
		p.Seal = nil
	}
	if p.Italic, err = pades.FindFontStyle("Italic"); err != nil {
		p.Italic = p.Font
	}
	if pc.TSAURL != "" {
		p.Timestamper = &signing.TSA{URL: pc.TSAURL}
	}
	switch {
	case pc.GotenbergURL != "":
		c, err := gotenberg.Open(ctx, gotenberg.Options{URL: pc.GotenbergURL, Workers: pc.Workers, Timeout: pc.Timeout})
		if err != nil {
			return nil, func() {}, fmt.Errorf("VANTHU_GOTENBERG_URL: %w", err)
		}
		p.Converter = c
		log.Info("PDF: Gotenberg", "url", pc.GotenbergURL, "workers", pc.Workers)
	default:
		if _, err := exec.LookPath("soffice"); err != nil {
			log.Warn("PDF: no converter; PDF features answer 503", "install", convert.InstallHint)
			return nil, func() {}, nil
		}
		c, err := libreoffice.Open(libreoffice.Options{Dir: filepath.Join(cfg.DataDir, "libreoffice"),
			Workers: pc.Workers, Timeout: pc.Timeout, Logger: log})
		if errors.Is(err, convert.ErrUnavailable) {
			log.Warn("PDF: LibreOffice unusable; PDF features answer 503", "err", err)
			return nil, func() {}, nil
		}
		if err != nil {
			return nil, func() {}, err
		}
		p.Converter = c
		log.Info("PDF: LibreOffice", "workers", pc.Workers, "timeout", pc.Timeout, "seal", pc.SealImage != "", "tsa", pc.TSAURL != "")
	}
	return p, func() { p.Converter.Close() }, nil
}

// verifyPDF checks every signature of a PDF offline (vanthu verify
// FILE.pdf) and writes the verification to out; env is as for cmdVerify.
func verifyPDF(path, certPath string, env func(string) (string, bool), out io.Writer) (bool, error) {
	pdf, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	certs, err := verifyTrusted(certPath, env)
	if err != nil {
		return false, err
	}
	v := pdfdoc.VerifyFile(pdf, certs)
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Fprintln(out, string(b))
	return v.Intact, nil
}

// loadSignatureImages reads every PNG of dir as the signature image of the
// signer its file is named after.
func loadSignatureImages(dir string) (map[string]*pades.Image, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("VANTHU_SIGNATURE_IMAGES: %w", err)
	}
	out := map[string]*pades.Image{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ".png") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGNATURE_IMAGES: %w", err)
		}
		im, err := pades.LoadPNG(b)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGNATURE_IMAGES: %s: %w", name, err)
		}
		out[pdfdoc.SignerKey(strings.TrimSuffix(name, filepath.Ext(name)))] = im
	}
	return out, nil
}
