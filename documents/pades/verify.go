package pades

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"vanthu/documents/signing"
)

// Signature is one signature of a PDF as [Verify] found it.
type Signature struct {
	// Field is the signature field's full name.
	Field string `json:"field"`
	// SubFilter is the signature's format: ETSI.CAdES.detached (PAdES) or
	// adbe.pkcs7.detached.
	SubFilter string `json:"sub_filter"`
	// Valid is true when the signature is intact over the bytes it covers,
	// its certificate is trusted and its timestamp (if any) is valid.
	Valid bool `json:"valid"`
	// Signer is the certificate's "CN=…,O=…".
	Signer string `json:"signer,omitempty"`
	// Certificate is the signer certificate's SHA-256 fingerprint.
	Certificate string `json:"certificate,omitempty"`
	// SignedAt is the signing time: the timestamp's when there is one,
	// else the signer's claim (M, or the signing-time attribute).
	SignedAt time.Time `json:"signed_at,omitzero"`
	// Timestamp is the RFC 3161 timestamp, nil without one.
	Timestamp *signing.Timestamp `json:"timestamp,omitempty"`
	// Revision is the revision the signature covers, from 1.
	Revision int `json:"revision"`
	// WholeDocument is true when the signature covers the whole file;
	// false when it covers an earlier revision that later updates extend.
	WholeDocument bool `json:"whole_document"`
	// CoveredBytes is the length of the revision the signature covers.
	CoveredBytes int `json:"covered_bytes"`
	// Error says why Valid is false.
	Error string `json:"error,omitempty"`
	// Err is the error behind Error.
	Err error `json:"-"`
	// CMS is the signature value, for checks beyond this package.
	CMS []byte `json:"-"`
}

// ErrNoSignature means a PDF has no signature at all.
var ErrNoSignature = errors.New("pades: the PDF has no signature")

// Verify checks every signature of pdf, in the order of the revisions they
// cover. An error is returned only when the file cannot be read as a PDF;
// each signature's own problems are reported in its Signature.
func Verify(pdf []byte, o signing.VerifyOptions) ([]Signature, error) {
	f, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	u := newUpdate(f)
	fm, err := newForm(u)
	if err != nil {
		return nil, err
	}
	var out []Signature
	fm.eachField(func(name string, d Dict) {
		if fm.fieldType(d) != "Sig" {
			return
		}
		v := f.ResolveDict(d["V"])
		if v == nil {
			return // an empty signature field
		}
		out = append(out, verifyOne(pdf, name, v, o))
	})
	if len(out) == 0 {
		return nil, ErrNoSignature
	}
	// Sort by revision (a stable insertion sort: few signatures).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].CoveredBytes < out[j-1].CoveredBytes; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// eachField calls fn for every terminal field with its full name.
func (fm *form) eachField(fn func(name string, d Dict)) {
	var walk func(kids Array, prefix string, depth int)
	walk = func(kids Array, prefix string, depth int) {
		for _, k := range kids {
			r, ok := k.(Ref)
			if !ok || depth > 16 {
				continue
			}
			d := fm.u.f.ResolveDict(r)
			if d == nil {
				continue
			}
			full := fieldName(prefix, d)
			if sub, ok := d["Kids"].(Array); ok && len(sub) > 0 {
				if first := fm.u.f.ResolveDict(sub[0]); first != nil && first["T"] != nil {
					walk(sub, full, depth+1)
					continue
				}
			}
			fn(full, d)
		}
	}
	walk(fm.fields, "", 0)
}

// verifyOne checks one signature dictionary v.
func verifyOne(pdf []byte, field string, v Dict, o signing.VerifyOptions) (s Signature) {
	s.Field = field
	sf, _ := v["SubFilter"].(Name)
	s.SubFilter = string(sf)
	fail := func(err error) Signature {
		s.Valid, s.Err, s.Error = false, err, err.Error()
		return s
	}
	if sf != "ETSI.CAdES.detached" && sf != "adbe.pkcs7.detached" {
		return fail(fmt.Errorf("%w: SubFilter %q is not supported (ETSI.CAdES.detached or adbe.pkcs7.detached)", signing.ErrInvalidSignature, sf))
	}
	br, _ := v["ByteRange"].(Array)
	var r [4]int
	ok := len(br) == 4
	for i := 0; ok && i < 4; i++ {
		n, isInt := br[i].(int64)
		ok = isInt && n >= 0 && n <= int64(len(pdf))
		r[i] = int(n)
	}
	if !ok || r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[2]+r[3] > len(pdf) {
		return fail(fmt.Errorf("%w: malformed ByteRange %v", signing.ErrInvalidSignature, br))
	}
	end := r[2] + r[3]
	s.CoveredBytes = end
	s.WholeDocument = end == len(pdf)
	s.Revision = bytes.Count(pdf[:end], []byte("%%EOF"))
	// The hole must be exactly the Contents hex string, nothing else.
	hole := pdf[r[1]:r[2]]
	if len(hole) < 2 || hole[0] != '<' || hole[len(hole)-1] != '>' || !isHex(hole[1:len(hole)-1]) {
		return fail(fmt.Errorf("%w: the ByteRange leaves out more than the signature value", signing.ErrInvalidSignature))
	}
	if !bytes.HasSuffix(bytes.TrimRight(pdf[:end], "\r\n"), []byte("%%EOF")) {
		return fail(fmt.Errorf("%w: the signed bytes do not end a revision of the file", signing.ErrInvalidSignature))
	}
	contents, _ := v["Contents"].(String)
	// The value is padded with zeros; NSS writes BER with indefinite
	// lengths, so its end is found by walking the encoding.
	n, err := berLength(contents, 0)
	if err != nil {
		return fail(fmt.Errorf("%w: signature value: %w", signing.ErrInvalidSignature, err))
	}
	s.CMS = contents[:n]
	signed := make([]byte, 0, r[1]+r[3])
	signed = append(append(signed, pdf[:r[1]]...), pdf[r[2]:end]...)
	m, _ := v["M"].(String)
	o.ClaimedTime = parsePDFDate(string(m))
	res, ts := signing.VerifyDetached(signed, s.CMS, o)
	s.Signer, s.Certificate, s.SignedAt, s.Timestamp = res.Signer, res.Certificate, res.SignedAt, ts
	if ts != nil && ts.Valid {
		s.SignedAt = ts.Time
	}
	if !res.Valid {
		return fail(res.Err)
	}
	s.Valid = true
	return s
}

// berLength returns the length of the BER element at the start of b.
func berLength(b []byte, depth int) (int, error) {
	if depth > 64 {
		return 0, errors.New("nesting too deep")
	}
	if len(b) < 2 {
		return 0, errors.New("truncated")
	}
	pos := 1
	if b[0]&0x1f == 0x1f { // high tag number
		for pos < len(b) && b[pos]&0x80 != 0 {
			pos++
		}
		pos++
	}
	if pos >= len(b) {
		return 0, errors.New("truncated")
	}
	l := int(b[pos])
	pos++
	switch {
	case l < 0x80:
		if pos+l > len(b) {
			return 0, errors.New("truncated")
		}
		return pos + l, nil
	case l == 0x80: // indefinite: children up to the end-of-contents octets
		if b[0]&0x20 == 0 {
			return 0, errors.New("indefinite length on a primitive element")
		}
		for {
			if pos+2 > len(b) {
				return 0, errors.New("truncated")
			}
			if b[pos] == 0 && b[pos+1] == 0 {
				return pos + 2, nil
			}
			n, err := berLength(b[pos:], depth+1)
			if err != nil {
				return 0, err
			}
			pos += n
		}
	default:
		k := l & 0x7f
		if k > 4 || pos+k > len(b) {
			return 0, errors.New("bad length")
		}
		n := 0
		for _, c := range b[pos : pos+k] {
			n = n<<8 | int(c)
		}
		pos += k
		if n < 0 || pos+n > len(b) {
			return 0, errors.New("truncated")
		}
		return pos + n, nil
	}
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || isSpace(c)) {
			return false
		}
	}
	return true
}
