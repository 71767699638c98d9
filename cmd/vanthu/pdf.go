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
	"strconv"
	"strings"
	"time"

	"vanthu/documents"
	"vanthu/documents/convert"
	"vanthu/documents/convert/gotenberg"
	"vanthu/documents/convert/libreoffice"
	"vanthu/documents/pades"
	"vanthu/documents/signing"
	"vanthu/documents/signing/pkcs11key"
)

// pdfOptions are the settings of the PDF features and of a key in a token;
// the README's configuration table lists them.
var pdfOptions = []option{
	{env: "VANTHU_PDF", def: "auto", help: "PDF features: auto (Gotenberg when VANTHU_GOTENBERG_URL is set, else LibreOffice when soffice is on PATH) or off"},
	{env: "VANTHU_GOTENBERG_URL", def: "", help: "Gotenberg 8 URL; set to convert there instead of a local LibreOffice"},
	{env: "VANTHU_PDF_WORKERS", def: "2", help: "conversions at once (LibreOffice processes)"},
	{env: "VANTHU_PDF_TIMEOUT", def: "60s", help: "longest conversion; a LibreOffice that takes longer is restarted"},
	{env: "VANTHU_SEAL_IMAGE", def: "", help: "the organisation's seal, a transparent PNG (its pHYs resolution gives its real size)"},
	{env: "VANTHU_SIGNATURE_IMAGES", def: "", help: "directory of the signers' signature images, one transparent PNG per signer named after them (Nguyễn Văn A.png)"},
	{env: "VANTHU_TSA_URL", def: "", help: "RFC 3161 timestamp authority: PAdES B-T signatures"},
	{env: "VANTHU_SIGN_PKCS11_MODULE", def: "", help: "PKCS#11 library of the token or HSM holding the organisation's key"},
	{env: "VANTHU_SIGN_PKCS11_TOKEN", def: "", help: "token label"},
	{env: "VANTHU_SIGN_PKCS11_PIN", def: "", help: "token user PIN", secret: true},
	{env: "VANTHU_SIGN_PKCS11_KEY_LABEL", def: "", help: "label of the key pair (and of its certificate) in the token"},
}

// pdfConfig is the typed form of pdfOptions.
type pdfConfig struct {
	Mode, GotenbergURL, SealImage, TSAURL string
	SignatureImages                       string
	Workers                               int
	Timeout                               time.Duration
	PKCS11                                pkcs11key.Config
}

// loadPDFConfig reads and validates pdfOptions; errors name the variable.
func loadPDFConfig() (pdfConfig, error) {
	v := map[string]string{}
	for _, o := range pdfOptions {
		s, err := getenv(o)
		if err != nil {
			return pdfConfig{}, err
		}
		v[o.env] = strings.TrimSpace(s)
	}
	c := pdfConfig{Mode: v["VANTHU_PDF"], GotenbergURL: v["VANTHU_GOTENBERG_URL"], SealImage: v["VANTHU_SEAL_IMAGE"], TSAURL: v["VANTHU_TSA_URL"],
		SignatureImages: v["VANTHU_SIGNATURE_IMAGES"],
		PKCS11: pkcs11key.Config{Module: v["VANTHU_SIGN_PKCS11_MODULE"], Token: v["VANTHU_SIGN_PKCS11_TOKEN"],
			PIN: v["VANTHU_SIGN_PKCS11_PIN"], KeyLabel: v["VANTHU_SIGN_PKCS11_KEY_LABEL"]}}
	var errs []error
	if c.Mode != "auto" && c.Mode != "off" {
		errs = append(errs, fmt.Errorf("VANTHU_PDF must be auto or off, got %q", c.Mode))
	}
	n, err := strconv.Atoi(v["VANTHU_PDF_WORKERS"])
	if err != nil || n < 1 || n > 64 {
		errs = append(errs, fmt.Errorf("VANTHU_PDF_WORKERS must be an integer from 1 to 64, got %q", v["VANTHU_PDF_WORKERS"]))
	}
	c.Workers = n
	if c.Timeout, err = time.ParseDuration(v["VANTHU_PDF_TIMEOUT"]); err != nil || c.Timeout < time.Second {
		errs = append(errs, fmt.Errorf("VANTHU_PDF_TIMEOUT must be a duration of at least 1s such as 60s, got %q", v["VANTHU_PDF_TIMEOUT"]))
	}
	if c.TSAURL != "" {
		if err := signing.ValidateTSAURL(c.TSAURL); err != nil {
			errs = append(errs, err)
		}
	}
	if c.pkcs11() {
		if err := c.PKCS11.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return c, errors.Join(errs...)
}

func (c pdfConfig) pkcs11() bool {
	return c.PKCS11.Module != "" || c.PKCS11.Token != "" || c.PKCS11.KeyLabel != ""
}

// openTokenSigner opens the organisation's key in a PKCS#11 token when
// VANTHU_SIGN_PKCS11_* are set; otherwise it returns a nil signer.
func openTokenSigner(cfg Config, log *slog.Logger) (*signing.Signer, func(), error) {
	pc, err := loadPDFConfig()
	if err != nil {
		return nil, func() {}, err
	}
	if !pc.pkcs11() {
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
// and loads the seal, fonts and timestamp authority.
func openPDF(ctx context.Context, cfg Config, signer *signing.Signer, log *slog.Logger) (*documents.PDF, func(), error) {
	pc, err := loadPDFConfig()
	if err != nil {
		return nil, func() {}, err
	}
	if pc.Mode == "off" {
		log.Info("PDF: off (VANTHU_PDF=off)")
		return nil, func() {}, nil
	}
	p := &documents.PDF{Signer: signer, Organization: signer.Certificate().Subject.CommonName}
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
// FILE.pdf) and writes the verification to out.
func verifyPDF(path, certPath string, out io.Writer) (bool, error) {
	pdf, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	certs, err := verifyTrusted(certPath)
	if err != nil {
		return false, err
	}
	v := documents.VerifyPDFFile(pdf, certs)
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
		out[documents.SignerKey(strings.TrimSuffix(name, filepath.Ext(name)))] = im
	}
	return out, nil
}
