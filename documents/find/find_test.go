package find

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"

	"vanthu/documents/kind"
	"vanthu/documents/secrecy"
	"vanthu/templates"
)

// fields returns the field errors of err, which must be a
// *kind.ValidationError (or nil).
func fields(t *testing.T, err error) []templates.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *kind.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *kind.ValidationError", err)
	}
	return ve.Fields
}

func TestParseParams(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		want  Params
		errs  []templates.FieldError
	}{
		{"empty", "", Params{}, nil},
		{"all", "q=k%E1%BA%BFt+lu%E1%BA%ADn&number=167-TB/TU&cites=28-CT/TW&type=TB&issuer=TU&status=issued&year=2025&page=2&per_page=50&facets=true",
			Params{Q: "kết luận", Number: "167-TB/TU", Cites: "28-CT/TW", Type: "TB", Issuer: "TU", Status: "issued", Year: 2025, Page: 2, PerPage: 50, Facets: true}, nil},
		{"facets 0", "facets=0", Params{}, nil},
		{"facets 1", "facets=1", Params{Facets: true}, nil},
		{"every number malformed", "year=1900&page=0&per_page=x&facets=yes", Params{}, []templates.FieldError{
			{Path: "year", Message: `must be an integer between 1930 and 9999, got "1900"`,
				Reason: templates.ReasonIntegerRange, Min: 1930, Max: 9999, Value: "1900"},
			{Path: "page", Message: `must be an integer between 1 and 100000, got "0"`,
				Reason: templates.ReasonIntegerRange, Min: 1, Max: 100000, Value: "0"},
			{Path: "per_page", Message: `must be an integer between 1 and 100, got "x"`,
				Reason: templates.ReasonIntegerRange, Min: 1, Max: 100, Value: "x"},
			{Path: "facets", Message: `must be true or false, got "yes"`},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseParams(q)
			if got := fields(t, err); !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("errors %v, want %v", got, tc.errs)
			}
			if tc.errs == nil && p != tc.want {
				t.Errorf("got %+v, want %+v", p, tc.want)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	clerk := Reader{Clearance: secrecy.Mat, Drafts: true}
	viewer := Reader{}
	for _, tc := range []struct {
		name   string
		p      Params
		r      Reader
		errs   []string // paths
		status string
	}{
		{"viewer sees issued documents only", Params{}, viewer, nil, "issued"},
		{"clerk sees drafts too", Params{}, clerk, nil, ""},
		{"clerk asks for drafts", Params{Status: "draft"}, clerk, nil, "draft"},
		{"viewer asks for drafts", Params{Status: "draft"}, viewer, []string{"status"}, ""},
		{"unknown status", Params{Status: "void"}, clerk, []string{"status"}, ""},
		{"bad numbers", Params{Number: "abc", Cites: "xyz"}, clerk, []string{"number", "cites"}, ""},
		{"out of range", Params{Year: 10000, PerPage: 101}, clerk, []string{"year", "per_page"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := tc.p.Query(tc.r)
			var paths []string
			for _, f := range fields(t, err) {
				paths = append(paths, f.Path)
			}
			if !reflect.DeepEqual(paths, tc.errs) {
				t.Fatalf("errors at %v, want %v", paths, tc.errs)
			}
			if err != nil {
				return
			}
			if q.Status != tc.status || q.MaxSecrecy != tc.r.Clearance {
				t.Errorf("status %q, max secrecy %d; want %q, %d", q.Status, q.MaxSecrecy, tc.status, tc.r.Clearance)
			}
		})
	}
	q, err := Params{Q: " số 167-TB/TU "}.Query(viewer)
	if err != nil || q.TextNumberKey == "" || q.Text != "số 167-TB/TU" {
		t.Errorf("a number as text: %+v, %v", q, err)
	}
	q, err = Params{Q: "kết luận số 167-TB/TU về công tác cán bộ"}.Query(viewer)
	if err != nil || q.TextNumberKey != "" {
		t.Errorf("a sentence with a number: %+v, %v", q, err)
	}
}

func TestParseAudit(t *testing.T) {
	day := func(s string) time.Time {
		t, _ := time.Parse(time.DateOnly, s)
		return t
	}
	for _, tc := range []struct {
		name, query string
		want        AuditParams
		err         templates.FieldError
	}{
		{"empty", "", AuditParams{}, templates.FieldError{}},
		{"dates", "from=2025-03-01&to=2025-03-02&actor=v%C4%83n+th%C6%B0&limit=50",
			AuditParams{From: day("2025-03-01"), To: day("2025-03-03").Add(-time.Nanosecond), Actor: "văn thư", Limit: 50}, templates.FieldError{}},
		{"times", "from=2025-03-01T08:00:00%2B07:00&to=2025-03-01T09:00:00.5Z",
			AuditParams{From: time.Date(2025, 3, 1, 1, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 1, 9, 0, 0, 5e8, time.UTC)}, templates.FieldError{}},
		{"bad from", "from=01/03/2025&to=x", AuditParams{},
			templates.FieldError{Path: "from", Message: `must be a date (YYYY-MM-DD) or an RFC 3339 time, got "01/03/2025"`,
				Reason: templates.ReasonBadDate, Value: "01/03/2025"}},
		{"bad to", "to=2025-02-30", AuditParams{},
			templates.FieldError{Path: "to", Message: `must be a date (YYYY-MM-DD) or an RFC 3339 time, got "2025-02-30"`,
				Reason: templates.ReasonBadDate, Value: "2025-02-30"}},
		{"bad limit", "limit=10001", AuditParams{},
			templates.FieldError{Path: "limit", Message: `must be an integer between 1 and 10000, got "10001"`,
				Reason: templates.ReasonIntegerRange, Min: 1, Max: 10000, Value: "10001"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseAudit(q)
			got := fields(t, err)
			if tc.err.Path != "" {
				if len(got) != 1 || got[0] != tc.err {
					t.Errorf("errors %v, want %v", got, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !p.From.Equal(tc.want.From) || !p.To.Equal(tc.want.To) || p.Actor != tc.want.Actor || p.Limit != tc.want.Limit {
				t.Errorf("got %+v, want %+v", p, tc.want)
			}
		})
	}
}

func TestParseRegister(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		want        RegisterParams
		term        string
		err         templates.FieldError
	}{
		{"empty", "", RegisterParams{}, "", templates.FieldError{}},
		{"all", "issuer=TU&type=TB&term=2020-10-15&year=2025",
			RegisterParams{Issuer: "TU", Type: "TB", Term: time.Date(2020, 10, 15, 0, 0, 0, 0, time.UTC), Year: 2025}, "2020-10-15", templates.FieldError{}},
		{"bad year", "year=25&term=x", RegisterParams{}, "",
			templates.FieldError{Path: "year", Message: `must be a year such as 2025, got "25"`,
				Reason: templates.ReasonBadYear, Value: "25"}},
		{"bad term", "term=15/10/2020", RegisterParams{}, "",
			templates.FieldError{Path: "term", Message: `must be the start date of a term (YYYY-MM-DD), got "15/10/2020"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseRegister(q)
			got := fields(t, err)
			if tc.err.Path != "" {
				if len(got) != 1 || got[0] != tc.err {
					t.Errorf("errors %v, want %v", got, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p != tc.want || p.TermKey() != tc.term {
				t.Errorf("got %+v (term %q), want %+v (term %q)", p, p.TermKey(), tc.want, tc.term)
			}
		})
	}
}
