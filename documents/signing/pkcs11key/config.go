package pkcs11key

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
)

// Config names the token and key.
type Config struct {
	Module   string // VANTHU_SIGN_PKCS11_MODULE
	Token    string // VANTHU_SIGN_PKCS11_TOKEN
	PIN      string // VANTHU_SIGN_PKCS11_PIN
	KeyLabel string // VANTHU_SIGN_PKCS11_KEY_LABEL
	// Certificates are the signer's certificate and its chain, any order;
	// nil reads the certificate labelled KeyLabel from the token.
	Certificates []*x509.Certificate
}

// ErrUnavailable means this binary cannot use PKCS#11 (built without cgo).
var ErrUnavailable = errors.New("pkcs11key: PKCS#11 is not available in this build (build with CGO_ENABLED=1)")

// Validate names every missing setting.
func (c Config) Validate() error {
	var missing []string
	for _, f := range []struct{ v, env string }{
		{c.Module, "VANTHU_SIGN_PKCS11_MODULE"},
		{c.Token, "VANTHU_SIGN_PKCS11_TOKEN"},
		{c.PIN, "VANTHU_SIGN_PKCS11_PIN"},
		{c.KeyLabel, "VANTHU_SIGN_PKCS11_KEY_LABEL"},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.env)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("pkcs11key: %s must be set for a PKCS#11 key", strings.Join(missing, ", "))
	}
	return nil
}
