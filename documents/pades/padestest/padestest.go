// Package padestest holds what the tests of PDF signatures share: a test
// CA, an NSS database trusting it for poppler's pdfsig, qpdf --check, seal
// and signature images, and the example notice as PDF/A.
package padestest

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vanthu/documents/convert"
	"vanthu/documents/convert/converttest"
	"vanthu/documents/convert/libreoffice"
	"vanthu/documents/pades"
	"vanthu/documents/signing"
)

// Now is the signing time of the tests.
var Now = time.Date(2026, time.March, 3, 15, 30, 0, 0, pades.Vietnam)

// pdfs are the PDF/As of the example notice, issued and draft, converted
// once per test binary.
var pdfs struct {
	once          sync.Once
	notice, draft []byte
	err           error
}

// NoticePDF returns the example notice as PDF/A, or skips (fails in CI)
// without the tools.
func NoticePDF(t testing.TB) []byte {
	t.Helper()
	convertExamples(t)
	return pdfs.notice
}

// DraftPDF returns the example notice as a draft (no number, "Dự thảo")
// in PDF/A.
func DraftPDF(t testing.TB) []byte {
	t.Helper()
	convertExamples(t)
	return pdfs.draft
}

func convertExamples(t testing.TB) {
	t.Helper()
	converttest.RequireTools(t, "soffice", "pdfsig", "qpdf", "certutil", "pk12util", "pdftotext", "pdftoppm", "openssl")
	notice := converttest.Examples(t)[0].DOCX
	draft := draftDOCX(t)
	pdfs.once.Do(func() {
		c, err := libreoffice.Open(libreoffice.Options{Workers: 1})
		if err != nil {
			pdfs.err = err
			return
		}
		defer c.Close()
		if pdfs.notice, pdfs.err = c.ConvertDOCX(context.Background(), notice); pdfs.err == nil {
			pdfs.draft, pdfs.err = c.ConvertDOCX(context.Background(), draft)
		}
	})
	if pdfs.err != nil {
		t.Fatalf("convert the example notice: %v", pdfs.err)
	}
}

// draftDOCX renders the example notice without its number: a draft.
func draftDOCX(t testing.TB) []byte {
	t.Helper()
	return converttest.RenderEditedExample(t, "thong-bao-ket-luan", func(data map[string]any) { delete(data, "number") })
}

// PKI is a test CA with the certificates it issued.
type PKI struct {
	CACert *x509.Certificate
	CAKey  crypto.Signer
}

// TestPKI is the CA of a test binary, made once.
var TestPKI = sync.OnceValue(newPKI)

// NewPKI returns another CA, which nothing trusts.
func NewPKI(t testing.TB) *PKI { return newPKI() }

func newPKI() *PKI {
	key := NewKey()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "CA thử nghiệm Ban Cơ yếu", Organization: []string{"Ban Cơ yếu thử nghiệm"}},
		NotBefore:             Now.AddDate(-1, 0, 0),
		NotAfter:              Now.AddDate(10, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		panic(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &PKI{CACert: cert, CAKey: key}
}

// NewKey returns a new ECDSA P-256 key.
func NewKey() crypto.Signer {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

var serial = struct {
	sync.Mutex
	n int64
}{n: 100}

// nextSerial returns a certificate serial number not given out before.
func nextSerial() int64 {
	serial.Lock()
	defer serial.Unlock()
	serial.n++
	return serial.n
}

// Issue returns a signer for a new end-entity certificate of the CA.
func (p *PKI) Issue(t testing.TB, cn, org string) *signing.Signer {
	t.Helper()
	key := NewKey()
	cert := p.IssueFor(t, key.Public(), cn, org)
	s, err := signing.New(key, cert, p.CACert)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// IssueFor returns a new end-entity certificate of the CA for pub, valid
// from a month before [Now] for three years.
func (p *PKI) IssueFor(t testing.TB, pub crypto.PublicKey, cn, org string, usage ...x509.ExtKeyUsage) *x509.Certificate {
	t.Helper()
	sn := nextSerial()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(sn),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{org}},
		NotBefore:    Now.AddDate(0, -1, 0),
		NotAfter:     Now.AddDate(3, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:  usage,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.CACert, pub, p.CAKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// CAPEM returns the CA certificate in PEM form.
func (p *PKI) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CACert.Raw})
}

// NSSDB returns an NSS database trusting the CA, for pdfsig -nssdir sql:DIR.
func (p *PKI) NSSDB(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CACert.Raw}), 0o600)
	for _, args := range [][]string{
		{"-N", "-d", "sql:" + dir, "--empty-password"},
		{"-A", "-d", "sql:" + dir, "-n", "test-ca", "-t", "CT,C,C", "-i", ca},
	} {
		if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v: %s", args, err, out)
		}
	}
	return dir
}

// PdfsigReport is what pdfsig says about each signature.
type PdfsigReport struct {
	Valid, Trusted, Whole bool
	Lines                 string
}

// Pdfsig runs poppler's pdfsig with the NSS database db.
func Pdfsig(t testing.TB, db string, pdf []byte) []PdfsigReport {
	t.Helper()
	path := filepath.Join(t.TempDir(), "signed.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, _ := exec.Command("pdfsig", "-nssdir", "sql:"+db, path).CombinedOutput()
	var reps []PdfsigReport
	for _, block := range strings.Split(string(out), "Signature #")[1:] {
		reps = append(reps, PdfsigReport{
			Valid:   strings.Contains(block, "Signature Validation: Signature is Valid."),
			Trusted: strings.Contains(block, "Certificate Validation: Certificate is Trusted."),
			Whole:   strings.Contains(block, "Total document signed"),
			Lines:   block,
		})
	}
	if len(reps) == 0 {
		t.Logf("pdfsig found no signature:\n%s", out)
	}
	return reps
}

// CheckSigned checks a PDF signed once by a certificate of p: qpdf
// --check passes and pdfsig finds one valid signature by a trusted signer.
// It returns what [pades.Verify] finds, failing the test unless that is one
// valid signature.
func (p *PKI) CheckSigned(t testing.TB, signed []byte) []pades.Signature {
	t.Helper()
	QPDFCheck(t, signed)
	reps := Pdfsig(t, p.NSSDB(t), signed)
	if len(reps) != 1 || !reps[0].Valid || !reps[0].Trusted {
		t.Fatalf("pdfsig: %+v", reps)
	}
	sigs, err := pades.Verify(signed, signing.VerifyOptions{Trusted: []*x509.Certificate{p.CACert}})
	if err != nil || len(sigs) != 1 || !sigs[0].Valid {
		t.Fatalf("Verify: %+v %v", sigs, err)
	}
	return sigs
}

// QPDFCheck fails the test when qpdf --check finds errors or warnings.
func QPDFCheck(t testing.TB, pdf []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "check.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARNING") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// SealPNG draws a red seal of diameter mm millimetres at 300 dpi on a
// transparent background, with a pHYs chunk saying so.
func SealPNG(t testing.TB, mm float64) []byte {
	t.Helper()
	px := int(math.Round(mm / 25.4 * 300))
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	c := float64(px) / 2
	red := color.NRGBA{R: 220, G: 20, B: 30, A: 230}
	for y := range px {
		for x := range px {
			d := math.Hypot(float64(x)+0.5-c, float64(y)+0.5-c)
			ring := d <= c && d >= c*0.9 || d <= c*0.8 && d >= c*0.76
			star := d < c*0.25
			if ring || star {
				img.SetNRGBA(x, y, red)
			}
		}
	}
	return withPHYs(t, encodePNG(t, img), 300)
}

// SignaturePNG draws a blue handwritten-like stroke, 50 × 20 mm at 300 dpi.
func SignaturePNG(t testing.TB) []byte {
	t.Helper()
	w, h := 590, 236
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	blue := color.NRGBA{R: 20, G: 40, B: 160, A: 255}
	for x := 20; x < w-20; x++ {
		y := float64(h)/2 + 60*math.Sin(float64(x)/40)*math.Cos(float64(x)/170)
		for dy := -4; dy <= 4; dy++ {
			img.SetNRGBA(x, int(y)+dy, blue)
		}
	}
	return withPHYs(t, encodePNG(t, img), 300)
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPHYs inserts a pHYs chunk for dpi after the IHDR chunk.
func withPHYs(t testing.TB, data []byte, dpi float64) []byte {
	t.Helper()
	ppm := uint32(math.Round(dpi / 0.0254))
	body := make([]byte, 9)
	binary.BigEndian.PutUint32(body, ppm)
	binary.BigEndian.PutUint32(body[4:], ppm)
	body[8] = 1
	chunk := make([]byte, 0, 21)
	chunk = binary.BigEndian.AppendUint32(chunk, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	ihdrEnd := 8 + 12 + 13
	return append(append(append([]byte(nil), data[:ihdrEnd]...), chunk...), data[ihdrEnd:]...)
}

// SignatureBlock returns where the appearance goes on the example notice:
// between the signer's position and name.
func SignatureBlock(t testing.TB, pdf []byte) (page int, x, y float64) {
	t.Helper()
	name, err := convert.FindText(context.Background(), pdf, "Nguyễn Tân Cương")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := convert.FindText(context.Background(), pdf, "PHÓ CHÁNH VĂN PHÒNG")
	if err != nil {
		t.Fatal(err)
	}
	return name.Page, (name.MinX + name.MaxX) / 2, (name.MaxY + pos.MinY) / 2
}

// Font returns the system serif font.
func Font(t testing.TB) *pades.Font {
	t.Helper()
	f, err := pades.FindFont()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// MustPNG reads a PNG image.
func MustPNG(t testing.TB, data []byte) *pades.Image {
	t.Helper()
	im, err := pades.LoadPNG(data)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// SelfSigned returns an unrelated self-signed certificate.
func (*PKI) SelfSigned(t testing.TB) *x509.Certificate {
	t.Helper()
	key := NewKey()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Khác"},
		NotBefore: Now.AddDate(-1, 0, 0), NotAfter: Now.AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return c
}

// StartTSA runs a local RFC 3161 timestamp authority: an HTTP handler that
// answers each query with `openssl ts -reply`, signing with a certificate
// of the CA for timeStamping (critical, as RFC 3161 requires). It returns
// the URL to post queries to.
func (p *PKI) StartTSA(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatal("openssl is required for the test timestamp authority")
	}
	dir := t.TempDir()
	key := NewKey()
	eku, _ := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})
	sn := nextSerial()
	tmpl := &x509.Certificate{
		SerialNumber:    big.NewInt(sn),
		Subject:         pkix.Name{CommonName: "Máy chủ cấp dấu thời gian thử nghiệm", Organization: []string{"Ban Cơ yếu thử nghiệm"}},
		NotBefore:       Now.AddDate(-1, 0, 0),
		NotAfter:        time.Now().AddDate(5, 0, 0),
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.CACert, key.Public(), p.CAKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("tsa.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	write("tsa.key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	write("ca.pem", p.CAPEM())
	write("serial", []byte("01\n"))
	write("tsa.cnf", []byte(`[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = `+dir+`/serial
crypto_device = builtin
signer_cert = `+dir+`/tsa.pem
certs = `+dir+`/ca.pem
signer_key = `+dir+`/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`))
	var mu sync.Mutex // openssl increments one serial file
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
			http.Error(w, "POST an application/timestamp-query", http.StatusBadRequest)
			return
		}
		query, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		n++
		q, a := filepath.Join(dir, fmt.Sprintf("q%d.tsq", n)), filepath.Join(dir, fmt.Sprintf("a%d.tsr", n))
		os.WriteFile(q, query, 0o600)
		out, err := exec.Command("openssl", "ts", "-reply", "-config", filepath.Join(dir, "tsa.cnf"),
			"-queryfile", q, "-out", a).CombinedOutput()
		if err != nil {
			t.Logf("openssl ts -reply: %v: %s", err, out)
			http.Error(w, fmt.Sprintf("openssl ts -reply: %v: %s", err, out), http.StatusInternalServerError)
			return
		}
		answer, err := os.ReadFile(a)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/tsa"
}

// IssuePEM returns a new end-entity certificate of the CA and its RSA 2048
// key, in PEM form, as a person's certificate on a USB token would be.
// (RSA also gives signatures of a fixed length, which pdfsig's size
// estimate needs: with ECDSA it sometimes reserves a byte too few.)
func (p *PKI) IssuePEM(t testing.TB, cn, org string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	cert := p.IssueFor(t, key.Public(), cn, org)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
}

// SignWithPdfsig signs the empty signature field of pdf with poppler's
// pdfsig, as an outside signing tool would: the key and certificate are
// imported into an NSS database under nick, and the signature is
// ETSI.CAdES.detached.
func SignWithPdfsig(t testing.TB, pdf []byte, field string, certPEM, keyPEM []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	for _, args := range [][]string{{"-N", "-d", "sql:" + dir, "--empty-password"}} {
		if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v: %s", args, err, out)
		}
	}
	os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600)
	p12 := filepath.Join(dir, "signer.p12")
	if out, err := exec.Command("openssl", "pkcs12", "-export", "-in", filepath.Join(dir, "cert.pem"),
		"-inkey", filepath.Join(dir, "key.pem"), "-name", "signer", "-out", p12, "-passout", "pass:1").CombinedOutput(); err != nil {
		t.Fatalf("openssl pkcs12: %v: %s", err, out)
	}
	if out, err := exec.Command("pk12util", "-i", p12, "-d", "sql:"+dir, "-W", "1", "-K", "").CombinedOutput(); err != nil {
		t.Fatalf("pk12util: %v: %s", err, out)
	}
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, pdf, 0o600)
	if b, err := exec.Command("pdfsig", "-nssdir", "sql:"+dir, "-sign", field, "-nick", "signer", "-etsi",
		"-reason", "Phê duyệt", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdfsig -sign: %v: %s", err, b)
	}
	signed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}
