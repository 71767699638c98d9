package pades_test

import (
	"context"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"vanthu/documents/pades"
	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing"
)

// TestTimestamped signs with a timestamp from a local RFC 3161 authority
// (PAdES B-T): pdfsig accepts the signature, Verify reports the timestamp
// valid and uses its time, and openssl ts -verify accepts the token over
// the signature value.
func TestTimestamped(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	tsa := &signing.TSA{URL: p.StartTSA(t)}
	before := time.Now().Add(-time.Second)
	signed, err := pades.Sign(context.Background(), pdf, pades.Options{
		Signer: pades.NewCMSSigner(p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), tsa), Timestamped: true, Time: padestest.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	sigs := p.CheckSigned(t, signed)
	ts := sigs[0].Timestamp
	if ts == nil || !ts.Valid || ts.Time.Before(before.Truncate(time.Second)) || ts.Time.After(time.Now().Add(time.Second)) {
		t.Fatalf("timestamp %+v, want a valid one from the last moments", ts)
	}
	if !sigs[0].SignedAt.Equal(ts.Time) {
		t.Errorf("signed at %v, want the timestamp's %v", sigs[0].SignedAt, ts.Time)
	}

	// openssl checks the token on its own.
	p7, err := pkcs7.Parse(sigs[0].CMS)
	if err != nil {
		t.Fatal(err)
	}
	si := p7.Signers[0]
	if len(si.UnauthenticatedAttributes) != 1 || !si.UnauthenticatedAttributes[0].Type.Equal(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}) {
		t.Fatalf("unsigned attributes %+v, want one signature-time-stamp", si.UnauthenticatedAttributes)
	}
	dir := t.TempDir()
	tok, ca := filepath.Join(dir, "token.der"), filepath.Join(dir, "ca.pem")
	os.WriteFile(tok, si.UnauthenticatedAttributes[0].Value.Bytes, 0o600)
	os.WriteFile(ca, p.CAPEM(), 0o600)
	sum := sha256.Sum256(si.EncryptedDigest)
	out, err := exec.Command("openssl", "ts", "-verify", "-digest", hex.EncodeToString(sum[:]), "-token_in", "-in", tok, "-CAfile", ca).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification: OK") {
		t.Errorf("openssl ts -verify: %v\n%s", err, out)
	}
}

// TestTimestampAuthorityDown: without an answer from the authority nothing
// is signed, and the error says so.
func TestTimestampAuthorityDown(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	tsa := &signing.TSA{URL: "http://127.0.0.1:1/tsa"}
	_, err := pades.Sign(context.Background(), pdf, pades.Options{
		Signer: pades.NewCMSSigner(p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), tsa), Timestamped: true,
	})
	if !errors.Is(err, signing.ErrTimestamp) {
		t.Fatalf("got %v, want ErrTimestamp", err)
	}
}
