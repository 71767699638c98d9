package find

import (
	"net/url"
	"strconv"
	"time"

	"vanthu/templates"
)

// AuditParams filter the audit log: From and To (inclusive, either may be
// zero), Actor (empty: anyone) and Limit, the most events returned (0:
// MaxAuditEvents).
type AuditParams struct {
	From, To time.Time
	Actor    string
	Limit    int
}

// MaxAuditEvents is the most events one audit request returns.
const MaxAuditEvents = 10000

// ParseAudit reads the query string of GET /api/v1/audit: from and to are
// dates (YYYY-MM-DD; to means the end of that day) or RFC 3339 times,
// limit an integer from 1 to MaxAuditEvents. The first malformed one is
// named in a *kind.ValidationError.
func ParseAudit(q url.Values) (AuditParams, error) {
	var p AuditParams
	var err error
	if p.From, err = Time(q.Get("from"), "from", false); err != nil {
		return AuditParams{}, err
	}
	if p.To, err = Time(q.Get("to"), "to", true); err != nil {
		return AuditParams{}, err
	}
	p.Actor = q.Get("actor")
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxAuditEvents {
			return AuditParams{}, fieldError(templates.IntegerRange("limit", 1, MaxAuditEvents, v))
		}
		p.Limit = n
	}
	return p, nil
}

// Time reads a bound of a time range given in the parameter field: a date
// (YYYY-MM-DD) stands for its start, or its last instant when end is set,
// in UTC; an RFC 3339 time stands for itself. Empty is the zero time.
func Time(v, field string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fieldError(templates.BadTime(field, v))
	}
	if end {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}

// RegisterParams filter the outgoing register: by issuer code and type
// code (empty: any), by the term starting on Term (zero: any) and by Year
// (0: any).
type RegisterParams struct {
	Issuer, Type string
	Term         time.Time
	Year         int
}

// ParseRegister reads the query string of GET /api/v1/register: year is a
// year from 1930 to 9999, term the start date of a term (YYYY-MM-DD). The
// first malformed one is named in a *kind.ValidationError.
func ParseRegister(q url.Values) (RegisterParams, error) {
	p := RegisterParams{Issuer: q.Get("issuer"), Type: q.Get("type")}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < MinYear || y > MaxYear {
			return RegisterParams{}, fieldError(templates.BadYear("year", v))
		}
		p.Year = y
	}
	if v := q.Get("term"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return RegisterParams{}, invalid("term", "must be the start date of a term (YYYY-MM-DD), got %q", v)
		}
		p.Term = t
	}
	return p, nil
}

// TermKey is the term of p as the register names it (YYYY-MM-DD), or ""
// for any term.
func (p RegisterParams) TermKey() string {
	if p.Term.IsZero() {
		return ""
	}
	return p.Term.Format(time.DateOnly)
}
