package returns

import (
	"context"
	"time"

	"vanthu/documents/review"
)

// View is a return as GET /api/v1/returns/{id} shows it: the state of
// every unit and the consolidated categories (the sum of the received
// units, in the shape of a review report's data.categories).
type View struct {
	ID         string            `json:"id"`
	Year       int               `json:"year"`
	Title      string            `json:"title"`
	CreatedAt  time.Time         `json:"created_at"`
	CreatedBy  string            `json:"created_by"`
	Units      []UnitView        `json:"units"`
	Expected   int               `json:"expected"`
	Received   int               `json:"received"`
	Missing    []string          `json:"missing"`
	Blocked    []string          `json:"blocked"`
	Complete   bool              `json:"complete"`
	Categories []review.Category `json:"categories"`
	// Warnings are the quota warnings of the consolidated figures.
	Warnings []review.Warning `json:"warnings"`
	// Frozen is set once a report made from the return is issued.
	Frozen  bool              `json:"frozen"`
	Reports []ReportView      `json:"reports"`
	Links   map[string]string `json:"links"`
}

// UnitView is the state of one unit.
type UnitView struct {
	Code       string            `json:"code"`
	Name       string            `json:"name"`
	State      string            `json:"state"`
	Revision   int               `json:"revision,omitempty"`
	Source     string            `json:"source,omitempty"`
	ReceivedAt *time.Time        `json:"received_at,omitempty"`
	ReceivedBy string            `json:"received_by,omitempty"`
	Blocked    []Issue           `json:"blocked,omitempty"`
	Links      map[string]string `json:"links"`
}

// ReportView is a report draft made from the return. UpToDate says whether
// it was made from the units' current revisions.
type ReportView struct {
	ID        string            `json:"id"`
	Status    string            `json:"status"`
	Number    string            `json:"number,omitempty"`
	UpToDate  bool              `json:"up_to_date"`
	Revisions map[string]int    `json:"revisions"`
	CreatedAt time.Time         `json:"created_at"`
	CreatedBy string            `json:"created_by"`
	Links     map[string]string `json:"links"`
}

func (s *Service) view(ctx context.Context, d *Definition) (*View, error) {
	c, err := s.consolidate(ctx, d)
	if err != nil {
		return nil, err
	}
	issued, reports, err := s.frozen(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	self := "/api/v1/returns/" + d.ID
	v := &View{ID: d.ID, Year: d.Year, Title: d.Title, CreatedAt: d.CreatedAt, CreatedBy: d.CreatedBy,
		Expected: c.Expected, Received: c.Received, Missing: c.Missing, Blocked: c.Blocked, Complete: c.Complete,
		Categories: c.Categories, Frozen: issued != nil, Reports: reports,
		Warnings: review.QuotaWarnings(c.Categories, review.QuotaBase(s.opts.QuotaBase), s.opts.QuotaPercent),
		Links:    map[string]string{"self": self, "xlsx": self + "/xlsx", "template": self + "/template.xlsx", "report": self + "/report"}}
	if v.Warnings == nil {
		v.Warnings = []review.Warning{}
	}
	current := map[string]int{}
	for _, us := range c.Units {
		uv := UnitView{Code: us.Code, Name: us.Name, State: us.State, Blocked: us.Blocked,
			Links: map[string]string{"self": self + "/units/" + us.Code, "template": self + "/template.xlsx?unit=" + us.Code}}
		if r := us.Revision; r != nil {
			at := r.CreatedAt
			uv.Revision, uv.Source, uv.ReceivedAt, uv.ReceivedBy = r.Revision, r.Source, &at, r.CreatedBy
			current[us.Code] = r.Revision
		}
		v.Units = append(v.Units, uv)
	}
	for i := range v.Reports {
		v.Reports[i].UpToDate = sameRevisions(v.Reports[i].Revisions, current)
	}
	return v, nil
}

func sameRevisions(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, n := range a {
		if b[k] != n {
			return false
		}
	}
	return true
}
