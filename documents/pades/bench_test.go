package pades_test

import (
	"context"
	"crypto/x509"
	"testing"

	"vanthu/documents/pades"
	"vanthu/documents/pades/padestest"
	"vanthu/documents/signing"
)

// BenchmarkSignNotice adds the organisation's visible PAdES signature
// (seal, text outlines, ECDSA P-256) to the example notice's PDF/A.
//
//	go test -run '^$' -bench SignNotice ./documents/pades
func BenchmarkSignNotice(b *testing.B) {
	pdf := padestest.NoticePDF(b)
	p := padestest.TestPKI()
	s := p.Issue(b, "Văn phòng Tỉnh ủy", "Tỉnh ủy")
	page, x, y := padestest.SignatureBlock(b, pdf)
	o := pades.Options{Signer: pades.NewCMSSigner(s, nil), Time: padestest.Now,
		Appearance: &pades.Appearance{Page: page, X: x, Y: y, Seal: padestest.MustPNG(b, padestest.SealPNG(b, 36)),
			Signature: padestest.MustPNG(b, padestest.SignaturePNG(b)), Organization: "Văn phòng Tỉnh ủy Hòa Bình", Font: padestest.Font(b)}}
	b.ResetTimer()
	for range b.N {
		if _, err := pades.Sign(context.Background(), pdf, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyNotice verifies the signed notice.
//
//	go test -run '^$' -bench VerifyNotice ./documents/pades
func BenchmarkVerifyNotice(b *testing.B) {
	pdf := padestest.NoticePDF(b)
	p := padestest.TestPKI()
	signed, err := pades.Sign(context.Background(), pdf, pades.Options{Signer: pades.NewCMSSigner(p.Issue(b, "Văn phòng", "Tỉnh ủy"), nil), Time: padestest.Now})
	if err != nil {
		b.Fatal(err)
	}
	o := signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}}
	b.ResetTimer()
	for range b.N {
		if sigs, err := pades.Verify(signed, o); err != nil || !sigs[0].Valid {
			b.Fatal(err)
		}
	}
}
