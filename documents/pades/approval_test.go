package pades_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"vanthu/documents/convert"
	"vanthu/documents/convert/converttest"
	"vanthu/documents/pades"
	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing"
)

const leaderName = "Nguyễn Tân Cương"

// draftForApproval reserves the number and the date of the example notice
// as form fields, with an empty signature field for the leader.
func draftForApproval(t *testing.T, pdf []byte) []byte {
	t.Helper()
	ctx := context.Background()
	so, err := convert.FindText(ctx, pdf, "Số")
	if err != nil {
		t.Fatal(err)
	}
	series, err := convert.FindText(ctx, pdf, "-TB/TU")
	if err != nil {
		t.Fatal(err)
	}
	date, err := convert.FindText(ctx, pdf, "ngày 20 tháng 6 năm 2019")
	if err != nil {
		t.Fatal(err)
	}
	mark, err := convert.FindText(ctx, pdf, "Dự thảo")
	if err != nil {
		t.Fatal(err)
	}
	draft, err := pades.AddFields(pdf, []pades.FieldSpec{
		{Name: "so", Page: so.Page, Rect: [4]float64{so.MaxX + 1, so.MinY - 2, series.MinX, so.MaxY + 2}, FontSize: 14, Align: 2},
		{Name: "ngay", Page: date.Page, Rect: [4]float64{date.MinX - 1, date.MinY - 2, date.MaxX + 30, date.MaxY + 2}, FontSize: 14, Opaque: true, Italic: true},
		{Name: "du-thao", Page: mark.Page, Rect: [4]float64{mark.MinX - 2, mark.MinY - 2, mark.MaxX + 2, mark.MaxY + 2}, Opaque: true},
	}, "ChuKyLanhDao")
	if err != nil {
		t.Fatal(err)
	}
	return draft
}

// TestApprovalJourney: the draft's PDF, with its fields, is signed by the
// leader's certificate in an outside tool (pdfsig), accepted, then issued
// by filling the number and date and adding the organisation's visible
// signature in one more update: both signatures are valid in pdfsig and
// in Verify, the first over the approved revision.
func TestApprovalJourney(t *testing.T) {
	notice := padestest.DraftPDF(t)
	p := padestest.TestPKI()
	draft := draftForApproval(t, notice)
	padestest.QPDFCheck(t, draft)
	converttest.CheckPDFA(t, draft)

	certPEM, keyPEM := p.IssuePEM(t, leaderName, "Tỉnh ủy Hòa Bình")
	approved := padestest.SignWithPdfsig(t, draft, "ChuKyLanhDao", certPEM, keyPEM)
	trusted := signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}}
	a, err := pades.CheckApproval(draft, approved, "nguyễn tân  cương", trusted)
	if err != nil {
		t.Fatalf("the leader's approval was refused: %v", err)
	}
	if a.SignerName != leaderName || a.Signature.Field != "ChuKyLanhDao" {
		t.Errorf("approval %+v", a)
	}

	italic, err := pades.FindFontStyle("Italic")
	if err != nil {
		t.Fatal(err)
	}
	page, x, y := padestest.SignatureBlock(t, approved)
	issued, err := pades.Sign(context.Background(), approved, pades.Options{
		Signer: pades.NewCMSSigner(p.Issue(t, "Văn phòng Tỉnh ủy Hòa Bình", "Tỉnh ủy Hòa Bình"), nil), Time: padestest.Now,
		Fill:      map[string]string{"so": "167", "ngay": "ngày 29 tháng 6 năm 2019", "du-thao": ""},
		FillFonts: map[string]*pades.Font{"ngay": italic},
		Appearance: &pades.Appearance{Page: page, X: x, Y: y, Seal: padestest.MustPNG(t, padestest.SealPNG(t, 36)),
			Signature: padestest.MustPNG(t, padestest.SignaturePNG(t)), Organization: "Văn phòng Tỉnh ủy Hòa Bình", Font: padestest.Font(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		os.WriteFile(filepath.Join(keep, "approved.pdf"), approved, 0o644)
		os.WriteFile(filepath.Join(keep, "issued.pdf"), issued, 0o644)
	}
	padestest.QPDFCheck(t, issued)
	converttest.CheckPDFA(t, issued)
	reps := padestest.Pdfsig(t, p.NSSDB(t), issued)
	if len(reps) != 2 {
		t.Fatalf("pdfsig found %d signatures, want 2: %+v", len(reps), reps)
	}
	for i, r := range reps {
		if !r.Valid || !r.Trusted {
			t.Errorf("pdfsig signature %d not valid and trusted:\n%s", i+1, r.Lines)
		}
	}
	sigs, err := pades.Verify(issued, trusted)
	if err != nil || len(sigs) != 2 || !sigs[0].Valid || !sigs[1].Valid || sigs[0].WholeDocument || !sigs[1].WholeDocument {
		t.Fatalf("Verify: %+v %v", sigs, err)
	}
	if sigs[0].CoveredBytes != len(approved) {
		t.Errorf("the leader's signature covers %d bytes, want the approved file's %d", sigs[0].CoveredBytes, len(approved))
	}
	// The number and the date are text in the page's own fonts: extracted
	// like the rest of the page.
	converttest.CheckText(t, issued, []string{"167-TB/TU", "29 tháng 6 năm 2019"})
	// The number and the date are drawn in the header, where the draft
	// left them blank: the header changes, the rest of the page does not.
	before, err := convert.RenderPage(context.Background(), approved, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	after, err := convert.RenderPage(context.Background(), issued, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	header, rest := changedPixels(t, before, after, 130)
	if header < 20 || rest > 0 {
		t.Errorf("%d pixels changed in the header and %d below it; want the number and date drawn in the header only", header, rest)
	}
}

// changedPixels counts the pixels that differ between two renderings of a
// page, above and below row split.
func changedPixels(t *testing.T, a, b []byte, split int) (above, below int) {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				if y < split {
					above++
				} else {
					below++
				}
			}
		}
	}
	return above, below
}

// TestApprovalRefused: every failed check is named.
func TestApprovalRefused(t *testing.T) {
	notice := padestest.DraftPDF(t)
	p := padestest.TestPKI()
	draft := draftForApproval(t, notice)
	certPEM, keyPEM := p.IssuePEM(t, leaderName, "Tỉnh ủy Hòa Bình")
	approved := padestest.SignWithPdfsig(t, draft, "ChuKyLanhDao", certPEM, keyPEM)
	trusted := signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}}

	// Another revision of the draft: the same notice with its fields
	// reserved again (a draft edited and converted anew differs likewise).
	otherRevision, err := pades.AddFields(draft, []pades.FieldSpec{{Name: "ghi-chu", Page: 1, Rect: [4]float64{10, 10, 50, 20}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	strangerCert, strangerKey := padestest.NewPKI(t).IssuePEM(t, leaderName, "Tỉnh ủy Hòa Bình")
	byStranger := padestest.SignWithPdfsig(t, draft, "ChuKyLanhDao", strangerCert, strangerKey)
	otherCert, otherKey := p.IssuePEM(t, "Trần Văn Khác", "Tỉnh ủy Hòa Bình")
	byOther := padestest.SignWithPdfsig(t, draft, "ChuKyLanhDao", otherCert, otherKey)
	altered := bytes.Clone(approved)
	altered[len(draft)/2] ^= 0x01

	for _, tc := range []struct {
		name          string
		draft, upload []byte
		want          pades.ApprovalCheck
	}{
		{"unsigned", draft, draft, pades.CheckSigned},
		{"signed over another revision", otherRevision, approved, pades.CheckRevision},
		{"altered after signing", draft, altered, pades.CheckIntegrity},
		{"bytes added after signing", draft, append(bytes.Clone(approved), "\n%%EOF\n"...), pades.CheckWhole},
		{"untrusted certificate", draft, byStranger, pades.CheckTrust},
		{"another signer", draft, byOther, pades.CheckSigner},
		{"not a PDF", draft, []byte("not a PDF"), pades.CheckPDF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pades.CheckApproval(tc.draft, tc.upload, leaderName, trusted)
			var ae *pades.ApprovalError
			if !errors.As(err, &ae) {
				t.Fatalf("got %v, want an ApprovalError", err)
			}
			if ae.Check != tc.want {
				t.Errorf("check %q (%s), want %q", ae.Check, ae.Message, tc.want)
			}
		})
	}
}
