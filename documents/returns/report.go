package returns

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/documents"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/review"
)

// ReportRequest is the body of POST /api/v1/returns/{id}/report: the
// header fields of the province's review report. Title, intro and the
// annex title have defaults; the year, categories and annex come from the
// return.
type ReportRequest struct {
	Issuer struct {
		Superior string `json:"superior"`
		Name     string `json:"name"`
		Code     string `json:"code"`
	} `json:"issuer"`
	Place      string    `json:"place"`
	Date       string    `json:"date"`
	Title      string    `json:"title"`
	Secrecy    string    `json:"secrecy"`
	Urgency    string    `json:"urgency"`
	Intro      []string  `json:"intro"`
	Sections   []Section `json:"sections"`
	Closing    string    `json:"closing"`
	Recipients []string  `json:"recipients"`
	Signature  struct {
		Authority   string `json:"authority"`
		AuthorityOf string `json:"authority_of"`
		Position    string `json:"position"`
		Name        string `json:"name"`
	} `json:"signature"`
	AnnexTitle string `json:"annex_title"`
	Notes      string `json:"notes"`
}

// Section is a part of the report after the results, as the review report
// has them.
type Section = kind.Section

// reportData is the data of the report template.
type reportData struct {
	Issuer     any               `json:"issuer"`
	Place      string            `json:"place"`
	Date       string            `json:"date"`
	Title      string            `json:"title"`
	Secrecy    string            `json:"secrecy"`
	Urgency    string            `json:"urgency"`
	Year       int               `json:"year"`
	Intro      []string          `json:"intro"`
	Categories []review.Category `json:"categories"`
	Sections   []Section         `json:"sections"`
	Closing    string            `json:"closing"`
	Recipients []string          `json:"recipients"`
	Signature  any               `json:"signature"`
	Annex      kind.Annex        `json:"annex"`
}

// CreateReport makes the province's review report draft from a complete
// return: the consolidated categories with their narrative, tables and
// quota warnings, and the annex of the units, through the documents
// service like any draft. Missing or blocked units are refused (422 naming
// them), as is a return whose report is already issued (409).
func (s *Service) CreateReport(ctx context.Context, id string, req ReportRequest) (*record.Record, error) {
	if err := clerk(ctx, "create documents"); err != nil {
		return nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec, _, err := s.frozen(ctx, id); err != nil {
		return nil, err
	} else if rec != nil {
		return nil, &documents.ConflictError{Message: fmt.Sprintf("báo cáo tổng hợp của đợt này đã ban hành (số %s)", rec.Number)}
	}
	c, err := s.consolidate(ctx, d)
	if err != nil {
		return nil, err
	}
	if !c.Complete {
		var issues []Issue
		for _, us := range c.Units {
			switch us.State {
			case StateMissing:
				issues = append(issues, Issue{Path: "units." + us.Code, Message: us.Name + ": chưa có số liệu"})
			case StateBlocked:
				why := make([]string, 0, len(us.Blocked))
				for _, b := range us.Blocked {
					why = append(why, b.Message)
				}
				issues = append(issues, Issue{Path: "units." + us.Code, Message: us.Name + ": số liệu bị chặn, cần sửa: " + strings.Join(why, "; ")})
			}
		}
		return nil, invalid(issues)
	}
	data := reportData{Issuer: req.Issuer, Place: req.Place, Date: req.Date, Title: req.Title, Secrecy: req.Secrecy, Urgency: req.Urgency,
		Year: d.Year, Intro: req.Intro, Categories: c.Categories, Sections: req.Sections, Closing: req.Closing,
		Recipients: req.Recipients, Signature: req.Signature, Annex: annexOf(d, c, req.AnnexTitle)}
	if strings.TrimSpace(data.Title) == "" {
		data.Title = fmt.Sprintf("kết quả kiểm điểm, đánh giá, xếp loại chất lượng năm %d", d.Year)
	}
	if len(data.Intro) == 0 {
		data.Intro = []string{fmt.Sprintf("Trên cơ sở báo cáo của %d/%d đơn vị trực thuộc, kết quả kiểm điểm, đánh giá, xếp loại chất lượng năm %d được tổng hợp như sau (kết quả của từng đơn vị tại Phụ lục kèm theo):", c.Received, c.Expected, d.Year)}
	}
	if data.Sections == nil {
		data.Sections = []Section{}
	}
	if data.Recipients == nil {
		data.Recipients = []string{}
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("encode report data: %w", err)
	}
	rec, err := s.docs.Create(ctx, documents.CreateRequest{Template: ReportTemplate, Data: raw, Notes: req.Notes})
	if err != nil {
		return nil, headerPaths(err)
	}
	link := ReportLink{Document: rec.ID, Revisions: map[string]int{}, CreatedAt: s.opts.Now().UTC(), CreatedBy: documents.ActorFrom(ctx).Name}
	for _, us := range c.Units {
		link.Revisions[us.Code] = us.Revision.Revision
	}
	if err := s.st.put(ctx, reportKey(id, rec.ID), link); err != nil {
		return nil, fmt.Errorf("return %s: link report %s: %w", id, rec.ID, err)
	}
	s.docs.Audit(ctx, "return_report", id, "ok", "draft "+rec.ID)
	return rec, nil
}

// headerPaths names the fields of a refused report as the request has
// them: "date" rather than "data.date".
func headerPaths(err error) error {
	var ve *kind.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for i := range ve.Fields {
		ve.Fields[i].Path = strings.TrimPrefix(ve.Fields[i].Path, "data.")
	}
	return ve
}

// annexOf is the annex of the report: per category a table with a row per
// unit, in the order of the definition.
func annexOf(d *Definition, c Consolidation, title string) kind.Annex {
	if strings.TrimSpace(title) == "" {
		title = fmt.Sprintf("Kết quả đánh giá, xếp loại chất lượng năm %d của các đơn vị trực thuộc", d.Year)
	}
	a := kind.Annex{Title: title}
	for k, def := range d.Categories {
		t := kind.AnnexTable{Heading: fmt.Sprintf("%d. %s", k+1, capitalize(def.Label))}
		for _, us := range c.Units {
			cat := us.Revision.Categories[k]
			t.Rows = append(t.Rows, kind.AnnexRow{Unit: us.Name, Total: cat.Total, Counts: cat.Counts})
		}
		a.Tables = append(a.Tables, t)
	}
	return a
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
