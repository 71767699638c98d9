package returns

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/review"
	"vanthu/documents/role"
	"vanthu/templates"
)

// Options configures a [Service]. Archive and Docs are required.
type Options struct {
	Archive archive.Archive
	Docs    *documents.Service
	// QuotaBase and QuotaPercent are those of the documents service; they
	// give the quota warnings of the consolidated figures.
	QuotaBase    string
	QuotaPercent int
	Now          func() time.Time
}

// Service keeps returns in the archive and makes report drafts from them.
// Clerks (and above) read and enter returns; reports are issued as any
// document, by signers.
type Service struct {
	st   store
	docs *documents.Service
	opts Options
}

// New returns a service over the archive and the documents service.
func New(opts Options) (*Service, error) {
	if opts.Archive == nil || opts.Docs == nil {
		return nil, errors.New("returns: archive and documents service are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{st: store{a: opts.Archive}, docs: opts.Docs, opts: opts}, nil
}

// ReportTemplate is the template report drafts are made with.
const ReportTemplate = "bao-cao-danh-gia-xep-loai"

func clerk(ctx context.Context, what string) error {
	if !documents.ActorFrom(ctx).Can(role.Clerk) {
		return fmt.Errorf("%s: %w", what, documents.ErrForbidden)
	}
	return nil
}

func invalid(issues []Issue) error {
	ve := &kind.ValidationError{}
	for _, is := range issues {
		ve.Fields = append(ve.Fields, templates.FieldError{Path: is.Path, Message: is.Message})
	}
	return ve
}

func invalidOne(path, format string, args ...any) error {
	return invalid([]Issue{{Path: path, Message: fmt.Sprintf(format, args...)}})
}

// CreateRequest is the body of POST /api/v1/returns.
type CreateRequest struct {
	Year       int           `json:"year"`
	Title      string        `json:"title"`
	Units      []Unit        `json:"units"`
	Categories []CategoryDef `json:"categories"`
}

// Create validates and archives a new return.
func (s *Service) Create(ctx context.Context, req CreateRequest) (*View, error) {
	if err := clerk(ctx, "create returns"); err != nil {
		return nil, err
	}
	d := &Definition{Year: req.Year, Title: req.Title, Units: req.Units, Categories: req.Categories}
	if issues := ValidateDefinition(d); len(issues) > 0 {
		return nil, invalid(issues)
	}
	now := s.opts.Now().UTC()
	d.ID, d.CreatedAt, d.CreatedBy = newID(now), now, documents.ActorFrom(ctx).Name
	if err := s.st.put(ctx, definitionKey(d.ID), d); err != nil {
		return nil, err
	}
	s.docs.Audit(ctx, "return_create", d.ID, "ok", fmt.Sprintf("%d units, %d categories, year %d", len(d.Units), len(d.Categories), d.Year))
	return s.view(ctx, d)
}

// List returns every return, newest first, without the units' figures.
func (s *Service) List(ctx context.Context) ([]*Definition, error) {
	if err := clerk(ctx, "read returns"); err != nil {
		return nil, err
	}
	return s.st.definitions(ctx)
}

// Get returns a return with the state of every unit and the consolidated
// figures.
func (s *Service) Get(ctx context.Context, id string) (*View, error) {
	if err := clerk(ctx, "read returns"); err != nil {
		return nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, d)
}

// consolidate reads the latest revision of every unit and sums them.
func (s *Service) consolidate(ctx context.Context, d *Definition) (Consolidation, error) {
	latest, _, err := s.st.revisions(ctx, d.ID)
	if err != nil {
		return Consolidation{}, fmt.Errorf("return %s: %w", d.ID, err)
	}
	revs := map[string]*Revision{}
	for _, u := range d.Units {
		if n := latest[u.Code]; n > 0 {
			r, err := s.st.revision(ctx, d.ID, u.Code, n)
			if err != nil {
				return Consolidation{}, err
			}
			revs[u.Code] = r
		}
	}
	return Consolidate(d, revs)
}

// frozen returns the issued report made from the return, if any.
func (s *Service) frozen(ctx context.Context, id string) (*record.Record, []ReportView, error) {
	links, err := s.st.reports(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	sys := documents.WithActor(ctx, documents.System)
	var issued *record.Record
	views := make([]ReportView, 0, len(links))
	for _, l := range links {
		rec, err := s.docs.Get(sys, l.Document)
		if errors.Is(err, documents.ErrNotFound) {
			continue // a draft deleted since
		}
		if err != nil {
			return nil, nil, err
		}
		if rec.Status == record.StatusIssued && issued == nil {
			issued = rec
		}
		views = append(views, ReportView{ID: rec.ID, Status: string(rec.Status), Number: rec.Number, Revisions: l.Revisions,
			CreatedAt: l.CreatedAt, CreatedBy: l.CreatedBy, Links: map[string]string{"self": "/api/v1/documents/" + rec.ID, "docx": "/api/v1/documents/" + rec.ID + "/docx"}})
	}
	return issued, views, nil
}

// Input is a unit's figures as sent: JSON categories, or a file (xlsx,
// docx) or a text read through the checker.
type Input struct {
	Source     string
	Categories []review.Category
	File       []byte
	FileName   string
	Text       string
}

// PutUnit validates a unit's figures and archives them as its next
// revision. JSON and workbook figures that do not validate are refused
// (422, nothing stored); figures taken from a report's text are stored
// even when the checker blocks them, with the reasons, so that the board
// sees them and corrects them by hand. Once a report made from the return
// is issued every unit is frozen (409).
func (s *Service) PutUnit(ctx context.Context, id, code string, in Input) (*Revision, error) {
	if err := clerk(ctx, "enter returns"); err != nil {
		return nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, err
	}
	unit, ok := d.Unit(code)
	if !ok {
		return nil, fmt.Errorf("unit %q of return %s: %w", code, id, ErrNotFound)
	}
	if rec, _, err := s.frozen(ctx, id); err != nil {
		return nil, err
	} else if rec != nil {
		return nil, &documents.ConflictError{Message: fmt.Sprintf("báo cáo tổng hợp %s đã ban hành: số liệu của các đơn vị đã khóa, không sửa được", rec.Number)}
	}
	rev := &Revision{Return: id, Unit: unit.Code, Source: in.Source}
	ext, contentType := "", ""
	switch in.Source {
	case SourceJSON:
		cats, issues := Normalize(d, in.Categories)
		if len(issues) > 0 {
			return nil, invalid(issues)
		}
		rev.Categories = cats
	case SourceXLSX:
		ext, contentType = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		cats, rows, issues, err := ReadWorkbook(d, code, in.File)
		if errors.Is(err, ErrWorkbook) {
			return nil, invalidOne("xlsx", "không đọc được biểu số liệu: %v", err)
		}
		if err != nil {
			return nil, err
		}
		if len(issues) == 0 {
			cats, issues = Normalize(d, cats)
			issues = cellPaths(issues, rows)
		}
		if len(issues) > 0 {
			return nil, invalid(issues)
		}
		rev.Categories = cats
	case SourceDOCX, SourceText:
		text := in.Text
		ext, contentType = "txt", "text/plain; charset=utf-8"
		if in.Source == SourceDOCX {
			ext, contentType = "docx", documents.DOCXContentType
			if text, err = documents.VisibleText(in.File); err != nil {
				return nil, invalidOne("docx", "không đọc được tệp Word (.docx): %v", err)
			}
		} else {
			in.File = []byte(text)
		}
		if strings.TrimSpace(text) == "" {
			return nil, invalidOne(in.Source, "văn bản trống, không có số liệu")
		}
		ex := FromText(d, text)
		rev.Categories, rev.Blocked, rev.Figures, rev.Findings, rev.Text = ex.Categories, ex.Blocked, ex.Figures, ex.Findings, ex.Text
		rev.Summary = &ex.Summary
	default:
		return nil, invalidOne("source", "nguồn số liệu %q không hợp lệ", in.Source)
	}
	_, used, err := s.st.revisions(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.opts.Now().UTC()
	rev.Revision, rev.CreatedAt, rev.CreatedBy = used[code]+1, now, documents.ActorFrom(ctx).Name
	dir := revisionDir(id, code, rev.Revision)
	if ext != "" {
		sum := sha256.Sum256(in.File)
		rev.File = &FileRef{Key: dir + "upload." + ext, Name: in.FileName, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(in.File))}
		if err := s.st.putBytes(ctx, rev.File.Key, in.File, contentType); err != nil {
			return nil, conflict(err, code)
		}
	}
	if err := s.st.put(ctx, dir+"revision.json", rev); err != nil {
		return nil, conflict(err, code)
	}
	detail := fmt.Sprintf("unit %s revision %d from %s: %s", code, rev.Revision, rev.Source, rev.State())
	s.docs.Audit(ctx, "return_unit", id, "ok", detail)
	return rev, nil
}

func conflict(err error, code string) error {
	if errors.Is(err, archive.ErrExists) {
		return &documents.ConflictError{Message: fmt.Sprintf("số liệu của đơn vị %s đang được người khác nhập cùng lúc; tải lại và thử lại", code)}
	}
	return err
}

// cellPaths turns the paths of Normalize over workbook rows into cells.
func cellPaths(issues []Issue, rows []int) []Issue {
	cols := map[string]string{"label": "C", "group": "D", "total": "E", "evaluated": "F", "excellent": "G", "good": "H", "completed": "I", "not_completed": "J", "not_evaluated_note": "K"}
	for i, is := range issues {
		var k int
		var field string
		if n, _ := fmt.Sscanf(is.Path, "categories[%d].", &k); n == 1 && k < len(rows) {
			field = is.Path[strings.Index(is.Path, "].")+2:]
			if col, ok := cols[field]; ok {
				issues[i].Path = fmt.Sprintf("xlsx:%s!%s%d", DataSheet, col, rows[k])
				continue
			}
		}
		issues[i].Path = "xlsx"
	}
	return issues
}

// Unit returns a revision of a unit (the latest when rev is 0) and the
// list of all its revisions, without their figures.
func (s *Service) Unit(ctx context.Context, id, code string, rev int) (*Revision, []RevisionBrief, error) {
	if err := clerk(ctx, "read returns"); err != nil {
		return nil, nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := d.Unit(code); !ok {
		return nil, nil, fmt.Errorf("unit %q of return %s: %w", code, id, ErrNotFound)
	}
	latest, _, err := s.st.revisions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if latest[code] == 0 || rev > latest[code] || rev < 0 {
		return nil, nil, fmt.Errorf("unit %q of return %s, revision %d: %w", code, id, rev, ErrNotFound)
	}
	if rev == 0 {
		rev = latest[code]
	}
	var list []RevisionBrief
	var want *Revision
	for n := 1; n <= latest[code]; n++ {
		r, err := s.st.revision(ctx, id, code, n)
		if errors.Is(err, ErrNotFound) {
			continue // a failed write left no revision.json
		}
		if err != nil {
			return nil, nil, err
		}
		list = append(list, RevisionBrief{Revision: r.Revision, Source: r.Source, State: r.State(), CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy})
		if n == rev {
			want = r
		}
	}
	if want == nil {
		return nil, nil, fmt.Errorf("unit %q of return %s, revision %d: %w", code, id, rev, ErrNotFound)
	}
	return want, list, nil
}

// RevisionBrief describes a revision in a unit's history.
type RevisionBrief struct {
	Revision  int       `json:"revision"`
	Source    string    `json:"source"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// TemplateXLSX returns the empty workbook of a return (of one unit when
// unit is not empty).
func (s *Service) TemplateXLSX(ctx context.Context, id, unit string) ([]byte, *Definition, error) {
	if err := clerk(ctx, "read returns"); err != nil {
		return nil, nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := TemplateWorkbook(d, unit)
	return b, d, err
}

// ExportXLSX returns the consolidated workbook of a return.
func (s *Service) ExportXLSX(ctx context.Context, id string) ([]byte, *Definition, error) {
	if err := clerk(ctx, "read returns"); err != nil {
		return nil, nil, err
	}
	d, err := s.st.definition(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.consolidate(ctx, d)
	if err != nil {
		return nil, nil, err
	}
	b, err := ExportWorkbook(d, c)
	if err != nil {
		return nil, nil, fmt.Errorf("export return %s: %w", id, err)
	}
	s.docs.Audit(ctx, "return_export", id, "ok", fmt.Sprintf("%d/%d units", c.Received, c.Expected))
	return b, d, nil
}
