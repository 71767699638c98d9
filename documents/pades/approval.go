package pades

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/smallstep/pkcs7"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"vanthu/documents/signing"
)

// ApprovalCheck names the check an uploaded approval failed.
type ApprovalCheck string

// The checks of [CheckApproval], in the order they run.
const (
	CheckPDF       ApprovalCheck = "pdf"            // the upload is not a readable PDF
	CheckSigned    ApprovalCheck = "signature"      // no new signature in the upload
	CheckIntegrity ApprovalCheck = "integrity"      // the signature does not match the bytes: altered after signing
	CheckWhole     ApprovalCheck = "whole_document" // bytes were added after the signature
	CheckRevision  ApprovalCheck = "revision"       // the signed PDF is not the draft vanthu produced for this revision
	CheckTrust     ApprovalCheck = "trust"          // the certificate does not chain to a trusted CA
	CheckSigner    ApprovalCheck = "signer"         // the certificate does not name the document's signer
)

// ApprovalError says which check an approval failed, in Vietnamese for
// the clerk who uploaded it.
type ApprovalError struct {
	Check   ApprovalCheck
	Message string
	Err     error
}

func (e *ApprovalError) Error() string { return e.Message }
func (e *ApprovalError) Unwrap() error { return e.Err }

// Approval is an accepted approval signature.
type Approval struct {
	Signature Signature
	// SignerName is the common name of the approving certificate.
	SignerName string
}

// CheckApproval accepts upload as the leader's approval of draft — the
// exact PDF vanthu produced for the draft's revision — only when: it is
// draft followed by one incremental update carrying one signature; the
// signature is intact and covers the whole upload; its certificate chains
// to o.Trusted; and the certificate's common name is signerName (compared
// without regard to case or Unicode normalisation). The error is an
// *ApprovalError naming the failed check.
func CheckApproval(draft, upload []byte, signerName string, o signing.VerifyOptions) (*Approval, error) {
	fail := func(c ApprovalCheck, err error, format string, a ...any) (*Approval, error) {
		return nil, &ApprovalError{Check: c, Message: fmt.Sprintf(format, a...), Err: err}
	}
	sigs, err := Verify(upload, o)
	if errors.Is(err, ErrNoSignature) {
		return fail(CheckSigned, err, "tệp tải lên không có chữ ký số")
	}
	if err != nil {
		return fail(CheckPDF, err, "tệp tải lên không phải là tệp PDF đọc được: %v", err)
	}
	// The approval is the signature of the newest revision.
	s := sigs[len(sigs)-1]
	if s.CoveredBytes <= len(draft) {
		return fail(CheckSigned, nil, "tệp tải lên không có chữ ký nào được thêm vào bản dự thảo")
	}
	if s.Err != nil && !errors.Is(s.Err, signing.ErrUntrusted) {
		return fail(CheckIntegrity, s.Err, "chữ ký số không hợp lệ: nội dung tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng (%v)", s.Err)
	}
	if !s.WholeDocument {
		return fail(CheckWhole, nil, "tệp đã bị thay đổi sau khi ký: chữ ký chỉ bao phủ %d trong %d byte", s.CoveredBytes, len(upload))
	}
	if !bytes.HasPrefix(upload, draft) || bytes.Count(upload[len(draft):], []byte("%%EOF")) != 1 {
		return fail(CheckRevision, nil, "chữ ký không phải ký trên bản PDF dự thảo hiện hành của văn bản này; hãy tải bản PDF dự thảo mới nhất và ký lại")
	}
	if errors.Is(s.Err, signing.ErrUntrusted) {
		return fail(CheckTrust, s.Err, "chứng thư số của người ký không do tổ chức cung cấp dịch vụ chứng thực được tin cậy cấp (%s)", s.Signer)
	}
	name := commonName(s.CMS)
	if !sameName(name, signerName) {
		return fail(CheckSigner, nil, "chứng thư số mang tên %q, không phải người ký văn bản %q", name, signerName)
	}
	return &Approval{Signature: s, SignerName: name}, nil
}

// commonName returns the signer certificate's CN of a CMS signature.
func commonName(cms []byte) string {
	p7, err := pkcs7.Parse(cms)
	if err != nil {
		return ""
	}
	if c := p7.GetOnlySigner(); c != nil {
		return c.Subject.CommonName
	}
	return ""
}

func sameName(a, b string) bool {
	canon := func(s string) string {
		return strings.Join(strings.Fields(cases.Fold().String(norm.NFC.String(s))), " ")
	}
	return a != "" && canon(a) == canon(b)
}
