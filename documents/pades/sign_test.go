package pades_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/pades"
	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing"
)

// orgSign signs pdf as the organisation, visibly over the signature block.
func orgSign(t *testing.T, pdf []byte, s *signing.Signer, withSignature bool) []byte {
	t.Helper()
	page, x, y := padestest.SignatureBlock(t, pdf)
	a := &pades.Appearance{Page: page, X: x, Y: y, Seal: padestest.MustPNG(t, padestest.SealPNG(t, 36)),
		Organization: "Văn phòng Tỉnh ủy Hòa Bình", Font: padestest.Font(t)}
	if withSignature {
		a.Signature = padestest.MustPNG(t, padestest.SignaturePNG(t))
	}
	out, err := pades.Sign(context.Background(), pdf, pades.Options{Signer: pades.NewCMSSigner(s, nil), Time: padestest.Now, Appearance: a,
		Reason: "Phát hành văn bản", Location: "Hòa Bình"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSignVisible signs the PDF/A notice with the organisation's key and a
// visible appearance: qpdf finds no error, pdfsig says the signature is
// valid, trusted and covers the whole document, the PDF/A identification
// and the layout are unchanged, and Verify agrees.
func TestSignVisible(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	org := p.Issue(t, "Văn phòng Tỉnh ủy Hòa Bình", "Tỉnh ủy Hòa Bình")
	signed := orgSign(t, pdf, org, true)
	if !bytes.HasPrefix(signed, pdf) {
		t.Fatal("the signed file does not start with the original bytes")
	}
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		os.WriteFile(filepath.Join(keep, "signed.pdf"), signed, 0o644)
	}
	padestest.QPDFCheck(t, signed)
	converttest.CheckPDFA(t, signed)
	reps := padestest.Pdfsig(t, p.NSSDB(t), signed)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted || !reps[0].Whole {
		t.Fatalf("pdfsig: %+v", reps)
	}
	if !regexp.MustCompile(`Signature Type: ETSI.CAdES.detached`).MatchString(reps[0].Lines) {
		t.Errorf("pdfsig does not see a PAdES signature:\n%s", reps[0].Lines)
	}
	sigs, err := pades.Verify(signed, signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || !sigs[0].Valid || !sigs[0].WholeDocument || sigs[0].Revision != 2 {
		t.Fatalf("Verify: %+v", sigs)
	}
	if !sigs[0].SignedAt.Equal(padestest.Now) {
		t.Errorf("signed at %v, want %v", sigs[0].SignedAt, padestest.Now)
	}
	if sigs[0].Signer != "CN=Văn phòng Tỉnh ủy Hòa Bình,O=Tỉnh ủy Hòa Bình" {
		t.Errorf("signer %q", sigs[0].Signer)
	}
}

// TestOneByteChanged changes one byte of the signed file, inside the
// original document: Verify and pdfsig both report the signature broken.
func TestOneByteChanged(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	signed := orgSign(t, pdf, p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), false)
	for _, tc := range []struct {
		name string
		at   int
	}{
		{"in the original document", len(pdf) / 2},
		{"in the signature's own update", len(signed) - 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := bytes.Clone(signed)
			bad[tc.at] ^= 0x01
			sigs, err := pades.Verify(bad, signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}})
			if err == nil && len(sigs) == 1 && sigs[0].Valid && sigs[0].WholeDocument {
				t.Fatalf("a changed byte at %d went unnoticed: %+v", tc.at, sigs[0])
			}
			if err == nil && len(sigs) == 1 && !errors.Is(sigs[0].Err, signing.ErrInvalidSignature) {
				t.Errorf("error %v, want ErrInvalidSignature", sigs[0].Err)
			}
			for _, r := range padestest.Pdfsig(t, p.NSSDB(t), bad) {
				if r.Valid {
					t.Errorf("pdfsig still reports the signature valid:\n%s", r.Lines)
				}
			}
		})
	}
}

// TestAppendedBytes: bytes added after the signature leave it valid over
// an earlier revision only, which Verify reports.
func TestAppendedBytes(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	signed := orgSign(t, pdf, p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), false)
	sigs, err := pades.Verify(append(bytes.Clone(signed), '%', '\n'), signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || sigs[0].WholeDocument {
		t.Fatalf("Verify: %+v, want a signature that no longer covers the whole document", sigs)
	}
}

// TestUntrusted verifies against another CA: the signature is intact but
// not trusted.
func TestUntrusted(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	s := p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy")
	signed := orgSign(t, pdf, s, false)
	other := p.SelfSigned(t)
	sigs, err := pades.Verify(signed, signing.VerifyOptions{Trusted: []*x509.Certificate{other}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || sigs[0].Valid || !errors.Is(sigs[0].Err, signing.ErrUntrusted) {
		t.Fatalf("Verify: %+v, want untrusted", sigs)
	}
}

// TestTwoSignatures signs twice: both signatures stay valid in pdfsig and
// Verify, the first over the earlier revision.
func TestTwoSignatures(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	p := padestest.TestPKI()
	leader := p.Issue(t, "Nguyễn Tân Cương", "Tỉnh ủy Hòa Bình")
	once, err := pades.Sign(context.Background(), pdf, pades.Options{Signer: pades.NewCMSSigner(leader, nil), Time: padestest.Now})
	if err != nil {
		t.Fatal(err)
	}
	twice := orgSign(t, once, p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), true)
	padestest.QPDFCheck(t, twice)
	reps := padestest.Pdfsig(t, p.NSSDB(t), twice)
	if len(reps) != 2 || !reps[0].Valid || !reps[1].Valid || !reps[0].Trusted || !reps[1].Trusted {
		t.Fatalf("pdfsig: %+v", reps)
	}
	sigs, err := pades.Verify(twice, signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 || !sigs[0].Valid || !sigs[1].Valid || sigs[0].WholeDocument || !sigs[1].WholeDocument ||
		sigs[0].CoveredBytes != len(once) {
		t.Fatalf("Verify: %+v", sigs)
	}
}

// TestCrossReferenceStreams signs a PDF whose structure qpdf rewrote with
// object streams and a cross-reference stream, as many signing tools
// write: the update follows suit and pdfsig accepts it.
func TestCrossReferenceStreams(t *testing.T) {
	pdf := padestest.NoticePDF(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, pdf, 0o600)
	if b, err := exec.Command("qpdf", "--object-streams=generate", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	packed, _ := os.ReadFile(out)
	if !bytes.Contains(packed, []byte("/Type /XRef")) && !bytes.Contains(packed, []byte("/Type/XRef")) {
		t.Fatal("qpdf did not write a cross-reference stream")
	}
	p := padestest.TestPKI()
	signed := orgSign(t, packed, p.Issue(t, "Văn phòng Tỉnh ủy", "Tỉnh ủy"), true)
	padestest.QPDFCheck(t, signed)
	reps := padestest.Pdfsig(t, p.NSSDB(t), signed)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted {
		t.Fatalf("pdfsig: %+v", reps)
	}
}
