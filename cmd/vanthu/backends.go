package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/archive/s3archive"
	"vanthu/documents/signing"
	"vanthu/search"
	"vanthu/search/bleveindex"
	"vanthu/search/meiliindex"
)

// openArchive is the only place that picks the archive driver:
// S3 when VANTHU_S3_ENDPOINT is set, the filesystem otherwise.
func openArchive(ctx context.Context, cfg Config, log *slog.Logger) (archive.Archive, error) {
	if cfg.S3Endpoint != "" {
		a, err := s3archive.Open(ctx, s3archive.Options{
			Endpoint: cfg.S3Endpoint, AccessKey: cfg.S3AccessKey, SecretKey: cfg.S3SecretKey,
			Bucket: cfg.S3Bucket, UseSSL: cfg.S3UseSSL, Region: cfg.S3Region,
			RetentionMode: cfg.S3RetentionMode, RetentionDays: cfg.S3RetentionDays,
		})
		if err != nil {
			return nil, fmt.Errorf("open S3 archive at %s (VANTHU_S3_ENDPOINT): %w", cfg.S3Endpoint, err)
		}
		log.Info("archive: S3 with object lock", "endpoint", cfg.S3Endpoint, "bucket", cfg.S3Bucket,
			"retention", cfg.S3RetentionMode, "days", cfg.S3RetentionDays, "legal_hold", cfg.S3LegalHold)
		return a, nil
	}
	dir := filepath.Join(cfg.DataDir, "archive")
	a, err := fsarchive.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open filesystem archive in %s (VANTHU_DATA_DIR): %w", dir, err)
	}
	log.Info("archive: local filesystem (embedded default)", "dir", dir)
	return a, nil
}

// openIndex is the only place that picks the index driver:
// Meilisearch when VANTHU_MEILI_URL is set, embedded bleve otherwise.
func openIndex(ctx context.Context, cfg Config, log *slog.Logger) (search.Index, error) {
	if cfg.MeiliURL != "" {
		var (
			ix  search.Index
			err error
		)
		// Meilisearch may still be starting (docker compose): retry briefly.
		for attempt := 0; attempt < 30; attempt++ {
			ix, err = meiliindex.Open(ctx, meiliindex.Options{URL: cfg.MeiliURL, APIKey: cfg.MeiliKey, Index: cfg.MeiliIndex})
			if err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Second):
			}
		}
		if err != nil {
			return nil, fmt.Errorf("open Meilisearch index at %s (VANTHU_MEILI_URL): %w", cfg.MeiliURL, err)
		}
		log.Info("index: Meilisearch", "url", cfg.MeiliURL, "index", cfg.MeiliIndex)
		return ix, nil
	}
	dir := filepath.Join(cfg.DataDir, "index")
	ix, err := bleveindex.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open embedded index in %s (VANTHU_DATA_DIR): %w", dir, err)
	}
	log.Info("index: bleve (embedded default)", "dir", dir)
	return ix, nil
}

// openSigner loads the organisation's signing key: PKCS#12, PEM pair, or a
// self-signed certificate generated under the data directory.
func openSigner(cfg Config, log *slog.Logger) (*signing.Signer, error) {
	switch {
	case cfg.SignP12 != "":
		b, err := os.ReadFile(cfg.SignP12)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGN_P12: %w", err)
		}
		s, err := signing.LoadPKCS12(b, cfg.SignP12Password)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGN_P12: %w", err)
		}
		log.Info("signing: PKCS#12 key", "subject", s.Certificate().Subject.String())
		return s, nil
	case cfg.SignCert != "":
		cert, err := pemValue(cfg.SignCert)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGN_CERT: %w", err)
		}
		key, err := pemValue(cfg.SignKey)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGN_KEY: %w", err)
		}
		s, err := signing.LoadPEM(cert, key)
		if err != nil {
			return nil, fmt.Errorf("VANTHU_SIGN_CERT/VANTHU_SIGN_KEY: %w", err)
		}
		log.Info("signing: PEM key", "subject", s.Certificate().Subject.String())
		return s, nil
	}
	s, created, err := signing.LoadOrCreate(cfg.DataDir, cfg.OrgName, cfg.OrgName, time.Now())
	if err != nil {
		return nil, fmt.Errorf("signing key under %s: %w", cfg.DataDir, err)
	}
	if created {
		log.Warn("generated a self-signed signing certificate; set VANTHU_SIGN_CERT/VANTHU_SIGN_KEY or VANTHU_SIGN_P12 to use the organisation's own",
			"dir", filepath.Join(cfg.DataDir, "signing"), "fingerprint", s.Fingerprint())
	} else {
		log.Warn("signing with the self-signed certificate under the data directory", "fingerprint", s.Fingerprint())
	}
	return s, nil
}

// pemValue takes PEM text given directly in a variable, or the path of a
// file holding it.
// trustedCertificates is what signatures are verified against: the signing
// certificate with its chain, and the certificates of VANTHU_SIGN_TRUSTED,
// so that documents signed before a key was replaced still verify.
func trustedCertificates(cfg Config, signer *signing.Signer) ([]*x509.Certificate, error) {
	trusted := signer.Chain()
	if cfg.SignTrusted == "" {
		return trusted, nil
	}
	more, err := certificatesValue(cfg.SignTrusted)
	if err != nil {
		return nil, fmt.Errorf("VANTHU_SIGN_TRUSTED: %w", err)
	}
	return append(trusted, more...), nil
}

// certificatesValue reads the PEM certificates of a value that is either
// the PEM text itself or a file path.
func certificatesValue(v string) ([]*x509.Certificate, error) {
	b, err := pemValue(v)
	if err != nil {
		return nil, err
	}
	return signing.ParseCertificatesPEM(b)
}

func pemValue(v string) ([]byte, error) {
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
		return []byte(v), nil
	}
	return os.ReadFile(v)
}
