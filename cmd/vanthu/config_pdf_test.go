package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"vanthu/documents/signing/pkcs11key"
)

// TestPDFConfig: the PDF settings are read with the rest of the
// configuration, typed, and each bad value is refused naming its variable.
func TestPDFConfig(t *testing.T) {
	pin := filepath.Join(t.TempDir(), "pin")
	if err := os.WriteFile(pin, []byte("1234\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigFrom(func(name string) (string, bool) {
		if name == "VANTHU_DATA_DIR" {
			return t.TempDir(), true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := (PDFConfig{Mode: PDFAuto, Workers: 2, Timeout: time.Minute}); !reflect.DeepEqual(cfg.PDF, want) {
		t.Errorf("defaults: %+v, want %+v", cfg.PDF, want)
	}
	cfg, err = configOf(t.TempDir(), "VANTHU_PDF", "off", "VANTHU_PDF_WORKERS", "3", "VANTHU_PDF_TIMEOUT", "90s",
		"VANTHU_GOTENBERG_URL", "http://gotenberg:3000", "VANTHU_TSA_URL", "http://tsa.example/tsr",
		"VANTHU_SEAL_IMAGE", "/etc/vanthu/seal.png", "VANTHU_SIGNATURE_IMAGES", "/etc/vanthu/chu-ky",
		"VANTHU_SIGN_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so", "VANTHU_SIGN_PKCS11_TOKEN", "con-dau",
		"VANTHU_SIGN_PKCS11_PIN_FILE", pin, "VANTHU_SIGN_PKCS11_KEY_LABEL", "vanthu", "VANTHU_SIGN_CERT", "/etc/vanthu/org.pem")
	if err != nil {
		t.Fatal(err)
	}
	want := PDFConfig{Mode: PDFOff, Workers: 3, Timeout: 90 * time.Second, GotenbergURL: "http://gotenberg:3000",
		TSAURL: "http://tsa.example/tsr", SealImage: "/etc/vanthu/seal.png", SignatureImages: "/etc/vanthu/chu-ky",
		PKCS11: pkcs11key.Config{Module: "/usr/lib/softhsm/libsofthsm2.so", Token: "con-dau", PIN: "1234", KeyLabel: "vanthu"}}
	if !reflect.DeepEqual(cfg.PDF, want) {
		t.Errorf("read: %+v, want %+v", cfg.PDF, want)
	}
	if !cfg.PDF.TokenKey() {
		t.Error("a PKCS#11 module is set, TokenKey is false")
	}

	for _, tc := range []struct {
		name string
		vars []string
		want string
	}{
		{"mode", []string{"VANTHU_PDF", "on"}, "VANTHU_PDF must be auto or off"},
		{"no workers", []string{"VANTHU_PDF_WORKERS", "0"}, "VANTHU_PDF_WORKERS must be an integer from 1 to 64"},
		{"too many workers", []string{"VANTHU_PDF_WORKERS", "65"}, "VANTHU_PDF_WORKERS must be an integer from 1 to 64"},
		{"timeout", []string{"VANTHU_PDF_TIMEOUT", "500ms"}, "VANTHU_PDF_TIMEOUT must be a duration of at least 1s"},
		{"timeout unit", []string{"VANTHU_PDF_TIMEOUT", "60"}, "VANTHU_PDF_TIMEOUT must be a duration of at least 1s"},
		{"TSA", []string{"VANTHU_TSA_URL", "tsa.example"}, "VANTHU_TSA_URL must be an http(s) URL"},
		{"token without PIN", []string{"VANTHU_SIGN_PKCS11_MODULE", "/lib/p11.so", "VANTHU_SIGN_PKCS11_TOKEN", "t",
			"VANTHU_SIGN_PKCS11_KEY_LABEL", "k"}, "VANTHU_SIGN_PKCS11_PIN must be set"},
		{"PIN file missing", []string{"VANTHU_SIGN_PKCS11_PIN_FILE", filepath.Join(t.TempDir(), "none")}, "VANTHU_SIGN_PKCS11_PIN_FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := configOf(t.TempDir(), tc.vars...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}
