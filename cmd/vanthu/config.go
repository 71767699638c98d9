package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"vanthu/documents/signing"
	"vanthu/documents/signing/pkcs11key"
)

// Config is every setting of vanthu, read from VANTHU_* environment
// variables. Secrets can also be given as files with the _FILE variants.
type Config struct {
	Addr       string // VANTHU_ADDR
	DataDir    string // VANTHU_DATA_DIR
	MaxBody    int64  // VANTHU_MAX_BODY
	LogLevel   string // VANTHU_LOG_LEVEL
	PublicRead bool   // VANTHU_PUBLIC_READ
	TokensFile string // VANTHU_TOKENS_FILE
	Terms      []string
	QuotaBase  string
	QuotaPct   int
	OrgName    string // VANTHU_ORG_NAME: subject of the self-signed certificate

	S3Endpoint, S3AccessKey, S3SecretKey, S3Bucket, S3Region string
	S3UseSSL                                                 bool
	S3RetentionMode                                          string
	S3RetentionDays                                          int
	S3LegalHold                                              bool

	MeiliURL, MeiliKey, MeiliIndex string

	SignCert, SignKey, SignP12, SignP12Password string
	SignTrusted                                 string
	RetryInterval                               time.Duration
	ReclaimAfter, ReclaimInterval               time.Duration

	SessionKey      string        // VANTHU_SESSION_KEY: signs the web sessions; shared by instances
	SessionIdle     time.Duration // VANTHU_SESSION_IDLE
	SessionLifetime time.Duration // VANTHU_SESSION_LIFETIME
	CookieSecure    bool          // VANTHU_COOKIE_SECURE

	PDF PDFConfig // VANTHU_PDF, VANTHU_PDF_*, VANTHU_GOTENBERG_URL, VANTHU_TSA_URL, images, VANTHU_SIGN_PKCS11_*
}

// PDFMode says whether the PDF features run.
type PDFMode string

// The values of VANTHU_PDF.
const (
	// PDFAuto converts with Gotenberg when VANTHU_GOTENBERG_URL is set,
	// else with LibreOffice when soffice is on PATH, else not at all.
	PDFAuto PDFMode = "auto"
	// PDFOff turns the PDF features off.
	PDFOff PDFMode = "off"
)

// PDFConfig is the settings of the PDF features (cmd/vanthu/pdf.go) and of
// the organisation's key in a PKCS#11 token.
type PDFConfig struct {
	Mode            PDFMode          // VANTHU_PDF
	GotenbergURL    string           // VANTHU_GOTENBERG_URL: convert there instead of a local LibreOffice
	Workers         int              // VANTHU_PDF_WORKERS: conversions at once
	Timeout         time.Duration    // VANTHU_PDF_TIMEOUT: longest conversion
	SealImage       string           // VANTHU_SEAL_IMAGE: path of the seal's PNG
	SignatureImages string           // VANTHU_SIGNATURE_IMAGES: directory of the signers' PNGs
	TSAURL          string           // VANTHU_TSA_URL: RFC 3161 timestamp authority
	PKCS11          pkcs11key.Config // VANTHU_SIGN_PKCS11_MODULE, _TOKEN, _PIN, _KEY_LABEL
}

// TokenKey reports whether the organisation's key is in a PKCS#11 token
// (any VANTHU_SIGN_PKCS11_* setting but the PIN is set).
func (c PDFConfig) TokenKey() bool {
	return c.PKCS11.Module != "" || c.PKCS11.Token != "" || c.PKCS11.KeyLabel != ""
}

// option is one row of the defaults table.
type option struct {
	env, def, help string
	secret         bool
}

// options lists every variable with its default; the README mirrors it.
var options = []option{
	{env: "VANTHU_ADDR", def: "127.0.0.1:8080", help: "listen address"},
	{env: "VANTHU_DATA_DIR", def: "./data", help: "embedded archive, index, tokens and signing key"},
	{env: "VANTHU_MAX_BODY", def: "1048576", help: "largest JSON request body in bytes"},
	{env: "VANTHU_LOG_LEVEL", def: "info", help: "debug, info, warn or error"},
	{env: "VANTHU_PUBLIC_READ", def: "false", help: "allow reads of non-secret issued documents without a token"},
	{env: "VANTHU_TOKENS_FILE", def: "", help: "API tokens file (default <data dir>/tokens.json)"},
	{env: "VANTHU_TERMS", def: "2020-10-15,2025-10-20", help: "start dates of the committee terms the register numbers within"},
	{env: "VANTHU_QUOTA_BASE", def: "good_or_above", help: "base of the 20% excellent quota: good_or_above or good_only"},
	{env: "VANTHU_QUOTA_PERCENT", def: "20", help: "the excellent quota in percent"},
	{env: "VANTHU_ORG_NAME", def: "Văn phòng cấp ủy", help: "organisation named in the generated signing certificate"},
	{env: "VANTHU_S3_ENDPOINT", def: "", help: "host:port of S3/MinIO; set to use the S3 archive"},
	{env: "VANTHU_S3_ACCESS_KEY", def: "", help: "S3 access key"},
	{env: "VANTHU_S3_SECRET_KEY", def: "", help: "S3 secret key", secret: true},
	{env: "VANTHU_S3_BUCKET", def: "vanthu", help: "bucket (created with object lock if missing)"},
	{env: "VANTHU_S3_USE_SSL", def: "false", help: "use https for S3"},
	{env: "VANTHU_S3_REGION", def: "us-east-1", help: "S3 region"},
	{env: "VANTHU_S3_RETENTION_MODE", def: "GOVERNANCE", help: "object lock mode of issued documents: GOVERNANCE or COMPLIANCE"},
	{env: "VANTHU_S3_RETENTION_DAYS", def: "3650", help: "object lock retention of issued documents in days"},
	{env: "VANTHU_S3_LEGAL_HOLD", def: "false", help: "also place a legal hold on issued documents"},
	{env: "VANTHU_MEILI_URL", def: "", help: "Meilisearch URL; set to use the Meilisearch index"},
	{env: "VANTHU_MEILI_KEY", def: "", help: "Meilisearch API key", secret: true},
	{env: "VANTHU_MEILI_INDEX", def: "vanthu", help: "Meilisearch index name"},
	{env: "VANTHU_SIGN_CERT", def: "", help: "PEM certificate (chain) of the organisation's signing key: the PEM text or a file path"},
	{env: "VANTHU_SIGN_KEY", def: "", help: "PEM private key: the PEM text or a file path", secret: true},
	{env: "VANTHU_SIGN_P12", def: "", help: "PKCS#12 file with key and certificate, instead of CERT/KEY"},
	{env: "VANTHU_SIGN_P12_PASSWORD", def: "", help: "PKCS#12 password", secret: true},
	{env: "VANTHU_SIGN_TRUSTED", def: "", help: "more PEM certificates trusted when verifying (earlier keys of the organisation, or their CA): the PEM text or a file path"},
	{env: "VANTHU_INDEX_RETRY", def: "2s", help: "how often pending index entries are retried"},
	{env: "VANTHU_RECLAIM_AFTER", def: "2m", help: "age at which a register number whose issuing has not completed is settled (given back or recorded as void)"},
	{env: "VANTHU_RECLAIM_INTERVAL", def: "1m", help: "how often the register is checked for such numbers"},
	{env: "VANTHU_SESSION_KEY", def: "", help: "key signing the web sessions (at least 32 characters); the same on every instance; default: generated under the data directory", secret: true},
	{env: "VANTHU_SESSION_IDLE", def: "30m", help: "a web session ends after this long without use"},
	{env: "VANTHU_SESSION_LIFETIME", def: "12h", help: "a web session ends this long after signing in"},
	{env: "VANTHU_COOKIE_SECURE", def: "false", help: "mark session cookies Secure (set when a TLS proxy serves vanthu)"},
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

// getenv reads a variable through lookup, or for secrets its _FILE
// variant, or the default.
func getenv(lookup func(string) (string, bool), o option) (string, error) {
	if v, ok := lookup(o.env); ok {
		return v, nil
	}
	if o.secret {
		if path, _ := lookup(o.env + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("%s_FILE: %w", o.env, err)
			}
			return strings.TrimRight(string(b), "\r\n"), nil
		}
	}
	return o.def, nil
}

// LoadConfig reads and validates the configuration from the environment;
// errors name the variable.
func LoadConfig() (Config, error) { return ConfigFrom(os.LookupEnv) }

// ConfigFrom reads and validates the configuration from the variables
// lookup returns (os.LookupEnv, or a map in tests).
func ConfigFrom(lookup func(string) (string, bool)) (Config, error) {
	v := map[string]string{}
	for _, o := range options {
		s, err := getenv(lookup, o)
		if err != nil {
			return Config{}, err
		}
		v[o.env] = strings.TrimSpace(s)
	}
	var errs []error
	boolean := func(name string) bool {
		b, err := strconv.ParseBool(v[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s must be true or false, got %q", name, v[name]))
		}
		return b
	}
	integer := func(name string, min int) int {
		n, err := strconv.Atoi(v[name])
		if err != nil || n < min {
			errs = append(errs, fmt.Errorf("%s must be an integer of at least %d, got %q", name, min, v[name]))
		}
		return n
	}
	c := Config{
		Addr: v["VANTHU_ADDR"], DataDir: v["VANTHU_DATA_DIR"], LogLevel: v["VANTHU_LOG_LEVEL"],
		MaxBody: int64(integer("VANTHU_MAX_BODY", 1024)), PublicRead: boolean("VANTHU_PUBLIC_READ"),
		TokensFile: v["VANTHU_TOKENS_FILE"], QuotaBase: v["VANTHU_QUOTA_BASE"], QuotaPct: integer("VANTHU_QUOTA_PERCENT", 1),
		OrgName:    v["VANTHU_ORG_NAME"],
		S3Endpoint: v["VANTHU_S3_ENDPOINT"], S3AccessKey: v["VANTHU_S3_ACCESS_KEY"], S3SecretKey: v["VANTHU_S3_SECRET_KEY"],
		S3Bucket: v["VANTHU_S3_BUCKET"], S3Region: v["VANTHU_S3_REGION"], S3UseSSL: boolean("VANTHU_S3_USE_SSL"),
		S3RetentionMode: strings.ToUpper(v["VANTHU_S3_RETENTION_MODE"]), S3RetentionDays: integer("VANTHU_S3_RETENTION_DAYS", 1),
		S3LegalHold: boolean("VANTHU_S3_LEGAL_HOLD"),
		MeiliURL:    v["VANTHU_MEILI_URL"], MeiliKey: v["VANTHU_MEILI_KEY"], MeiliIndex: v["VANTHU_MEILI_INDEX"],
		SignCert: v["VANTHU_SIGN_CERT"], SignKey: v["VANTHU_SIGN_KEY"], SignP12: v["VANTHU_SIGN_P12"], SignP12Password: v["VANTHU_SIGN_P12_PASSWORD"],
		SignTrusted: v["VANTHU_SIGN_TRUSTED"],
	}
	if d, err := time.ParseDuration(v["VANTHU_INDEX_RETRY"]); err != nil || d < 10*time.Millisecond {
		errs = append(errs, fmt.Errorf("VANTHU_INDEX_RETRY must be a duration such as 2s, got %q", v["VANTHU_INDEX_RETRY"]))
	} else {
		c.RetryInterval = d
	}
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{{"VANTHU_RECLAIM_AFTER", &c.ReclaimAfter}, {"VANTHU_RECLAIM_INTERVAL", &c.ReclaimInterval}} {
		if dur, err := time.ParseDuration(v[d.name]); err != nil || dur < time.Second {
			errs = append(errs, fmt.Errorf("%s must be a duration of at least 1s such as 2m, got %q", d.name, v[d.name]))
		} else {
			*d.to = dur
		}
	}
	c.CookieSecure = boolean("VANTHU_COOKIE_SECURE")
	c.SessionKey = v["VANTHU_SESSION_KEY"]
	if c.SessionKey != "" && len(c.SessionKey) < 32 {
		errs = append(errs, errors.New("VANTHU_SESSION_KEY must have at least 32 characters (e.g. openssl rand -hex 32)"))
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"VANTHU_SESSION_IDLE", &c.SessionIdle}, {"VANTHU_SESSION_LIFETIME", &c.SessionLifetime}} {
		if x, err := time.ParseDuration(v[d.name]); err != nil || x < time.Minute {
			errs = append(errs, fmt.Errorf("%s must be a duration of at least 1m such as 30m or 12h, got %q", d.name, v[d.name]))
		} else {
			*d.dst = x
		}
	}
	if c.TokensFile == "" {
		c.TokensFile = filepath.Join(c.DataDir, "tokens.json")
	}
	for _, t := range strings.Split(v["VANTHU_TERMS"], ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, t); err != nil {
			errs = append(errs, fmt.Errorf("VANTHU_TERMS must list dates as YYYY-MM-DD separated by commas, got %q", t))
		}
		c.Terms = append(c.Terms, t)
	}
	if c.QuotaBase != "good_or_above" && c.QuotaBase != "good_only" {
		errs = append(errs, fmt.Errorf("VANTHU_QUOTA_BASE must be good_or_above or good_only, got %q", c.QuotaBase))
	}
	if c.S3Endpoint != "" && (c.S3AccessKey == "" || c.S3SecretKey == "") {
		errs = append(errs, errors.New("VANTHU_S3_ACCESS_KEY and VANTHU_S3_SECRET_KEY must both be set when VANTHU_S3_ENDPOINT is set"))
	}
	if c.S3RetentionMode != "GOVERNANCE" && c.S3RetentionMode != "COMPLIANCE" {
		errs = append(errs, fmt.Errorf("VANTHU_S3_RETENTION_MODE must be GOVERNANCE or COMPLIANCE, got %q", c.S3RetentionMode))
	}
	var pdfErrs []error
	c.PDF, pdfErrs = pdfConfigOf(v)
	errs = append(errs, pdfErrs...)
	if (c.SignCert == "") != (c.SignKey == "") && c.PDF.PKCS11.Module == "" { // a token's key comes with VANTHU_SIGN_CERT alone
		errs = append(errs, errors.New("VANTHU_SIGN_CERT and VANTHU_SIGN_KEY must both be set, or neither"))
	}
	if c.SignP12 != "" && c.SignCert != "" {
		errs = append(errs, errors.New("set either VANTHU_SIGN_P12 or VANTHU_SIGN_CERT/VANTHU_SIGN_KEY, not both"))
	}
	return c, errors.Join(errs...)
}

// pdfConfigOf reads and validates the PDF settings among the variables v;
// each error names its variable.
func pdfConfigOf(v map[string]string) (PDFConfig, []error) {
	c := PDFConfig{Mode: PDFMode(v["VANTHU_PDF"]), GotenbergURL: v["VANTHU_GOTENBERG_URL"], SealImage: v["VANTHU_SEAL_IMAGE"],
		TSAURL: v["VANTHU_TSA_URL"], SignatureImages: v["VANTHU_SIGNATURE_IMAGES"],
		PKCS11: pkcs11key.Config{Module: v["VANTHU_SIGN_PKCS11_MODULE"], Token: v["VANTHU_SIGN_PKCS11_TOKEN"],
			PIN: v["VANTHU_SIGN_PKCS11_PIN"], KeyLabel: v["VANTHU_SIGN_PKCS11_KEY_LABEL"]}}
	var errs []error
	if c.Mode != PDFAuto && c.Mode != PDFOff {
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
			errs = append(errs, err) // names VANTHU_TSA_URL
		}
	}
	if c.TokenKey() {
		if err := c.PKCS11.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	return c, errs
}
