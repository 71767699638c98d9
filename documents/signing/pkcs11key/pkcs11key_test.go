//go:build cgo

package pkcs11key

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"
	"testing"

	"github.com/ThalesGroup/crypto11"

	"vanthu/documents/pades"
	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing"
	"vanthu/documents/signing/pkcs11key/softhsmtest"
)

const (
	testPIN   = "2468" // softhsmtest's
	testLabel = "con-dau-van-phong"
)

// softHSM makes a token holding a key labelled testLabel.
func softHSM(t *testing.T, withCert bool) (module string, cert *x509.Certificate) {
	t.Helper()
	tok := softhsmtest.New(t, testLabel, "Văn phòng Tỉnh ủy Hòa Bình", withCert)
	return tok.Module, tok.Certificate
}

// TestSignThroughSoftHSM signs the notice's PDF/A with a key generated in
// SoftHSM2, marked sensitive and not extractable: pdfsig reports the
// signature valid and trusted.
func TestSignThroughSoftHSM(t *testing.T) {
	module, cert := softHSM(t, true)
	k, err := Open(Config{Module: module, Token: "vanthu", PIN: testPIN, KeyLabel: testLabel})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if !k.Signer().Certificate().Equal(cert) {
		t.Fatal("the signer's certificate is not the one in the token")
	}
	priv, err := k.ctx.FindKeyPair(nil, []byte(testLabel))
	if err != nil {
		t.Fatal(err)
	}
	for attr, want := range map[crypto11.AttributeType]byte{crypto11.CkaExtractable: 0, crypto11.CkaSensitive: 1} {
		a, err := k.ctx.GetAttribute(priv, attr)
		if err != nil || len(a.Value) != 1 || a.Value[0] != want {
			t.Errorf("attribute %#x of the key: %v %v, want %d", attr, a, err, want)
		}
	}
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	page, x, y := padestest.SignatureBlock(t, pdf)
	signed, err := pades.Sign(context.Background(), pdf, pades.Options{
		Signer: pades.NewCMSSigner(k.Signer(), nil), Time: padestest.Now,
		Appearance: &pades.Appearance{Page: page, X: x, Y: y, Seal: padestest.MustPNG(t, padestest.SealPNG(t, 36)),
			Organization: "Văn phòng Tỉnh ủy Hòa Bình", Font: padestest.Font(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	p.CheckSigned(t, signed)
}

// TestCertificateFromConfig uses a token that holds only the key, with the
// certificate given in the configuration.
func TestCertificateFromConfig(t *testing.T) {
	module, cert := softHSM(t, false)
	cfg := Config{Module: module, Token: "vanthu", PIN: testPIN, KeyLabel: testLabel}
	if _, err := Open(cfg); !errors.Is(err, signing.ErrBadKey) || !strings.Contains(err.Error(), "VANTHU_SIGN_CERT") {
		t.Fatalf("a token without certificate and none configured: %v", err)
	}
	cfg.Certificates = []*x509.Certificate{padestest.TestPKI().CACert, cert}
	k, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	content := []byte("Thông báo kết luận số 167-TB/TU")
	p7s, err := k.Signer().Sign(content, padestest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if v := signing.Verify(content, p7s, []*x509.Certificate{padestest.TestPKI().CACert}); !v.Valid {
		t.Fatalf("CMS signature through the token: %+v", v)
	}
}

// TestOpenErrors checks that each bad setting is named.
func TestOpenErrors(t *testing.T) {
	module, _ := softHSM(t, true)
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"nothing set", Config{}, "VANTHU_SIGN_PKCS11_MODULE, VANTHU_SIGN_PKCS11_TOKEN, VANTHU_SIGN_PKCS11_PIN, VANTHU_SIGN_PKCS11_KEY_LABEL"},
		{"wrong PIN", Config{Module: module, Token: "vanthu", PIN: "0000", KeyLabel: testLabel}, "VANTHU_SIGN_PKCS11_PIN"},
		{"unknown token", Config{Module: module, Token: "khac", PIN: testPIN, KeyLabel: testLabel}, "VANTHU_SIGN_PKCS11_TOKEN"},
		{"unknown key", Config{Module: module, Token: "vanthu", PIN: testPIN, KeyLabel: "khac"}, "VANTHU_SIGN_PKCS11_KEY_LABEL"},
		{"bad module", Config{Module: "/nonexistent.so", Token: "vanthu", PIN: testPIN, KeyLabel: testLabel}, "VANTHU_SIGN_PKCS11_MODULE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := Open(tc.cfg)
			if err == nil {
				k.Close()
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name %s", err, tc.want)
			}
		})
	}
}
