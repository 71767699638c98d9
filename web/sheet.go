package web

import (
	"encoding/json"
	"strings"
	"time"

	"vanthu/documents/record"
	"vanthu/documents/vnformat"
)

// sheet is a document laid out as it is printed (Hướng dẫn 36-HD/VPTW):
// the two-column heading, the centred type name and trích yếu, the body,
// and Nơi nhận beside the signature block.
type sheet struct {
	Superior, Issuer string
	Number           string
	PlaceDate        string
	Secrecy, Urgency string
	TypeName, Title  string
	Body             reading
	Recipients       [][]textPart
	Signature        [][]textPart
}

// sheetOf lays out rec; ok is false when its data lacks the heading's
// fields, and the plain reading view is shown instead.
func sheetOf(rec *record.Record, r reading) (sheet, bool) {
	var data struct {
		Issuer struct {
			Superior string `json:"superior"`
			Name     string `json:"name"`
		} `json:"issuer"`
		Place string `json:"place"`
	}
	if err := json.Unmarshal(rec.Data, &data); err != nil || data.Issuer.Name == "" || r.Head == 0 {
		return sheet{}, false
	}
	s := sheet{Superior: strings.ToUpper(data.Issuer.Superior), Issuer: strings.ToUpper(data.Issuer.Name),
		Secrecy: string(rec.Secrecy), Urgency: rec.Urgency, TypeName: rec.TypeName, Title: rec.Title}
	s.Number = "Số " + rec.Number
	if rec.Number == "" {
		s.Number = "Số " + strings.Repeat("\u00a0", 6) + "-" + rec.Type + "/" + rec.Issuer // blank, filled by hand
	}
	if d, err := time.Parse(time.DateOnly, rec.Date); err == nil && data.Place != "" {
		s.PlaceDate = vnformat.PlaceDate(data.Place, d)
	}
	paras := r.Paragraphs[r.Head:]
	end := len(paras)
	for i, p := range paras {
		if plain(p) == "Nơi nhận:" {
			end = i
			break
		}
	}
	s.Body = reading{Paragraphs: paras[:end]}
	if end < len(paras) {
		rest := paras[end+1:]
		n := 0
		for n < len(rest) && n < len(rec.Recipients) && strings.Contains(plain(rest[n]), strings.TrimSpace(rec.Recipients[n])) {
			n++
		}
		s.Recipients, s.Signature = rest[:n], rest[n:]
	}
	return s, true
}

// plain is the text of a paragraph without its links.
func plain(p []textPart) string {
	var b strings.Builder
	for _, t := range p {
		b.WriteString(t.Text)
	}
	return strings.TrimSpace(b.String())
}
