package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"vanthu/documents/returns"
	"vanthu/web"
	"vanthu/web/account"
)

// newWeb builds the pages: the accounts in the archive (with the first
// administrator on an empty archive), the session key, the server.
func newWeb(ctx context.Context, cfg Config, a *app, rets *returns.Service, log *slog.Logger) (*web.Server, error) {
	accounts := account.NewStore(a.archive)
	pw, err := accounts.EnsureAdmin(ctx)
	if err != nil {
		return nil, err
	}
	if pw != "" {
		fmt.Fprintf(os.Stdout, "\n%s\nFirst start: the administrator account was created for the web pages.\nOpen http://%s/ and sign in as  admin  with the one-time password\n\n    %s\n\nYou will be asked to choose a new password at the first sign-in.\n%s\n\n",
			strings.Repeat("=", 72), cfg.Addr, pw, strings.Repeat("=", 72))
		log.Warn("created the first administrator account (one-time password printed once on stdout)")
	}
	key, err := sessionKey(cfg, log)
	if err != nil {
		return nil, err
	}
	sessions, err := account.NewSessions(key, cfg.SessionIdle, cfg.SessionLifetime)
	if err != nil {
		return nil, fmt.Errorf("VANTHU_SESSION_KEY: %w", err)
	}
	return web.New(web.Options{Docs: a.docs, Accounts: accounts, Sessions: sessions, Returns: rets, OfficeName: cfg.OrgName, CookieSecure: cfg.CookieSecure, Logger: log})
}

// newReturns builds the returns service that the API and the pages share.
func newReturns(cfg Config, a *app) (*returns.Service, error) {
	return returns.New(returns.Options{Archive: a.archive, Docs: a.docs, QuotaBase: cfg.QuotaBase, QuotaPercent: cfg.QuotaPct})
}

// sessionKey returns VANTHU_SESSION_KEY, or the key kept in
// <data dir>/session.key, created on first use. Instances sharing an
// archive must share the key: set VANTHU_SESSION_KEY (or _FILE) for them.
func sessionKey(cfg Config, log *slog.Logger) ([]byte, error) {
	if cfg.SessionKey != "" {
		return []byte(cfg.SessionKey), nil
	}
	path := filepath.Join(cfg.DataDir, "session.key")
	b, err := os.ReadFile(path)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read the session key %s: %w", path, err)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("generate a session key: %w", err)
	}
	key := hex.EncodeToString(raw[:])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return sessionKey(cfg, log) // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("write the session key %s: %w", path, err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write the session key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write the session key %s: %w", path, err)
	}
	if cfg.S3Endpoint != "" {
		log.Warn("web sessions are signed with a key generated for this instance; set VANTHU_SESSION_KEY on every instance sharing the archive", "file", path)
	}
	return []byte(key), nil
}

// mountWeb serves the API under /api/, /healthz and /readyz, and the pages
// everywhere else.
func mountWeb(apiHandler http.Handler, pages *web.Server) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/", pages.Handler())
	return mux
}
