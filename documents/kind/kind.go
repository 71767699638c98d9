package kind

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"vanthu/documents/review"
	"vanthu/documents/secrecy"
	"vanthu/templates"
)

// Kind names which derivation a manifest's data goes through.
type Kind string

// Template kinds.
const (
	KindNotice       Kind = "notice"
	KindReviewReport Kind = "review_report"
	KindGeneric      Kind = "generic"
)

// Of is the kind a manifest declares; an empty kind is generic.
func Of(m templates.Manifest) Kind {
	if m.Kind == "" {
		return KindGeneric
	}
	return Kind(m.Kind)
}

// Date is a calendar day written YYYY-MM-DD; the empty string is the zero
// Date.
type Date struct{ time.Time }

// UnmarshalJSON reads "YYYY-MM-DD" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be text: %w", err)
	}
	if s == "" {
		d.Time = time.Time{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("a date must be YYYY-MM-DD: %w", err)
	}
	d.Time = t
	return nil
}

// MarshalJSON writes "YYYY-MM-DD", or "" for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte(`""`), nil
	}
	return json.Marshal(d.Format(time.DateOnly))
}

// Issuer is the issuing body (components 1 and 2 of 36-HD/VPTW).
type Issuer struct {
	Superior string `json:"superior"`
	Name     string `json:"name"`
	Code     string `json:"code"`
}

// Signature is the signing block (component 9).
type Signature struct {
	Authority   string `json:"authority"`
	AuthorityOf string `json:"authority_of"`
	Position    string `json:"position"`
	Name        string `json:"name"`
}

// Header holds the values every official document shares.
type Header struct {
	Issuer Issuer `json:"issuer"`
	// Number is the number given in the data (0: none); the register
	// number of an issuing is passed to [Values] instead.
	Number     int          `json:"number"`
	Place      string       `json:"place"`
	Date       Date         `json:"date"`
	Title      string       `json:"title"`
	Secrecy    secrecy.Mark `json:"secrecy"`
	Urgency    string       `json:"urgency"`
	Signature  Signature    `json:"signature"`
	Recipients []string     `json:"recipients"`
}

// Head returns the header itself, so that every kind embedding it is a
// [Document].
func (h *Header) Head() *Header { return h }

// Document is the typed data of one request, of any kind.
type Document interface {
	Head() *Header
}

// Section is one numbered part of the body ("I-", "II-") with its
// paragraphs and numbered items ("1-", "2-").
type Section struct {
	Heading    string   `json:"heading"`
	Paragraphs []string `json:"paragraphs"`
	Items      []string `json:"items"`
}

// Notice is a "Thông báo kết luận".
type Notice struct {
	Header
	Intro    []string  `json:"intro"`
	Sections []Section `json:"sections"`
	Closing  string    `json:"closing"`
}

// ReviewReport is a report on the annual review and rating of quality
// ("báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng").
type ReviewReport struct {
	Header
	Intro      []string          `json:"intro"`
	Year       int               `json:"year"`
	Categories []review.Category `json:"categories"`
	Annex      *Annex            `json:"annex"`
	Sections   []Section         `json:"sections"`
	Closing    string            `json:"closing"`
}

// Annex is the optional "Phụ lục" of a review report: one table per
// category, a row per unit.
type Annex struct {
	Title  string       `json:"title"`
	Tables []AnnexTable `json:"tables"`
}

// AnnexTable is one table of the annex.
type AnnexTable struct {
	Heading string     `json:"heading"`
	Rows    []AnnexRow `json:"rows"`
}

// AnnexRow is one unit's figures.
type AnnexRow struct {
	Unit  string `json:"unit"`
	Total int64  `json:"total"`
	review.Counts
}

// Generic is the data of a staff-supplied template: the header, read from
// the standard fields where the manifest gives them the standard types, and
// every field as validated, filled into the template by name.
type Generic struct {
	Header
	Fields map[string]any
}

// Parse turns data validated against m (templates.Manifest.Validate, with
// numbers canonical) into the typed value of m's kind. A review report's
// figures are checked here, then the secrecy mark: a mark that would print
// as secret but is not one of the four must not make the document public.
// Their errors are a *ValidationError.
func Parse(m templates.Manifest, data map[string]any) (Document, error) {
	switch Of(m) {
	case KindNotice:
		var n Notice
		if err := decode(data, &n); err != nil {
			return nil, err
		}
		return &n, nil
	case KindReviewReport:
		var r ReviewReport
		err := decode(data, &r)
		var bad *ValidationError
		if err != nil && !errors.As(err, &bad) {
			return nil, err
		}
		if cerr := r.check(); cerr != nil {
			return nil, cerr
		}
		if err != nil {
			return nil, err
		}
		return &r, nil
	default:
		h, err := lenientHeader(data)
		if err != nil {
			return nil, err
		}
		return &Generic{Header: h, Fields: data}, nil
	}
}

// markError is the error of a secrecy mark that is not one of the four.
func markError(e *secrecy.InvalidMarkError) *ValidationError {
	return &ValidationError{Fields: []templates.FieldError{templates.BadMark("data.secrecy", strings.TrimSpace(e.Text))}}
}

// decode copies validated data into a typed value. The manifest has checked
// every type, so an error here is a secrecy mark that is not one of the
// four (a *ValidationError, with everything else decoded) or a manifest
// that does not fit its kind.
func decode(data map[string]any, dst any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode data: %w", err)
	}
	if err := json.Unmarshal(b, dst); err != nil {
		if bad, ok := errors.AsType[*secrecy.InvalidMarkError](err); ok {
			return markError(bad)
		}
		return fmt.Errorf("the template's fields do not fit its kind: %w", err)
	}
	return nil
}

// lenientHeader reads the standard fields of a staff-supplied template. Its
// manifest requires issuer, date and title but may give the other
// standard names (number, signature, …) types of its own: a field that
// does not have the standard type is not part of the header and is only
// filled into the template by name.
// A secrecy mark given as a string must be one of the four.
func lenientHeader(data map[string]any) (Header, error) {
	var h Header
	for _, f := range []struct {
		key string
		dst any
	}{
		{"number", &h.Number}, {"place", &h.Place}, {"date", &h.Date}, {"title", &h.Title},
		{"secrecy", &h.Secrecy}, {"urgency", &h.Urgency},
	} {
		if v, ok := data[f.key]; ok {
			err := decodeField(v, f.dst)
			if bad, ok := errors.AsType[*secrecy.InvalidMarkError](err); ok {
				return Header{}, markError(bad)
			}
			// Any other error: not the standard type, not part of the header.
		}
	}
	h.Recipients = stringsOnly(data["recipients"])
	h.Issuer = Issuer{Superior: text(data, "issuer", "superior"), Name: text(data, "issuer", "name"), Code: text(data, "issuer", "code")}
	h.Signature = Signature{
		Authority:   text(data, "signature", "authority"),
		AuthorityOf: text(data, "signature", "authority_of"),
		Position:    text(data, "signature", "position"),
		Name:        text(data, "signature", "name"),
	}
	return h, nil
}

func decodeField(v any, dst any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// text reads a string under obj.key of data; any other type gives "".
func text(data map[string]any, obj, key string) string {
	o, _ := data[obj].(map[string]any)
	s, _ := o[key].(string)
	return s
}

// stringsOnly keeps the strings of a list.
func stringsOnly(v any) []string {
	raw, _ := v.([]any)
	out := make([]string, 0, len(raw))
	for _, e := range raw {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// check validates the figures of the report and of its annex.
func (r *ReviewReport) check() error {
	var fields []templates.FieldError
	for _, is := range review.Validate(r.Categories) {
		fields = append(fields, templates.FieldError{Path: is.Path, Message: is.Message})
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	if r.Annex == nil {
		return nil
	}
	for i, t := range r.Annex.Tables {
		for _, is := range review.Validate(t.units()) {
			path := strings.Replace(is.Path, "data.categories", fmt.Sprintf("data.annex.tables[%d].rows", i), 1)
			fields = append(fields, templates.FieldError{Path: path, Message: is.Message})
		}
	}
	if len(fields) > 0 {
		return &ValidationError{Fields: fields}
	}
	return nil
}

// units are the rows of an annex table read as categories of
// organisations, so that they are checked and summed like the report's.
func (t AnnexTable) units() []review.Category {
	out := make([]review.Category, 0, len(t.Rows))
	for _, r := range t.Rows {
		out = append(out, review.Category{Label: r.Unit, Group: review.GroupOrganizations, Total: r.Total, Counts: r.Counts})
	}
	return out
}

// ValidationError is returned when a request is well-formed JSON but its
// content is not acceptable. Nothing is stored when it is returned.
type ValidationError struct {
	Fields []templates.FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Path+": "+f.Message)
	}
	return "invalid data: " + strings.Join(parts, "; ")
}
