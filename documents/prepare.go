package documents

import (
	"fmt"
	"strings"
	"time"

	"vanthu/documents/citation"
	"vanthu/documents/vnformat"
	"vanthu/templates"
)

// draftNumberBlank is the number of spaces between "Số" and the series of
// a draft's number line.
const draftNumberBlank = 7

// draftMark is printed on drafts (component 11b of 36-HD/VPTW).
const draftMark = "Dự thảo"

// header holds the values every official document shares, read from the
// standard fields of the data (issuer, number, place, date, title, ...).
type header struct {
	Superior   string
	IssuerName string
	IssuerCode string
	Ordinal    int
	Place      string
	Date       time.Time
	Title      string
	Secrecy    string
	Urgency    string
	Signature  signature
	Recipients []string
}

type signature struct {
	Authority, AuthorityOf, Position, Name string
}

// readHeader reads the standard fields from validated data.
func readHeader(data map[string]any) header {
	h := header{
		Superior:   str(data, "issuer", "superior"),
		IssuerName: str(data, "issuer", "name"),
		IssuerCode: str(data, "issuer", "code"),
		Place:      str(data, "place"),
		Title:      str(data, "title"),
		Secrecy:    str(data, "secrecy"),
		Urgency:    str(data, "urgency"),
		Recipients: strList(data, "recipients"),
		Signature: signature{
			Authority:   str(data, "signature", "authority"),
			AuthorityOf: str(data, "signature", "authority_of"),
			Position:    str(data, "signature", "position"),
			Name:        str(data, "signature", "name"),
		},
	}
	h.Ordinal = int(integer(data, "number"))
	if t, err := time.Parse(time.DateOnly, str(data, "date")); err == nil {
		h.Date = t
	}
	return h
}

// numberLine renders component 3: "Số 167-TB/TU"; a document without a
// number yet keeps the blank the clerk fills by hand ("Số       -TB/TU").
// The blank is [draftNumberBlank] spaces: a space and a three-digit number,
// which the PDF of an approved draft writes there against the series.
func numberLine(ordinal int, typeCode, issuerCode string) string {
	if ordinal <= 0 {
		return "Số" + strings.Repeat(" ", draftNumberBlank) + "-" + typeCode + "/" + issuerCode
	}
	return "Số " + citation.FormatParty(ordinal, typeCode, issuerCode)
}

// optional turns a possibly empty text into a 0- or 1-item collection, so the
// template drops the paragraph when the value is empty.
func optional(text string) []templates.Values {
	if strings.TrimSpace(text) == "" {
		return []templates.Values{}
	}
	return []templates.Values{{"text": text}}
}

func texts(items []string) []templates.Values {
	out := make([]templates.Values, 0, len(items))
	for _, s := range items {
		out = append(out, templates.Values{"text": s})
	}
	return out
}

// recipientLines ends every entry of the "Nơi nhận" list with "," and the last
// one with ".", replacing any punctuation the clerk typed.
func recipientLines(items []string) []templates.Values {
	out := make([]templates.Values, 0, len(items))
	for i, s := range items {
		s = strings.TrimRight(strings.TrimSpace(s), ",.;")
		s = strings.TrimSpace(strings.TrimLeft(s, "-–+• "))
		if i == len(items)-1 {
			s += "."
		} else {
			s += ","
		}
		out = append(out, templates.Values{"text": s})
	}
	return out
}

// commonValues derives the values shared by every official layout.
func commonValues(h header, typeCode string, draft bool) templates.Values {
	authority := ""
	if h.Signature.Authority != "" {
		authority = strings.TrimSpace(h.Signature.Authority + " " + upper(h.Signature.AuthorityOf))
	}
	v := templates.Values{
		"issuer_name": upper(h.IssuerName),
		"superior":    optional(upper(h.Superior)),
		"number_line": numberLine(h.Ordinal, typeCode, h.IssuerCode),
		"place_date":  vnformat.PlaceDate(h.Place, h.Date),
		"title":       h.Title,
		"secrecy":     optional(upper(h.Secrecy)),
		"urgency":     optional(upper(h.Urgency)),
		"recipients":  recipientLines(h.Recipients),
		"signature": templates.Values{
			"authority_line": authority,
			"position":       upper(h.Signature.Position),
			"name":           h.Signature.Name,
		},
	}
	if draft {
		v["draft"] = optional(draftMark)
	} else {
		v["draft"] = optional("")
	}
	return v
}

// sectionValues numbers the sections ("I-", "II-", …, starting at first) and
// their items ("1-", "2-", …, restarting in every section).
func sectionValues(data map[string]any, first int) []templates.Values {
	raw, _ := data["sections"].([]any)
	out := make([]templates.Values, 0, len(raw))
	for i, s := range raw {
		sec, _ := s.(map[string]any)
		items := strList(sec, "items")
		iv := make([]templates.Values, 0, len(items))
		for j, it := range items {
			iv = append(iv, templates.Values{"no": fmt.Sprint(j + 1), "text": it})
		}
		out = append(out, templates.Values{
			"numeral":    vnformat.Roman(first + i),
			"heading":    str(sec, "heading"),
			"paragraphs": texts(strList(sec, "paragraphs")),
			"items":      iv,
		})
	}
	return out
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// str reads a string at a path of object keys; missing or non-string gives "".
func str(m map[string]any, path ...string) string {
	v := lookup(m, path...)
	s, _ := v.(string)
	return s
}

// integer reads a whole number at a path of object keys with the same
// reader that validated it ([templates.Integer]); anything else gives 0.
func integer(m map[string]any, path ...string) int64 {
	n, _ := templates.Integer(lookup(m, path...))
	return n
}

func strList(m map[string]any, path ...string) []string {
	raw, _ := lookup(m, path...).([]any)
	out := make([]string, 0, len(raw))
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func lookup(m map[string]any, path ...string) any {
	var cur any = m
	for _, p := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[p]
	}
	return cur
}
