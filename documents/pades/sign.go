package pades

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CMSSigner makes the CAdES signature of the bytes a signature's ByteRange
// covers; [NewCMSSigner] adapts the organisation's *signing.Signer.
type CMSSigner interface {
	// SignCAdES returns a DER CMS SignedData, detached, over content,
	// without a signing-time attribute (PAdES baseline), made at at.
	SignCAdES(ctx context.Context, content []byte, at time.Time) ([]byte, error)
	// ChainSize is about the number of bytes of the certificates the
	// signature embeds, to size the space reserved for it.
	ChainSize() int
}

// Options configures [Sign].
type Options struct {
	Signer CMSSigner
	// Time is the signing time written in the signature dictionary (M)
	// and shown on the appearance; zero means now.
	Time time.Time
	// Field is the name (T) of an existing empty signature field to sign;
	// empty creates a new field.
	Field string
	// Appearance makes the signature visible; nil makes it invisible.
	Appearance *Appearance
	// Fill sets the values of text fields (by name) in the same
	// incremental update: the number and date reserved in a draft.
	Fill map[string]string
	// Name, Reason, Location go in the signature dictionary.
	Name, Reason, Location string
	// Timestamped reserves room for an RFC 3161 timestamp in the signature.
	Timestamped bool
	// Font draws filled values; default: the appearance's font.
	Font *Font
	// FillFonts overrides Font for some fields (the italic date line).
	FillFonts map[string]*Font
}

// ErrField means a field to sign or fill is missing or of the wrong kind.
var ErrField = errors.New("pades: form field")

// Vietnam is the time zone of signing times shown and recorded (UTC+7).
var Vietnam = time.FixedZone("ICT", 7*3600)

// byteRangeMarker is the ByteRange placeholder, found and patched after the
// update is laid out (the Contents placeholder is found by its zeros).
const byteRangeMarker = "[0 ********** ********** **********]"

// Sign appends an incremental update to pdf that adds a PAdES signature
// (SubFilter ETSI.CAdES.detached) covering the whole resulting file except
// the signature value itself, and returns the signed file. Earlier
// revisions, and their signatures, are left byte for byte as they were.
func Sign(ctx context.Context, pdf []byte, o Options) ([]byte, error) {
	if o.Signer == nil {
		return nil, errors.New("pades: a signer is required")
	}
	if o.Time.IsZero() {
		o.Time = time.Now()
	}
	o.Time = o.Time.In(Vietnam).Truncate(time.Second)
	f, err := Parse(pdf)
	if err != nil {
		return nil, err
	}
	u := newUpdate(f)
	form, err := newForm(u)
	if err != nil {
		return nil, err
	}
	form.font, form.fonts = o.Font, o.FillFonts
	if form.font == nil && o.Appearance != nil {
		form.font = o.Appearance.Font
	}
	if err := form.fill(o.Fill); err != nil {
		return nil, err
	}
	reserve := 8192 + 2*o.Signer.ChainSize()
	if o.Timestamped {
		reserve += 12288
	}
	sigDict := Dict{
		"Type":      Name("Sig"),
		"Filter":    Name("Adobe.PPKLite"),
		"SubFilter": Name("ETSI.CAdES.detached"),
		"ByteRange": Raw(byteRangeMarker),
		"Contents":  Raw("<" + strings.Repeat("0", 2*reserve) + ">"),
		"M":         String(pdfDate(o.Time)),
	}
	for k, v := range map[Name]string{"Name": o.Name, "Reason": o.Reason, "Location": o.Location} {
		if v != "" {
			sigDict[k] = textString(v)
		}
	}
	sigRef := u.add(sigDict)
	if err := form.addSignature(o, sigRef); err != nil {
		return nil, err
	}
	if err := form.commit(); err != nil {
		return nil, err
	}
	out := u.bytes()
	return patch(ctx, out, len(pdf), o)
}

// patch fills the ByteRange and the signature value of the update that
// starts at from.
func patch(ctx context.Context, out []byte, from int, o Options) ([]byte, error) {
	br := bytes.Index(out[from:], []byte(byteRangeMarker))
	ci := bytes.Index(out[from:], []byte("/Contents <0000"))
	if br < 0 || ci < 0 {
		return nil, errors.New("pades: placeholders not found in the update")
	}
	br += from
	start := from + ci + len("/Contents ")
	end := start + bytes.IndexByte(out[start:], '>') + 1
	ranges := fmt.Sprintf("[0 %d %d %d]", start, end, len(out)-end)
	if len(ranges) > len(byteRangeMarker) {
		return nil, errors.New("pades: file too large for the byte range")
	}
	copy(out[br:], ranges+strings.Repeat(" ", len(byteRangeMarker)-len(ranges)))
	signed := make([]byte, 0, len(out)-(end-start))
	signed = append(append(signed, out[:start]...), out[end:]...)
	cms, err := o.Signer.SignCAdES(ctx, signed, o.Time)
	if err != nil {
		return nil, fmt.Errorf("pades: %w", err)
	}
	h := hex.EncodeToString(cms)
	if len(h) > end-start-2 {
		return nil, fmt.Errorf("pades: signature of %d bytes exceeds the %d reserved", len(cms), (end-start-2)/2)
	}
	copy(out[start+1:], h)
	return out, nil
}

// pdfDate formats t as a PDF date (ISO 32000-1 §7.9.4).
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("D:%s%c%02d'%02d'", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// parsePDFDate reads a PDF date; the zero time when it cannot.
func parsePDFDate(s string) time.Time {
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 14 {
		return time.Time{}
	}
	t, err := time.Parse("20060102150405", s[:14])
	if err != nil {
		return time.Time{}
	}
	rest := s[14:]
	if len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		h, _ := strconv.Atoi(rest[1:3])
		m := 0
		if len(rest) >= 6 {
			m, _ = strconv.Atoi(strings.Trim(rest[3:6], "'"))
		}
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.FixedZone("", off))
	}
	return t
}

// textString encodes s as a PDF text string: UTF-16BE with a byte order
// mark, which every reader shows with Vietnamese letters intact.
func textString(s string) String {
	out := []byte{0xFE, 0xFF}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			out = append(out, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return String(out)
}

// decodeText decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM,
// or PDFDocEncoding read as Latin-1).
func decodeText(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		var rs []rune
		for i := 2; i+1 < len(b); i += 2 {
			r := rune(b[i])<<8 | rune(b[i+1])
			if r >= 0xD800 && r < 0xDC00 && i+3 < len(b) {
				lo := rune(b[i+2])<<8 | rune(b[i+3])
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 2
			}
			rs = append(rs, r)
		}
		return string(rs)
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return string(b[3:])
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}
