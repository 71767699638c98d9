package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vanthu/api"
	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/archive/fsarchive"
	"vanthu/documents/compose"
	"vanthu/documents/kind"
	"vanthu/documents/review"
	"vanthu/documents/signing"
	"vanthu/templates"
)

// cmdRender fills a template offline. FILE.json is either a full request
// body ({"template": …, "data": …}) or the data object alone.
func cmdRender(args []string) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	tpl := fs.String("template", "", "template name (default: the file's \"template\")")
	dataPath := fs.String("data", "", "JSON file with the data (required)")
	out := fs.String("out", "", "DOCX file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dataPath == "" || *out == "" {
		return errors.New("--data and --out are required")
	}
	raw, err := os.ReadFile(*dataPath)
	if err != nil {
		return err
	}
	req, err := renderRequest(raw, *tpl)
	if err != nil {
		return fmt.Errorf("%s: %w", *dataPath, err)
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	reg, err := templates.NewRegistry()
	if err != nil {
		return err
	}
	rec, docx, err := compose.NewRenderer(reg, kind.Rules{QuotaBase: review.QuotaBase(cfg.QuotaBase), QuotaPercent: cfg.QuotaPct}).Render(req.Template, req.Data)
	if err != nil {
		var ve *kind.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Fields {
				fmt.Fprintf(os.Stderr, "  %s: %s\n", f.Path, f.Message)
			}
		}
		return err
	}
	if err := os.WriteFile(*out, docx, 0o644); err != nil {
		return err
	}
	for _, w := range rec.Warnings {
		fmt.Fprintf(os.Stderr, "warning: %s\n", w.Message)
	}
	fmt.Printf("wrote %s (%d bytes, sha256 %s, number %q, %d citations)\n", *out, len(docx), rec.DOCX.SHA256, rec.Number, len(rec.Citations))
	return nil
}

func renderRequest(raw []byte, tpl string) (documents.CreateRequest, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return documents.CreateRequest{}, fmt.Errorf("not a JSON object: %w", err)
	}
	req := documents.CreateRequest{Template: tpl, Data: raw}
	if d, ok := probe["data"]; ok {
		req.Data = d
		if tpl == "" {
			_ = json.Unmarshal(probe["template"], &req.Template)
		}
	}
	if req.Template == "" {
		return req, errors.New("no template: pass --template or put \"template\" in the file")
	}
	return req, nil
}

// cmdReindex rebuilds the index from the archive, with the configuration
// in the variables env returns (os.LookupEnv in main).
func cmdReindex(args []string, env func(string) (string, bool)) error {
	if len(args) > 0 {
		return errors.New("reindex takes no arguments")
	}
	cfg, err := ConfigFrom(env)
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	ctx := context.Background()
	a, cleanup, err := setupWithoutPDF(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer cleanup()
	start := time.Now()
	n, err := a.docs.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("reindexed %d documents in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

// cmdCheck reads the whole archive back (see documents.Service.Check) and
// writes what it found to out; ok is false when anything is wrong. The
// configuration is in the variables env returns (os.LookupEnv in main).
func cmdCheck(args []string, env func(string) (string, bool), out io.Writer) (ok bool, err error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	if fs.NArg() > 0 {
		return false, errors.New("usage: vanthu check [--json]")
	}
	cfg, err := ConfigFrom(env)
	if err != nil {
		return false, err
	}
	return checkArchive(cfg, *asJSON, out)
}

// checkArchive is vanthu check with a configuration.
func checkArchive(cfg Config, asJSON bool, out io.Writer) (ok bool, err error) {
	ctx := context.Background()
	log := newLogger(cfg.LogLevel)
	// The archive and the certificates only: the index is not needed, and
	// the embedded one is held by a running service.
	arc, err := openArchive(ctx, cfg, log)
	if err != nil {
		return false, err
	}
	defer arc.Close()
	signer, err := openSigner(cfg, log)
	if err != nil {
		return false, err
	}
	trusted, err := trustedCertificates(cfg, signer)
	if err != nil {
		return false, err
	}
	start := time.Now()
	rep, err := documents.NewChecker(arc, trusted, log).Check(ctx)
	if err != nil {
		return false, err
	}
	if asJSON {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return false, fmt.Errorf("encode the report: %w", err)
		}
		fmt.Fprintln(out, string(b))
		return len(rep.Problems) == 0, nil
	}
	fmt.Fprintf(out, "checked in %s: %d documents (%d issued, %d signatures valid), %d register entries, %d audit events\n",
		time.Since(start).Round(time.Millisecond), rep.Documents, rep.Issued, rep.Signatures, rep.Register, rep.Audit)
	if rep.Pending > 0 {
		fmt.Fprintf(out, "%d documents are archived but not yet in the index; the running service adds them when the index is reachable\n", rep.Pending)
	}
	for _, p := range rep.Problems {
		where := strings.TrimSpace(strings.Join([]string{p.ID, p.Number, p.Key}, " "))
		fmt.Fprintf(out, "PROBLEM %s: %s\n", where, p.What)
	}
	if len(rep.Problems) == 0 {
		fmt.Fprintln(out, "no problems found")
	} else {
		fmt.Fprintf(out, "%d problems found\n", len(rep.Problems))
	}
	return len(rep.Problems) == 0, nil
}

// cmdVerify checks a DOCX against its detached signature offline and
// writes the verification to out. Without --cert it trusts the certificates
// configured in the variables env returns (os.LookupEnv in main).
func cmdVerify(args []string, env func(string) (string, bool), out io.Writer) (bool, error) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	certPath := fs.String("cert", "", "PEM certificate to trust (default: the configured or generated one, and VANTHU_SIGN_TRUSTED)")
	var files []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return false, err
		}
		args = fs.Args()
		if len(args) > 0 {
			files = append(files, args[0])
			args = args[1:]
		}
	}
	if len(files) == 1 && strings.EqualFold(filepath.Ext(files[0]), ".pdf") {
		return verifyPDF(files[0], *certPath, env, out) // cmd/vanthu/pdf.go
	}
	if len(files) != 2 {
		return false, errors.New("usage: vanthu verify FILE.docx FILE.p7s [--cert CERT.pem], or vanthu verify FILE.pdf [--cert CERT.pem]")
	}
	docx, err := os.ReadFile(files[0])
	if err != nil {
		return false, err
	}
	p7s, err := os.ReadFile(files[1])
	if err != nil {
		return false, err
	}
	certs, err := verifyTrusted(*certPath, env)
	if err != nil {
		return false, err
	}
	v := signing.Verify(docx, p7s, certs)
	b, _ := json.MarshalIndent(v, "", "  ")
	fmt.Fprintln(out, string(b))
	return v.Valid, nil
}

// verifyTrusted returns the certificates vanthu verify trusts: certPath,
// or the certificate configured in env (or generated) and
// VANTHU_SIGN_TRUSTED.
func verifyTrusted(certPath string, env func(string) (string, bool)) ([]*x509.Certificate, error) {
	var sources []string // PEM text or file paths of the trusted certificates
	if certPath != "" {
		sources = []string{certPath}
	} else {
		cfg, err := ConfigFrom(env)
		if err != nil {
			return nil, err
		}
		own := cfg.SignCert
		if own == "" {
			own = filepath.Join(cfg.DataDir, "signing", "cert.pem")
		}
		sources = []string{own}
		if cfg.SignTrusted != "" {
			sources = append(sources, cfg.SignTrusted)
		}
	}
	var certs []*x509.Certificate
	for _, src := range sources {
		more, err := certificatesValue(src)
		if err != nil {
			return nil, fmt.Errorf("trusted certificates: %w", err)
		}
		certs = append(certs, more...)
	}
	return certs, nil
}

func cmdToken(args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: vanthu token add --name NAME --role ROLE [--clearance MARK]")
	}
	fs := flag.NewFlagSet("token add", flag.ContinueOnError)
	name := fs.String("name", "", "person or system the token belongs to")
	role := fs.String("role", "viewer", "viewer, clerk, signer or admin")
	clearance := fs.String("clearance", "", `"", "MẬT", "TỐI MẬT" or "TUYỆT MẬT"`)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	token, err := api.AddToken(cfg.TokensFile, *name, *role, *clearance)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "added %s (%s) to %s; the token is shown only now:\n", *name, *role, cfg.TokensFile)
	fmt.Println(token)
	return nil
}

// cmdMigrate copies every object of an embedded (filesystem) archive into
// the configured archive, keeping protection, then rebuilds the index.
func cmdMigrate(args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	from := fs.String("from", "", "data directory of the embedded archive to copy")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("--from DATA_DIR is required")
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	return migrate(cfg, *from)
}

// migrate is vanthu migrate with a configuration: it copies the embedded
// archive under from into the configured one.
func migrate(cfg Config, from string) error {
	if cfg.S3Endpoint == "" {
		return errors.New("set VANTHU_S3_ENDPOINT (and the other VANTHU_S3_* variables) to the target archive")
	}
	log := newLogger(cfg.LogLevel)
	ctx := context.Background()
	src, err := fsarchive.Open(filepath.Join(from, "archive"))
	if err != nil {
		return err
	}
	defer src.Close()
	a, cleanup, err := setupWithoutPDF(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer cleanup()
	copied, skipped := 0, 0
	err = src.Walk(ctx, "", func(o archive.ObjectInfo) error {
		rc, _, err := src.Open(ctx, o.Key)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", o.Key, err)
		}
		info, err := a.archive.Create(ctx, o.Key, b, archive.CreateOptions{Protect: o.Protected})
		if errors.Is(err, archive.ErrExists) {
			existing, serr := a.archive.Stat(ctx, o.Key)
			if serr == nil && existing.SHA256 == o.SHA256 {
				skipped++
				return nil
			}
			return fmt.Errorf("%s exists in the target with different content", o.Key)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", o.Key, err)
		}
		if !bytes.Equal([]byte(info.SHA256), []byte(o.SHA256)) && o.SHA256 != "" {
			return fmt.Errorf("%s: checksum changed in transit", o.Key)
		}
		copied++
		return nil
	})
	if err != nil {
		return err
	}
	n, err := a.docs.Reindex(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("copied %d objects (%d already present), reindexed %d documents\n", copied, skipped, n)
	return nil
}
