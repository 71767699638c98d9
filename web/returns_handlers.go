package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/documents"
	"vanthu/documents/kind"
	"vanthu/documents/returns"
	"vanthu/documents/review"
	"vanthu/documents/vnformat"
)

// The pages of returns (tổng hợp): the lower units' figures, entered by
// hand, from their workbook or from their report's text, summed into the
// province's report. Every page calls the returns service as the API does.

// returnForm is what the clerk typed into the form of a new return.
type returnForm struct {
	Year       string
	Title      string
	Units      []returns.Unit
	Categories []returns.CategoryDef
}

type returnsListView struct {
	List   []*returns.Definition
	Form   returnForm
	Errs   map[string][]string
	Issues []fieldIssue
	Groups []groupOption
}

// fieldIssue is a refusal of the service for the summary at the top of a
// form: the field's id (to link to) and the message.
type fieldIssue struct {
	ID      string
	Message string
}

type groupOption struct{ Value, Label string }

func groupOptions() []groupOption {
	out := make([]groupOption, 0, len(review.Groups))
	for _, g := range review.Groups {
		out = append(out, groupOption{Value: g, Label: enumLabel("group", g)})
	}
	return out
}

func (s *Server) returnsOff(w http.ResponseWriter, r *http.Request) bool {
	if s.opts.Returns != nil {
		return false
	}
	s.render(w, r, http.StatusServiceUnavailable, "error", "Tạm thời không phục vụ được", "returns", errorPage{Kind: "unavailable"})
	return true
}

func defaultReturnForm() returnForm {
	return returnForm{
		Units: make([]returns.Unit, 3),
		Categories: []returns.CategoryDef{
			{Label: "tổ chức cơ sở đảng", Group: review.GroupOrganizations},
			{Label: "đảng viên", Group: review.GroupMembers},
		},
	}
}

func (s *Server) returnsPage(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	s.showReturns(w, r, http.StatusOK, defaultReturnForm(), nil)
}

func (s *Server) showReturns(w http.ResponseWriter, r *http.Request, status int, f returnForm, errs map[string][]string) {
	list, err := s.opts.Returns.List(actorCtx(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := returnsListView{List: list, Form: f, Errs: errs, Groups: groupOptions()}
	v.Issues = issuesOf(errs)
	s.render(w, r, status, "returns", "Tổng hợp số liệu", "returns", v)
}

// issuesOf lists the messages of errs for the summary, in a stable order.
func issuesOf(errs map[string][]string) []fieldIssue {
	var out []fieldIssue
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sortPaths(keys)
	for _, k := range keys {
		for _, m := range errs[k] {
			out = append(out, fieldIssue{ID: fieldID(k), Message: m})
		}
	}
	return out
}

// sortPaths sorts field paths with their indexes in numeric order.
func sortPaths(keys []string) {
	key := func(p string) string {
		var b strings.Builder
		for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '[' || r == ']' }) {
			if n, err := strconv.Atoi(part); err == nil {
				fmt.Fprintf(&b, "%06d", n)
			} else {
				b.WriteString(part)
			}
		}
		return b.String()
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && key(keys[j]) < key(keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// formRows calls add with the fields a and b of the rows name[0],
// name[1], … of a posted form, up to the first row holding neither and at
// most max rows.
func formRows(r *http.Request, name string, max int, a, b string, add func(a, b string)) {
	for i := 0; i < max; i++ {
		p := fmt.Sprintf("%s[%d]", name, i)
		va, okA := r.PostForm[p+"."+a]
		vb, okB := r.PostForm[p+"."+b]
		if !okA && !okB {
			break
		}
		add(first(va), first(vb))
	}
}

// readReturnForm reads the rows of the form as they stand.
func readReturnForm(r *http.Request) returnForm {
	f := returnForm{Year: strings.TrimSpace(r.PostFormValue("year")), Title: r.PostFormValue("title")}
	formRows(r, "units", returns.MaxUnits+50, "code", "name", func(code, name string) {
		f.Units = append(f.Units, returns.Unit{Code: code, Name: name})
	})
	formRows(r, "categories", returns.MaxCategories+50, "label", "group", func(label, group string) {
		f.Categories = append(f.Categories, returns.CategoryDef{Label: label, Group: group})
	})
	return f
}

// dropBlank removes the rows left wholly blank, so that the paths of the
// service's messages match the rows shown after a refusal.
func (f returnForm) dropBlank() returnForm {
	out := returnForm{Year: f.Year, Title: f.Title}
	for _, u := range f.Units {
		if strings.TrimSpace(u.Code+u.Name) != "" {
			out.Units = append(out.Units, u)
		}
	}
	for _, c := range f.Categories {
		if strings.TrimSpace(c.Label) != "" {
			out.Categories = append(out.Categories, c)
		}
	}
	return out
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// listOp applies the add and remove buttons of the form when the page's
// script does not run: "add units", "del categories[1]".
func (f *returnForm) listOp(op string) bool {
	verb, path, _ := strings.Cut(op, " ")
	switch {
	case verb == "add" && path == "units":
		f.Units = append(f.Units, returns.Unit{})
	case verb == "add" && path == "categories":
		f.Categories = append(f.Categories, returns.CategoryDef{})
	case verb == "del":
		var n int
		if _, err := fmt.Sscanf(path, "units[%d]", &n); err == nil && n >= 0 && n < len(f.Units) {
			f.Units = append(f.Units[:n], f.Units[n+1:]...)
		} else if _, err := fmt.Sscanf(path, "categories[%d]", &n); err == nil && n >= 0 && n < len(f.Categories) {
			f.Categories = append(f.Categories[:n], f.Categories[n+1:]...)
		}
	default:
		return false
	}
	return true
}

func (s *Server) createReturn(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	f := readReturnForm(r)
	if op := r.PostFormValue("op"); op != "" && f.listOp(op) {
		s.showReturns(w, r, http.StatusOK, f, nil)
		return
	}
	f = f.dropBlank()
	year, err := strconv.Atoi(f.Year)
	if err != nil {
		s.showReturns(w, r, http.StatusUnprocessableEntity, f, map[string][]string{"year": {"Năm phải là một số, ví dụ 2025."}})
		return
	}
	v, err := s.opts.Returns.Create(actorCtx(r), returns.CreateRequest{Year: year, Title: f.Title, Units: f.Units, Categories: f.Categories})
	if !saved(w, r, err, s.fail, func(errs map[string][]string) {
		s.showReturns(w, r, http.StatusUnprocessableEntity, f, errs)
	}) {
		return
	}
	http.Redirect(w, r, "/tong-hop/"+v.ID+"?tb=created", http.StatusSeeOther)
}

// saved answers the outcome of a save: the form again, through reshow,
// with the messages of a validation error, or the error page of fail for
// another error. It reports whether err is nil: the caller then redirects.
func saved(w http.ResponseWriter, r *http.Request, err error, fail func(http.ResponseWriter, *http.Request, error), reshow func(errs map[string][]string)) bool {
	if errs, ok := fieldErrors(err); ok {
		reshow(errs)
		return false
	}
	if err != nil {
		fail(w, r, err)
		return false
	}
	return true
}

// fieldErrors returns the messages of a validation error by field path.
func fieldErrors(err error) (map[string][]string, bool) {
	var ve *kind.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	errs := map[string][]string{}
	for _, f := range ve.Fields {
		errs[f.Path] = append(errs[f.Path], upperFirst(translate(f)))
	}
	return errs, true
}

// upperFirst capitalises the first letter of a message.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// reportForm is the header of the province's report as typed.
type reportForm struct {
	Superior, IssuerName, IssuerCode, Place, Date, Title string
	Position, Authority, SignerName, Recipients          string
}

type returnView struct {
	R       *returns.View
	Summary []review.SummaryRow
	Report  reportForm
	Errs    map[string][]string
	Issues  []fieldIssue
	Flash   string
}

// StateCount counts the units in a state.
func (v returnView) StateCount(state string) int {
	n := 0
	for _, u := range v.R.Units {
		if u.State == state {
			n++
		}
	}
	return n
}

func (s *Server) returnPage(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	s.showReturn(w, r, http.StatusOK, reportForm{Place: "", Date: ""}, nil)
}

func (s *Server) showReturn(w http.ResponseWriter, r *http.Request, status int, f reportForm, errs map[string][]string) {
	v, err := s.opts.Returns.Get(actorCtx(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rv := returnView{R: v, Summary: review.Summary(v.Categories), Report: f, Errs: errs, Issues: issuesOf(errs), Flash: r.URL.Query().Get("tb")}
	s.render(w, r, status, "return", v.Title, "returns", rv)
}

func (s *Server) returnReport(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	f := reportForm{
		Superior: r.PostFormValue("issuer.superior"), IssuerName: r.PostFormValue("issuer.name"), IssuerCode: r.PostFormValue("issuer.code"),
		Place: r.PostFormValue("place"), Date: r.PostFormValue("date"), Title: r.PostFormValue("title"),
		Position: r.PostFormValue("signature.position"), Authority: r.PostFormValue("signature.authority"),
		SignerName: r.PostFormValue("signature.name"), Recipients: r.PostFormValue("recipients"),
	}
	var req returns.ReportRequest
	req.Issuer.Superior, req.Issuer.Name, req.Issuer.Code = f.Superior, f.IssuerName, f.IssuerCode
	req.Place, req.Date, req.Title = f.Place, f.Date, f.Title
	req.Signature.Position, req.Signature.Authority, req.Signature.Name = f.Position, f.Authority, f.SignerName
	for _, line := range strings.Split(f.Recipients, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			req.Recipients = append(req.Recipients, line)
		}
	}
	rec, err := s.opts.Returns.CreateReport(actorCtx(r), r.PathValue("id"), req)
	if !saved(w, r, err, s.fail, func(errs map[string][]string) {
		s.showReturn(w, r, http.StatusUnprocessableEntity, f, errs)
	}) {
		return
	}
	http.Redirect(w, r, "/du-thao/"+rec.ID+"?tb=saved", http.StatusSeeOther)
}

func (s *Server) returnTemplate(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	unit := r.URL.Query().Get("unit")
	b, d, err := s.opts.Returns.TemplateXLSX(actorCtx(r), r.PathValue("id"), unit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("Biểu số liệu %d %s.xlsx", d.Year, d.ID)
	if unit != "" {
		name = fmt.Sprintf("Biểu số liệu %d %s.xlsx", d.Year, unit)
	}
	sendXLSX(w, name, b)
}

func (s *Server) returnExport(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	b, d, err := s.opts.Returns.ExportXLSX(actorCtx(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendXLSX(w, fmt.Sprintf("Tổng hợp %d %s.xlsx", d.Year, d.ID), b)
}

func sendXLSX(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition(name))
	_, _ = w.Write(b)
}

// countField is one cell of the entry form.
type countField struct {
	Key, Label, Path, ID, Value string
	Errs                        []string
}

// entryRow is one category of the entry form.
type entryRow struct {
	Label  string
	Group  string
	Cells  []countField
	Errs   []string
	Blocks []string
}

type unitView struct {
	Return   *returns.View
	Unit     returns.UnitView
	Rev      *returns.Revision
	History  []returns.RevisionBrief
	Rows     []entryRow
	Issues   []fieldIssue
	Upload   []fieldIssue
	Parts    []checkPart
	Claims   []claimView
	Figures  []returns.Figure
	Flash    string
	Frozen   bool
	Text     string
	Current  bool
	Selected int
}

var countKeys = []struct{ key, label string }{
	{"total", "Tổng số"}, {"evaluated", "Đã đánh giá"}, {"excellent", "Hoàn thành xuất sắc"},
	{"good", "Hoàn thành tốt"}, {"completed", "Hoàn thành"}, {"not_completed", "Không hoàn thành"},
}

func countsOf(c review.Category) map[string]int64 {
	return map[string]int64{"total": c.Total, "evaluated": c.Evaluated, "excellent": c.Excellent, "good": c.Good, "completed": c.Completed, "not_completed": c.NotCompleted}
}

func (s *Server) returnUnitPage(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	s.showUnit(w, r, http.StatusOK, nil, nil, nil)
}

// showUnit renders a unit's page. typed holds what the clerk typed into the
// entry form after a refusal, errs the refusal's messages, upload those of
// a refused upload.
func (s *Server) showUnit(w http.ResponseWriter, r *http.Request, status int, typed map[string]string, errs map[string][]string, upload map[string][]string) {
	ctx := actorCtx(r)
	id, code := r.PathValue("id"), r.PathValue("code")
	v, err := s.opts.Returns.Get(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uv := unitView{Return: v, Frozen: v.Frozen, Flash: r.URL.Query().Get("tb")}
	found := false
	for _, u := range v.Units {
		if u.Code == code {
			uv.Unit, found = u, true
		}
	}
	if !found {
		s.notFoundPage(w, r)
		return
	}
	n := 0
	if q := r.URL.Query().Get("lan"); q != "" {
		if n, err = strconv.Atoi(q); err != nil || n < 1 {
			s.notFoundPage(w, r)
			return
		}
	}
	if uv.Unit.State != returns.StateMissing {
		rev, history, err := s.opts.Returns.Unit(ctx, id, code, n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		uv.Rev, uv.History, uv.Selected = rev, history, rev.Revision
		uv.Current = rev.Revision == uv.Unit.Revision
		uv.Parts, uv.Claims = highlight(rev.Text, rev.Findings)
		uv.Figures = rev.Figures
	} else if n != 0 {
		s.notFoundPage(w, r)
		return
	}
	blocked := map[int][]string{}
	if uv.Rev != nil {
		for _, b := range uv.Rev.Blocked {
			var k int
			if _, err := fmt.Sscanf(b.Path, "categories[%d]", &k); err == nil {
				blocked[k] = append(blocked[k], b.Message)
			}
		}
	}
	for i, c := range v.Categories {
		row := entryRow{Label: c.Label, Group: enumLabel("group", c.Group), Blocks: blocked[i]}
		var have map[string]int64
		if uv.Rev != nil && i < len(uv.Rev.Categories) {
			have = countsOf(uv.Rev.Categories[i])
		}
		for _, k := range countKeys {
			path := fmt.Sprintf("categories[%d].%s", i, k.key)
			cf := countField{Key: k.key, Label: k.label, Path: path, ID: fieldID(path), Errs: errs[path]}
			switch {
			case typed != nil:
				cf.Value = typed[path]
			case have != nil:
				cf.Value = strconv.FormatInt(have[k.key], 10)
			}
			row.Cells = append(row.Cells, cf)
		}
		row.Errs = errs[fmt.Sprintf("categories[%d]", i)]
		uv.Rows = append(uv.Rows, row)
	}
	uv.Issues = issuesOf(errs)
	uv.Upload = issuesOf(upload)
	if typed != nil {
		uv.Text = typed["text"]
	}
	s.render(w, r, status, "return_unit", uv.Unit.Name+" · "+v.Title, "returns", uv)
}

// parseCount reads a count as typed: "1234" or "1.234".
func parseCount(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if strings.Contains(s, ".") {
		parts := strings.Split(s, ".")
		for i, p := range parts {
			if (i == 0 && (len(p) < 1 || len(p) > 3)) || (i > 0 && len(p) != 3) {
				return 0, false
			}
		}
		s = strings.Join(parts, "")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}

func (s *Server) enterUnit(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	ctx := actorCtx(r)
	id, code := r.PathValue("id"), r.PathValue("code")
	v, err := s.opts.Returns.Get(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typed := map[string]string{}
	errs := map[string][]string{}
	cats := make([]review.Category, len(v.Categories))
	for i, c := range v.Categories {
		cats[i] = review.Category{Label: c.Label, Group: c.Group}
		for _, k := range countKeys {
			path := fmt.Sprintf("categories[%d].%s", i, k.key)
			raw := r.PostFormValue(path)
			typed[path] = raw
			n, ok := parseCount(raw)
			if !ok {
				errs[path] = append(errs[path], "Nhập một số nguyên không âm (ví dụ 1.234).")
				continue
			}
			switch k.key {
			case "total":
				cats[i].Total = n
			case "evaluated":
				cats[i].Evaluated = n
			case "excellent":
				cats[i].Excellent = n
			case "good":
				cats[i].Good = n
			case "completed":
				cats[i].Completed = n
			case "not_completed":
				cats[i].NotCompleted = n
			}
		}
	}
	if len(errs) > 0 {
		s.showUnit(w, r, http.StatusUnprocessableEntity, typed, errs, nil)
		return
	}
	rev, err := s.opts.Returns.PutUnit(ctx, id, code, returns.Input{Source: returns.SourceJSON, Categories: cats})
	if !saved(w, r, err, s.failReturn, func(errs map[string][]string) {
		s.showUnit(w, r, http.StatusUnprocessableEntity, typed, errs, nil)
	}) {
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/tong-hop/%s/don-vi/%s?tb=saved-%d", id, code, rev.Revision), http.StatusSeeOther)
}

func (s *Server) uploadUnit(w http.ResponseWriter, r *http.Request) {
	if s.returnsOff(w, r) {
		return
	}
	id, code := r.PathValue("id"), r.PathValue("code")
	text := r.PostFormValue("text")
	in := returns.Input{Source: returns.SourceText, Text: text}
	if f, fh, err := r.FormFile("file"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, s.opts.MaxUpload+1))
		if err != nil || int64(len(b)) > s.opts.MaxUpload {
			s.showUnit(w, r, http.StatusUnprocessableEntity, map[string]string{"text": text}, nil, map[string][]string{"file": {"Tệp quá lớn hoặc không đọc được."}})
			return
		}
		if len(b) > 0 {
			switch strings.ToLower(filepath.Ext(fh.Filename)) {
			case ".xlsx":
				in = returns.Input{Source: returns.SourceXLSX, File: b, FileName: fh.Filename}
			case ".docx":
				in = returns.Input{Source: returns.SourceDOCX, File: b, FileName: fh.Filename}
			case ".txt":
				in = returns.Input{Source: returns.SourceText, Text: string(b), File: b, FileName: fh.Filename}
			default:
				s.showUnit(w, r, http.StatusUnprocessableEntity, map[string]string{"text": text}, nil, map[string][]string{"file": {"Chỉ nhận biểu số liệu Excel (.xlsx), báo cáo Word (.docx) hoặc văn bản (.txt)."}})
				return
			}
		}
	}
	if in.Source == returns.SourceText && strings.TrimSpace(in.Text) == "" {
		s.showUnit(w, r, http.StatusUnprocessableEntity, map[string]string{"text": text}, nil, map[string][]string{"file": {"Chưa có gì để nhận: hãy chọn một tệp hoặc dán nội dung báo cáo."}})
		return
	}
	rev, err := s.opts.Returns.PutUnit(actorCtx(r), id, code, in)
	if !saved(w, r, err, s.failReturn, func(errs map[string][]string) {
		s.showUnit(w, r, http.StatusUnprocessableEntity, map[string]string{"text": text}, nil, errs)
	}) {
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/tong-hop/%s/don-vi/%s?tb=saved-%d", id, code, rev.Revision), http.StatusSeeOther)
}

// failReturn shows a conflict of returns (a frozen return, a concurrent
// entry) with its own message; anything else as fail does.
func (s *Server) failReturn(w http.ResponseWriter, r *http.Request, err error) {
	var ce *documents.ConflictError
	if errors.As(err, &ce) {
		s.render(w, r, http.StatusConflict, "error", "Không thực hiện được", "returns", errorPage{Kind: "conflict", Message: ce.Message})
		return
	}
	s.fail(w, r, err)
}

// pct is part of whole as "94,54%", or "—".
func pct(part, whole int64) string {
	p, err := vnformat.PercentSign(part, whole, 2)
	if err != nil {
		return "—"
	}
	return p
}

// rowView is one row of the lists of a new return: A and B are the code
// and name of a unit, or the label and group of a category.
type rowView struct {
	Path, ID           string
	No                 int
	A, B               string
	CodeErrs, NameErrs []string
	Groups             []groupOption
}

func newRow(i int, errs map[string][]string, list, fa, fb string) rowView {
	path := fmt.Sprintf("%s[%d]", list, i)
	if i < 0 {
		path = list + "[__new__]"
	}
	return rowView{Path: path, ID: fieldID(path), No: i + 1, CodeErrs: errs[path+"."+fa], NameErrs: errs[path+"."+fb]}
}

// unitRow is the template function making a unit's row; i < 0 is the row
// the script adds.
func unitRow(i int, u any, errs map[string][]string) rowView {
	r := newRow(i, errs, "units", "code", "name")
	if u, ok := u.(returns.Unit); ok {
		r.A, r.B = u.Code, u.Name
	}
	return r
}

// categoryRow is the template function making a category's row.
func categoryRow(i int, c any, errs map[string][]string, groups []groupOption) rowView {
	r := newRow(i, errs, "categories", "label", "group")
	r.Groups = groups
	if c, ok := c.(returns.CategoryDef); ok {
		r.A, r.B = c.Label, c.Group
	}
	return r
}

// reportField is one field of the report's header form.
type reportField struct {
	Path, ID, Label, Value, Help string
	Errs                         []string
}

// rf is the template function making a field of the report's form.
func rf(path, label, value string, errs map[string][]string, help string) reportField {
	return reportField{Path: path, ID: fieldID(path), Label: label, Value: value, Help: help, Errs: errs[path]}
}
