package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"vanthu/api"
	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/role"
	"vanthu/search"
	"vanthu/templates"
)

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// app holds the opened backends and the service.
type app struct {
	cfg     Config
	log     *slog.Logger
	archive archive.Archive
	index   search.Index
	docs    *documents.Service
	cert    []byte
}

// setup opens every backend the configuration names, the PDF converter
// included; close releases them.
func setup(ctx context.Context, cfg Config, log *slog.Logger) (*app, func(), error) {
	return openApp(ctx, cfg, log, true)
}

// setupWithoutPDF is setup without the PDF features, for the commands that
// never convert a document (reindex, migrate): no LibreOffice is started.
func setupWithoutPDF(ctx context.Context, cfg Config, log *slog.Logger) (*app, func(), error) {
	return openApp(ctx, cfg, log, false)
}

// openApp opens the backends; withPDF also starts the PDF converter.
func openApp(ctx context.Context, cfg Config, log *slog.Logger, withPDF bool) (*app, func(), error) {
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, cleanup, fmt.Errorf("create data dir (VANTHU_DATA_DIR): %w", err)
	}
	arc, err := openArchive(ctx, cfg, log)
	if err != nil {
		return nil, cleanup, err
	}
	closers = append(closers, func() { arc.Close() })
	ix, err := openIndex(ctx, cfg, log)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	closers = append(closers, func() { ix.Close() })
	signer, closeToken, err := openTokenSigner(cfg, log) // PKCS#11 (cmd/vanthu/pdf.go)
	closers = append(closers, closeToken)
	if err == nil && signer == nil {
		signer, err = openSigner(cfg, log)
	}
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	trusted, err := trustedCertificates(cfg, signer)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	reg, err := templates.NewRegistry()
	if err != nil {
		cleanup()
		return nil, func() {}, fmt.Errorf("load built-in templates: %w", err)
	}
	var pdf *pdfdoc.Config
	if withPDF {
		var closePDF func()
		pdf, closePDF, err = openPDF(ctx, cfg, signer, log) // cmd/vanthu/pdf.go
		closers = append(closers, closePDF)
		if err != nil {
			cleanup()
			return nil, func() {}, err
		}
	}
	docs, err := documents.New(documents.Options{
		Archive: arc, Index: ix, Templates: reg, Signer: signer, Trusted: trusted, Logger: log, PDF: pdf,
		LegalHold: cfg.S3LegalHold, QuotaBase: cfg.QuotaBase, QuotaPercent: cfg.QuotaPct, Terms: cfg.Terms, RetryInterval: cfg.RetryInterval,
		ReclaimAfter: cfg.ReclaimAfter, ReclaimInterval: cfg.ReclaimInterval,
	})
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	n, err := docs.LoadTemplates(ctx)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	log.Info("templates loaded", "builtin", len(reg.List())-n, "uploaded", n)
	return &app{cfg: cfg, log: log, archive: arc, index: ix, docs: docs, cert: signer.CertificatePEM()}, cleanup, nil
}

func cmdServe(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("serve takes no arguments; configure it with VANTHU_* variables")
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (VANTHU_ADDR): %w", cfg.Addr, err)
	}
	return serve(ctx, cfg, log, ln)
}

// serve runs the service on ln until ctx ends.
func serve(ctx context.Context, cfg Config, log *slog.Logger, ln net.Listener) error {
	defer ln.Close()
	a, cleanup, err := setup(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer cleanup()
	tokens, err := loadOrBootstrapTokens(cfg, log)
	if err != nil {
		return err
	}
	rets, err := newReturns(cfg, a)
	if err != nil {
		return err
	}
	srv := api.New(api.Options{Docs: a.docs, Tokens: tokens, PublicRead: cfg.PublicRead, MaxBody: cfg.MaxBody, CertificatePEM: a.cert, Logger: log, Returns: rets})
	pages, err := newWeb(ctx, cfg, a, rets, log)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: mountWeb(srv.Handler(), pages), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	ictx, stopIndexer := context.WithCancel(ctx)
	indexerDone := make(chan struct{})
	go func() { a.docs.RunIndexer(ictx); close(indexerDone) }()
	defer func() { stopIndexer(); <-indexerDone }()
	log.Info("vanthu listening", "addr", "http://"+ln.Addr().String(), "public_read", cfg.PublicRead)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}
	return nil
}

// loadOrBootstrapTokens reads the tokens file; when there is none, it creates
// one with an administrator token and prints that token once.
func loadOrBootstrapTokens(cfg Config, log *slog.Logger) (*api.Tokens, error) {
	if _, err := os.Stat(cfg.TokensFile); errors.Is(err, os.ErrNotExist) {
		token, err := api.AddToken(cfg.TokensFile, "Quản trị viên", string(role.Admin), "TUYỆT MẬT")
		if err != nil {
			return nil, fmt.Errorf("create the first administrator token: %w", err)
		}
		fmt.Fprintf(os.Stdout, "\n%s\nFirst start: an administrator token was created. It is shown only this once; only its hash is stored in %s.\n\n    %s\n\nAdd more with: vanthu token add --name NAME --role clerk\n%s\n\n",
			strings.Repeat("=", 72), cfg.TokensFile, token, strings.Repeat("=", 72))
		log.Warn("created the first administrator token (printed once on stdout)", "tokens_file", cfg.TokensFile)
	}
	t, err := api.LoadTokens(cfg.TokensFile)
	if err != nil {
		return nil, fmt.Errorf("VANTHU_TOKENS_FILE: %w", err)
	}
	return t, nil
}
