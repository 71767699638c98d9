package signing

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"
)

func TestSignVerify(t *testing.T) {
	for _, kind := range []string{"ECDSA-P256", "RSA-3072", "ECDSA-P384"} {
		t.Run(kind, func(t *testing.T) {
			s := newTestSigner(t, kind)
			other, _ := issue(t, leafTemplate(testCN, 77), nil, nil) // same name, other key
			content := randomBytes(t, 4096)
			p7s, err := s.Sign(content, testNow)
			if err != nil {
				t.Fatal(err)
			}
			tampered := bytes.Clone(content)
			tampered[len(tampered)/2] ^= 0x01

			for _, tc := range []struct {
				name    string
				content []byte
				p7s     []byte
				trusted []*x509.Certificate
				wantErr error // nil: valid
			}{
				{"valid", content, p7s, []*x509.Certificate{s.Certificate()}, nil},
				{"valid among several trusted", content, p7s, []*x509.Certificate{other, s.Certificate()}, nil},
				{"one byte changed", tampered, p7s, []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
				{"empty content", nil, p7s, []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
				{"other trusted certificate", content, p7s, []*x509.Certificate{other}, ErrUntrusted},
				{"nothing trusted", content, p7s, nil, ErrUntrusted},
				{"garbage signature", content, []byte("not a signature at all"), []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
				{"empty signature", content, nil, []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
				{"truncated signature", content, p7s[:len(p7s)-10], []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
				{"signature bit flipped", content, flipLast(p7s), []*x509.Certificate{s.Certificate()}, ErrInvalidSignature},
			} {
				t.Run(tc.name, func(t *testing.T) {
					v := Verify(tc.content, tc.p7s, tc.trusted)
					if tc.wantErr == nil {
						if !v.Valid || v.Err != nil || v.Error != "" {
							t.Fatalf("Verify = %+v, want valid", v)
						}
					} else {
						if v.Valid || !errors.Is(v.Err, tc.wantErr) || v.Error == "" {
							t.Fatalf("Verify = %+v, want invalid with %v", v, tc.wantErr)
						}
					}
					if len(v.SHA256) != 64 {
						t.Errorf("SHA256 = %q, want 64 hex digits", v.SHA256)
					}
				})
			}

			v := Verify(content, p7s, []*x509.Certificate{s.Certificate()})
			if want := "CN=" + testCN + ",O=" + testOrg; v.Signer != want {
				t.Errorf("Signer = %q, want %q", v.Signer, want)
			}
			if !v.SignedAt.Equal(testNow) {
				t.Errorf("SignedAt = %v, want %v", v.SignedAt, testNow)
			}
			if v.Certificate != s.Fingerprint() {
				t.Errorf("Certificate = %q, want %q", v.Certificate, s.Fingerprint())
			}
		})
	}
}

// flipLast changes the last byte of a signature, which lies in the
// signature value itself.
func flipLast(b []byte) []byte {
	b = bytes.Clone(b)
	b[len(b)-1] ^= 0x01
	return b
}

func TestSignatureStructure(t *testing.T) {
	s := newTestSigner(t, "ECDSA-P256")
	content := []byte("Nghị quyết số 12-NQ/TU")
	p7s, err := s.Sign(content, testNow)
	if err != nil {
		t.Fatal(err)
	}
	p7, err := pkcs7.Parse(p7s)
	if err != nil {
		t.Fatal(err)
	}
	if len(p7.Content) != 0 {
		t.Errorf("signature embeds %d bytes of content, want detached", len(p7.Content))
	}
	if len(p7.Certificates) != 1 || !p7.Certificates[0].Equal(s.Certificate()) {
		t.Errorf("embedded certificates = %d, want the signer's only", len(p7.Certificates))
	}
	si := p7.Signers[0]
	if !si.DigestAlgorithm.Algorithm.Equal(oidSHA256) {
		t.Errorf("digest algorithm = %v, want SHA-256", si.DigestAlgorithm.Algorithm)
	}
	var got []string
	for _, a := range si.AuthenticatedAttributes {
		got = append(got, a.Type.String())
	}
	want := []string{oidAttrContentType.String(), oidAttrMessageDigest.String(), oidAttrSigningTime.String(), oidAttrSigningCertV2.String()}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, " "), w) {
			t.Errorf("signed attributes %v lack %s", got, w)
		}
	}
}

func TestSignAcrossTimeZones(t *testing.T) {
	// A signing time in a local zone must be encoded in UTC (UTCTime "Z"),
	// or DER is violated and verifiers disagree on the instant.
	s := newTestSigner(t, "ECDSA-P256")
	at := testNow.Add(90*time.Minute + 123*time.Millisecond)
	p7s, err := s.Sign([]byte("x"), at)
	if err != nil {
		t.Fatal(err)
	}
	v := Verify([]byte("x"), p7s, []*x509.Certificate{s.Certificate()})
	if !v.Valid || !v.SignedAt.Equal(at.Truncate(time.Second)) {
		t.Fatalf("Verify = %+v, want valid at %v", v, at.Truncate(time.Second))
	}
}

func TestSignOutsideValidity(t *testing.T) {
	s := newTestSigner(t, "ECDSA-P256")
	for _, tc := range []struct {
		name string
		at   time.Time
	}{
		{"before not-before", s.Certificate().NotBefore.Add(-time.Second)},
		{"after not-after", s.Certificate().NotAfter.Add(time.Second)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Sign([]byte("x"), tc.at); err == nil {
				t.Fatal("Sign succeeded outside the certificate's validity")
			}
		})
	}
}

func TestVerifyAfterCertificateExpiry(t *testing.T) {
	// Documents must stay verifiable for years: the chain is checked at the
	// signing time, not at the time of verification.
	root, rootKey := issue(t, caTemplate("Root", 1), nil, nil)
	tmpl := leafTemplate("Short-lived", 2)
	tmpl.NotAfter = testNow.Add(time.Hour)
	leaf, leafKey := issue(t, tmpl, root, rootKey)
	s, err := New(leafKey, leaf)
	if err != nil {
		t.Fatal(err)
	}
	p7s, err := s.Sign([]byte("x"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if leaf.NotAfter.After(time.Now()) {
		t.Fatal("test certificate has not expired yet")
	}
	if v := Verify([]byte("x"), p7s, []*x509.Certificate{root}); !v.Valid {
		t.Fatalf("Verify = %+v, want valid", v)
	}
}

func TestVerifyChain(t *testing.T) {
	root, rootKey := issue(t, caTemplate("Root CA", 1), nil, nil)
	inter, interKey := issue(t, caTemplate("Issuing CA", 2), root, rootKey)
	leaf, leafKey := issue(t, leafTemplate("Văn phòng Trung ương Đảng", 3), inter, interKey)
	otherRoot, _ := issue(t, caTemplate("Other Root", 4), nil, nil)

	withChain, err := New(leafKey, leaf, inter)
	if err != nil {
		t.Fatal(err)
	}
	withoutChain, err := New(leafKey, leaf)
	if err != nil {
		t.Fatal(err)
	}
	content := randomBytes(t, 1000)
	for _, tc := range []struct {
		name    string
		signer  *Signer
		trusted []*x509.Certificate
		wantErr error
	}{
		{"chain to root", withChain, []*x509.Certificate{root}, nil},
		{"trusted intermediate", withChain, []*x509.Certificate{inter}, nil},
		{"trusted leaf", withChain, []*x509.Certificate{leaf}, nil},
		{"other root", withChain, []*x509.Certificate{otherRoot}, ErrUntrusted},
		{"intermediate missing", withoutChain, []*x509.Certificate{root}, ErrUntrusted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p7s, err := tc.signer.Sign(content, testNow)
			if err != nil {
				t.Fatal(err)
			}
			v := Verify(content, p7s, tc.trusted)
			if tc.wantErr == nil && !v.Valid {
				t.Fatalf("Verify = %+v, want valid", v)
			}
			if tc.wantErr != nil && (v.Valid || !errors.Is(v.Err, tc.wantErr)) {
				t.Fatalf("Verify = %+v, want %v", v, tc.wantErr)
			}
		})
	}
}

func TestVerificationJSON(t *testing.T) {
	s := newTestSigner(t, "ECDSA-P256")
	p7s, err := s.Sign([]byte("x"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		content string
		want    []string
		notWant []string
	}{
		{"valid", "x", []string{`"valid":true`, `"signed_at":"2026-03-03T01:30:00Z"`, `"certificate":"` + s.Fingerprint() + `"`}, []string{`"error"`, `"Err"`}},
		{"invalid", "y", []string{`"valid":false`, `"error":"signing: invalid signature`}, []string{`"Err"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(Verify([]byte(tc.content), p7s, []*x509.Certificate{s.Certificate()}))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("JSON %s lacks %s", b, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(string(b), w) {
					t.Errorf("JSON %s contains %s", b, w)
				}
			}
		})
	}
}

// FuzzVerify feeds mutated signatures to Verify, which reads untrusted
// uploads: it must never panic and never accept a mutation as valid for
// different content.
func FuzzVerify(f *testing.F) {
	s := newTestSigner(f, "ECDSA-P256")
	content := []byte("Quyết định số 45-QĐ/TU")
	p7s, err := s.Sign(content, testNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(p7s)
	f.Add(p7s[:len(p7s)/2])
	f.Add([]byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x00, 0x00})
	f.Add([]byte{})
	trusted := []*x509.Certificate{s.Certificate()}
	f.Fuzz(func(t *testing.T, sig []byte) {
		v := Verify([]byte("other content"), sig, trusted)
		if v.Valid {
			t.Fatalf("signature %x accepted for other content", sig)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	content := make([]byte, 50*1024) // a typical filled DOCX
	for _, kind := range []string{"ECDSA-P256", "RSA-3072"} {
		b.Run(kind, func(b *testing.B) {
			s := newTestSigner(b, kind)
			b.SetBytes(int64(len(content)))
			for b.Loop() {
				if _, err := s.Sign(content, testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	content := make([]byte, 50*1024)
	s := newTestSigner(b, "ECDSA-P256")
	p7s, err := s.Sign(content, testNow)
	if err != nil {
		b.Fatal(err)
	}
	trusted := []*x509.Certificate{s.Certificate()}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		if v := Verify(content, p7s, trusted); !v.Valid {
			b.Fatal(v.Error)
		}
	}
}
