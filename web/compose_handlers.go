package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"vanthu/documents"
	"vanthu/documents/find"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/documents/role"
	"vanthu/documents/vnformat"
	"vanthu/templates"
)

type summaryItem struct {
	Label, Message, Anchor string
}

type composeView struct {
	Manifest  templates.Manifest
	Action    string
	DraftID   string
	Fields    []*formField
	Summary   []summaryItem
	Copies    string
	Notes     string
	Replaces  string
	MetaErrs  map[string][]string
	Preview   *previewView
	Warnings  []kind.Warning
	CanIssue  bool
	Notice    string
	QuotaBase string
	QuotaPct  int
}

type previewView struct {
	Reading   reading
	Warnings  []kind.Warning
	Citations []string
}

func (s *Server) chooseTemplate(w http.ResponseWriter, r *http.Request) {
	list := s.docs.Templates().List()
	sort.SliceStable(list, func(i, j int) bool { return list[i].Builtin && !list[j].Builtin })
	s.render(w, r, http.StatusOK, "choose", "Soạn văn bản", "compose", list)
}

func (s *Server) composeNew(w http.ResponseWriter, r *http.Request) {
	m, err := s.docs.Template(r.PathValue("template"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.composeView(r, m, "", map[string]any{}, nil)
	s.render(w, r, http.StatusOK, "compose", "Soạn "+strings.ToLower(m.Title), "compose", v)
}

// draft returns the draft the path names. For another document it sends
// the reader to the document's page, for an error the error page, and
// reports false.
func (s *Server) draft(ctx context.Context, w http.ResponseWriter, r *http.Request) (*record.Record, bool) {
	rec, err := s.docs.Get(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if rec.Status != record.StatusDraft {
		http.Redirect(w, r, "/van-ban/"+rec.ID, http.StatusSeeOther)
		return nil, false
	}
	return rec, true
}

func (s *Server) composeEdit(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.draft(actorCtx(r), w, r)
	if !ok {
		return
	}
	m, err := s.docs.Template(rec.Template)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.composeView(r, m, rec.ID, treeFromData(rec.Data), nil)
	if rec.Copies > 0 {
		v.Copies = strconv.Itoa(rec.Copies)
	}
	v.Notes, v.Replaces, v.Warnings = rec.Notes, rec.Replaces, rec.Warnings
	v.Notice = r.URL.Query().Get("tb")
	s.render(w, r, http.StatusOK, "compose", "Dự thảo: "+rec.Title, "drafts", v)
}

// composeView builds the form for a tree of values and the errors by path.
func (s *Server) composeView(r *http.Request, m templates.Manifest, draftID string, tree map[string]any, errs map[string][]string) composeView {
	u, _ := userFrom(r.Context())
	qb, qp := s.docs.QuotaRule()
	b := &formBuilder{errs: errs, labels: map[string]string{}, order: map[string]int{}, quotaBase: qb, quotaPct: qp}
	if m.Kind == "review_report" {
		b.countsList = "data.categories"
	}
	v := composeView{Manifest: m, DraftID: draftID, CanIssue: u.Actor().Can(role.Signer), QuotaBase: qb, QuotaPct: qp, MetaErrs: map[string][]string{}}
	v.Action = "/soan/" + m.Name
	if draftID != "" {
		v.Action = "/du-thao/" + draftID
	}
	for _, f := range m.Fields {
		if f.Name == "number" {
			// The register gives the number; an administrator may give
			// one by hand, with the API's rules (the service checks them).
			if !u.Actor().Can(role.Admin) {
				continue
			}
			ff := b.build(f, "data."+f.Name, "", tree[f.Name], false, 0)
			ff.Label = "Số văn bản (quản trị viên cho số bằng tay)"
			ff.Note = "Để trống thì sổ văn bản đi cấp số tiếp theo khi ban hành."
			v.Fields = append(v.Fields, ff)
			continue
		}
		v.Fields = append(v.Fields, b.build(f, "data."+f.Name, "", tree[f.Name], false, 0))
	}
	paths := make([]string, 0, len(errs))
	for p := range errs {
		paths = append(paths, p)
	}
	rank := func(p string) int {
		for q := p; q != ""; {
			if n, ok := b.order[q]; ok {
				return n
			}
			i := strings.LastIndexAny(q, ".[")
			if i <= 0 {
				break
			}
			q = q[:i]
		}
		return len(b.order)
	}
	sort.Slice(paths, func(i, j int) bool {
		ri, rj := rank(paths[i]), rank(paths[j])
		if ri != rj {
			return ri < rj
		}
		return paths[i] < paths[j]
	})
	for _, p := range paths {
		for _, msg := range errs[p] {
			anchor, label := nearest(b.labels, p)
			if !strings.HasPrefix(p, "data") {
				v.MetaErrs[p] = append(v.MetaErrs[p], msg)
				anchor, label = "f-"+p, metaLabel(p)
			}
			v.Summary = append(v.Summary, summaryItem{Label: label, Message: msg, Anchor: anchor})
		}
	}
	return v
}

// nearest finds the field an error path belongs to: the path itself or its
// closest parent shown in the form.
func nearest(labels map[string]string, p string) (anchor, label string) {
	for q := p; q != ""; {
		if l, ok := labels[q]; ok {
			return fieldID(q), l
		}
		i := strings.LastIndexAny(q, ".[")
		if i <= 0 {
			break
		}
		q = q[:i]
	}
	return "", "Văn bản"
}

func metaLabel(p string) string {
	switch p {
	case "copies":
		return "Số lượng bản"
	case "notes":
		return "Ghi chú"
	case "replaces":
		return "Thay thế văn bản"
	}
	return p
}

// composeSubmit handles every button of the compose form: list changes
// (add, remove, move), preview, save and issue.
func (s *Server) composeSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := actorCtx(r)
	draftID := r.PathValue("id")
	tplName := r.PathValue("template")
	if draftID != "" {
		rec, err := s.docs.Get(ctx, draftID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if rec.Status != record.StatusDraft {
			s.render(w, r, http.StatusConflict, "error", "Không thực hiện được", "", errorPage{Kind: "immutable"})
			return
		}
		tplName = rec.Template
	}
	m, err := s.docs.Template(tplName)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	tree := treeFromForm(r.PostForm)
	action := r.PostFormValue("action")
	copies, notes, replaces := strings.TrimSpace(r.PostFormValue("copies")), r.PostFormValue("notes"), strings.TrimSpace(r.PostFormValue("replaces"))
	show := func(status int, errs map[string][]string, pv *previewView, notice string) {
		v := s.composeView(r, m, draftID, tree, errs)
		v.Copies, v.Notes, v.Replaces, v.Preview, v.Notice = copies, notes, replaces, pv, notice
		nav := "compose"
		if draftID != "" {
			nav = "drafts"
		}
		s.render(w, r, status, "compose", "Soạn "+strings.ToLower(m.Title), nav, v)
	}
	if op := r.PostFormValue("op"); op != "" {
		applyOp(tree, op)
		show(http.StatusOK, nil, nil, "")
		return
	}
	tree = compact(tree).(map[string]any)
	data, _ := json.Marshal(toData(m.Fields, tree))
	req := documents.CreateRequest{Template: m.Name, Data: data, Notes: notes, Replaces: replaces}
	errs := map[string][]string{}
	if copies != "" {
		n, err := strconv.Atoi(copies)
		if err != nil || n < 0 {
			errs["copies"] = []string{"Phải là số nguyên không âm."}
		}
		req.Copies = n
	}
	if len(errs) > 0 {
		show(http.StatusUnprocessableEntity, errs, nil, "")
		return
	}
	var rec *record.Record
	switch action {
	case "preview":
		rec, err = s.docs.Preview(ctx, req)
	case "save", "issue":
		if draftID == "" {
			rec, err = s.docs.Create(ctx, req)
		} else {
			rec, err = s.docs.Update(ctx, draftID, req)
		}
	default:
		show(http.StatusOK, nil, nil, "")
		return
	}
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			errs[f.Path] = append(errs[f.Path], translate(f))
		}
		show(http.StatusUnprocessableEntity, errs, nil, "")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch action {
	case "preview":
		show(http.StatusOK, nil, &previewView{Reading: readingOf(rec.Text, nil), Warnings: rec.Warnings, Citations: rec.CitationDisplays()}, "")
	case "issue":
		http.Redirect(w, r, "/du-thao/"+rec.ID+"/ban-hanh", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/du-thao/"+rec.ID+"?tb=saved", http.StatusSeeOther)
	}
}

type draftsView struct {
	Hits     []hitView
	Total    int
	CanIssue bool
	Notice   string
}

func (s *Server) draftsPage(w http.ResponseWriter, r *http.Request) {
	page, err := find.Int(r.URL.Query(), "page", 1, find.MaxPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.docs.Search(actorCtx(r), documents.SearchParams{Status: string(record.StatusDraft), PerPage: 100, Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, _ := userFrom(r.Context())
	v := draftsView{Total: res.Total, CanIssue: u.Actor().Can(role.Signer), Notice: r.URL.Query().Get("tb")}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, hitView{Hit: h})
	}
	s.render(w, r, http.StatusOK, "drafts", "Dự thảo", "drafts", v)
}

func (s *Server) deleteDraft(w http.ResponseWriter, r *http.Request) {
	if err := s.docs.Delete(actorCtx(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/du-thao?tb=deleted", http.StatusSeeOther)
}

type issueView struct {
	Rec    *record.Record
	Number string
	// Manual is set when an administrator gave the number by hand.
	Manual bool
	Errors []string
}

// manualNumber returns the number an administrator gave a draft by hand,
// or 0. Issuing a draft takes the register's next number; a number given
// by hand is issued as the API does it, in one step (see issueDraft).
func manualNumber(r *http.Request, rec *record.Record) int {
	u, _ := userFrom(r.Context())
	if !u.Actor().Can(role.Admin) {
		return 0
	}
	var data struct {
		Number json.Number `json:"number"`
	}
	if json.Unmarshal(rec.Data, &data) != nil {
		return 0
	}
	n, err := strconv.Atoi(string(data.Number))
	if err != nil || n < 1 {
		return 0
	}
	return n
}

func (s *Server) issueConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := actorCtx(r)
	rec, ok := s.draft(ctx, w, r)
	if !ok {
		return
	}
	if m := manualNumber(r, rec); m > 0 {
		s.render(w, r, http.StatusOK, "issue", "Ban hành văn bản", "drafts", issueView{Rec: rec, Number: handNumber(m, rec), Manual: true})
		return
	}
	n, err := s.docs.NextNumber(ctx, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "issue", "Ban hành văn bản", "drafts", issueView{Rec: rec, Number: n})
}

// handNumber is how a number given by hand reads: "167-TB/TU".
func handNumber(n int, rec *record.Record) string {
	return vnformat.NumberPadded(n) + "-" + rec.Type + "/" + rec.Issuer
}

// issueManual issues a draft under the number an administrator gave by
// hand: the service creates the issued document in one step, with every
// rule of the API (administrators only, a number not yet given), and the
// draft is then deleted. A refusal is shown on the confirmation page.
func (s *Server) issueManual(w http.ResponseWriter, r *http.Request, draft *record.Record, n int) {
	ctx := actorCtx(r)
	rec, err := s.docs.Create(ctx, documents.CreateRequest{Template: draft.Template, Data: draft.Data, Issue: true,
		Replaces: draft.Replaces, Copies: draft.Copies, Notes: draft.Notes})
	var ve *kind.ValidationError
	var ce *documents.ConflictError
	v := issueView{Rec: draft, Number: handNumber(n, draft), Manual: true}
	switch {
	case errors.As(err, &ve):
		for _, f := range ve.Fields {
			v.Errors = append(v.Errors, translate(f))
		}
		s.render(w, r, http.StatusUnprocessableEntity, "issue", "Ban hành văn bản", "drafts", v)
		return
	case errors.As(err, &ce):
		v.Errors = []string{conflictMessage(ce)}
		s.render(w, r, http.StatusConflict, "issue", "Ban hành văn bản", "drafts", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.docs.Delete(ctx, draft.ID); err != nil {
		s.log.Error("delete the draft issued by hand", "draft", draft.ID, "document", rec.ID, "err", err)
	}
	http.Redirect(w, r, "/van-ban/"+rec.ID+"?tb=issued", http.StatusSeeOther)
}

func (s *Server) issueDraft(w http.ResponseWriter, r *http.Request) {
	if draft, err := s.docs.Get(actorCtx(r), r.PathValue("id")); err == nil && draft.Status == record.StatusDraft {
		if n := manualNumber(r, draft); n > 0 {
			s.issueManual(w, r, draft, n)
			return
		}
	}
	rec, err := s.docs.Issue(actorCtx(r), r.PathValue("id"))
	var ve *kind.ValidationError
	if errors.As(err, &ve) {
		http.Redirect(w, r, "/du-thao/"+r.PathValue("id")+"?tb=invalid", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/van-ban/"+rec.ID+"?tb=issued", http.StatusSeeOther)
}
