// Package compose turns a request into a document: the data decoded once
// and checked against the template's manifest, parsed into the typed value
// of its kind (package kind), and rendered once, with the register number
// as an argument, into the DOCX and the record that describes it. Nothing
// is stored: the service numbers, signs and archives what it returns.
package compose

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/citation"
	"vanthu/documents/docxtext"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/secrecy"
	"vanthu/templates"
)

// Composer renders requests with the templates of a registry.
type Composer struct {
	Templates *templates.Registry
	Rules     kind.Rules
}

// Request is a request after its checks: the template, the data as
// validated (what the record keeps) and the same data as a typed value of
// the template's kind.
type Request struct {
	Name     string
	Template *templates.Template
	Manifest templates.Manifest
	Data     map[string]any
	Doc      kind.Document
}

func invalid(path, format string, args ...any) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{{Path: path, Message: fmt.Sprintf(format, args...)}}}
}

// MaxCopies is the largest number of printed copies a request may ask for.
const MaxCopies = 100000

// CheckCopies validates the number of printed copies of a request (field
// "copies"): a *kind.ValidationError unless it is between 0 and MaxCopies.
func CheckCopies(n int) error {
	if n < 0 || n > MaxCopies {
		return invalid("copies", "must be between 0 and %d", MaxCopies)
	}
	return nil
}

// fieldError is the *kind.ValidationError of one field.
func fieldError(fe templates.FieldError) *kind.ValidationError {
	return &kind.ValidationError{Fields: []templates.FieldError{fe}}
}

// Parse validates a request: the template, the manifest check (errors
// named by path), the typed value of its kind (with a secrecy mark that is
// understood), and the header rules: a secrecy mark that sees allows (nil:
// any), and a date. Nothing is rendered.
func (c *Composer) Parse(tplName string, raw json.RawMessage, sees func(secrecy.Mark) bool) (*Request, error) {
	if strings.TrimSpace(tplName) == "" {
		return nil, invalid("template", "is required; GET /api/v1/templates lists the templates")
	}
	data, err := DecodeData(raw)
	if err != nil {
		return nil, err
	}
	tpl, err := c.Templates.Get(tplName)
	if errors.Is(err, templates.ErrNotFound) {
		return nil, invalid("template", "unknown template %q; GET /api/v1/templates lists the templates", tplName)
	}
	if err != nil {
		return nil, fmt.Errorf("load template %q: %w", tplName, err)
	}
	m := tpl.Manifest()
	if fes := m.Validate(data); len(fes) > 0 {
		return nil, &kind.ValidationError{Fields: fes}
	}
	doc, err := kind.Parse(m, data)
	if err != nil {
		return nil, err
	}
	h := doc.Head() // its secrecy mark is one of the four (kind.Parse)
	if sees != nil && !sees(h.Secrecy) {
		return nil, fieldError(templates.AboveClearance("data.secrecy", h.Secrecy.String()))
	}
	if h.Date.IsZero() {
		return nil, fieldError(templates.Required("data.date"))
	}
	return &Request{Name: tplName, Template: tpl, Manifest: m, Data: data, Doc: doc}, nil
}

// Render fills the template of a parsed request once: as a draft, or as
// issued under number. Nothing is stored.
func (c *Composer) Render(r *Request, number int, draft bool) (*record.Record, []byte, error) {
	h := r.Doc.Head()
	if !draft && number <= 0 {
		return nil, nil, fieldError(templates.IssuedNeedsNumber("data.number"))
	}
	values, warnings := kind.Values(r.Doc, r.Manifest.TypeCode, number, draft, c.Rules)
	docx, err := r.Template.Render(values)
	if errors.Is(err, templates.ErrTooLarge) {
		return nil, nil, invalid("data", "%v", err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("render %q: %w", r.Name, err)
	}
	text, err := docxtext.VisibleText(docx)
	if err != nil {
		return nil, nil, fmt.Errorf("read rendered document: %w", err)
	}
	stored := r.Data
	if !draft {
		// The record keeps the number the document was issued under.
		stored = maps.Clone(r.Data)
		stored["number"] = json.Number(strconv.Itoa(number))
	}
	canonical, err := json.Marshal(stored)
	if err != nil {
		return nil, nil, fmt.Errorf("encode data: %w", err)
	}
	sum := sha256.Sum256(docx)
	rec := &record.Record{
		SchemaVersion: record.SchemaVersion,
		Template:      r.Name,
		Type:          r.Manifest.TypeCode,
		TypeName:      r.Manifest.TypeName,
		Issuer:        h.Issuer.Code,
		IssuerName:    h.Issuer.Name,
		Ordinal:       number,
		Date:          h.Date.Format(time.DateOnly),
		Title:         h.Title,
		Secrecy:       h.Secrecy,
		Urgency:       h.Urgency,
		Signer:        h.Signature.Name,
		SignerTitle:   h.Signature.Position,
		Recipients:    h.Recipients,
		Text:          text,
		Warnings:      warnings,
		Data:          canonical,
		DOCX:          record.FileInfo{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(docx))},
		Status:        record.StatusDraft,
	}
	if rec.Warnings == nil {
		rec.Warnings = []kind.Warning{}
	}
	if !draft {
		rec.Status = record.StatusIssued
		rec.Number = citation.FormatParty(number, r.Manifest.TypeCode, h.Issuer.Code)
	} else if number > 0 {
		rec.Warnings = append(rec.Warnings, kind.Warning{Code: "number_ignored",
			Message: "data.number is not used for a draft: the number is taken from the register when the document is issued"})
	}
	rec.Citations = CitationsOf(text, rec.Number)
	return rec, docx, nil
}

// DecodeData parses the data object keeping numbers exact.
func DecodeData(raw json.RawMessage) (map[string]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, invalid("data", "is required and must be an object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalid("data", "is not valid JSON: %v", err)
	}
	m, ok := canonicalNumbers(nfc(v)).(map[string]any)
	if !ok {
		return nil, invalid("data", "must be an object")
	}
	return m, nil
}

// canonicalNumbers rewrites every whole number written with an exponent or
// a fraction (1e2, 200.0) in plain digits (100, 200), so that validation,
// use and the stored data all read the same value.
func canonicalNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			if n, ok := templates.Integer(x); ok {
				return json.Number(strconv.FormatInt(n, 10))
			}
		}
	case map[string]any:
		for k, e := range x {
			x[k] = canonicalNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canonicalNumbers(e)
		}
	}
	return v
}

// nfc normalises every string (and object key) of decoded JSON to NFC, so
// that what is stored, indexed and shown never depends on how the text was
// typed.
func nfc(v any) any {
	switch x := v.(type) {
	case string:
		return norm.NFC.String(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[norm.NFC.String(k)] = nfc(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = nfc(e)
		}
		return x
	}
	return v
}

// CitationsOf extracts the regulations cited in text, leaving out the
// document's own number.
func CitationsOf(text, own string) []record.Citation {
	ownKey := ""
	if own != "" {
		ownKey = citation.KeyOf(own)
	}
	seen := map[string]bool{}
	out := []record.Citation{}
	for _, r := range citation.Extract(text) {
		if r.Key == ownKey || seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		out = append(out, record.Citation{Display: r.Display, Key: r.Key, Kind: string(r.Kind), TypeWord: r.TypeWord, Date: r.Date})
	}
	return out
}
