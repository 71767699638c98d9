package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents"
	"vanthu/documents/citation"
	"vanthu/documents/record"
	"vanthu/documents/role"
	"vanthu/documents/signing"
)

type citationView struct {
	Display   string
	URL       string
	InArchive bool
	Title     string
}

type linkView struct {
	ID, Number, Title, Date string
}

type documentView struct {
	Rec         *record.Record
	Reading     reading
	Sheet       sheet
	HasSheet    bool
	Citations   []citationView
	CitedBy     []linkView
	CitedTotal  int
	Replaces    *linkView
	ReplacedBy  *linkView
	Verify      *signing.Verification
	Checked     bool
	Events      []documents.Event
	IsAdmin     bool
	EventsShown bool
	CanIssue    bool
	CanEdit     bool
	Notice      string
	PDF         *pdfView
}

// reading is the text of a document as paragraphs; the first Head of them
// are its heading block (issuing body, number, place and date, type and
// title down to the "-----" rule), shown centred as printed.
type reading struct {
	Paragraphs [][]textPart
	Head       int
}

func readingOf(text string, links map[string]string) reading {
	r := reading{Paragraphs: linkCitations(text, links)}
	for i, p := range r.Paragraphs {
		if i > 12 {
			break
		}
		if len(p) == 1 && strings.Trim(p[0].Text, "- ") == "" && strings.Contains(p[0].Text, "---") {
			r.Head = i + 1
			break
		}
	}
	return r
}

// textPart is a piece of a paragraph, linked when it is a citation.
type textPart struct {
	Text, URL string
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	s.showDocument(w, r, http.StatusOK, "")
}

// showDocument renders the document page; refusal is the reason an upload
// of the leader's signed PDF was refused.
func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, status int, refusal string) {
	ctx := actorCtx(r)
	rec, err := s.docs.Get(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, _ := userFrom(r.Context())
	a := u.Actor()
	v := documentView{Rec: rec, IsAdmin: a.Can(role.Admin), Notice: r.URL.Query().Get("tb"),
		CanIssue: rec.Status == record.StatusDraft && a.Can(role.Signer),
		CanEdit:  rec.Status == record.StatusDraft && a.Can(role.Clerk)}
	links := map[string]string{}
	for _, c := range rec.Citations {
		cv := citationView{Display: c.Display, URL: "/?cites=" + url.QueryEscape(c.Display)}
		if res, err := s.docs.Search(ctx, documents.SearchParams{Number: c.Display, PerPage: 1}); err == nil && len(res.Hits) > 0 && res.Hits[0].ID != rec.ID {
			cv.URL, cv.InArchive, cv.Title = "/van-ban/"+res.Hits[0].ID, true, res.Hits[0].Title
		}
		links[c.Key] = cv.URL
		v.Citations = append(v.Citations, cv)
	}
	v.Reading = readingOf(rec.Text, links)
	v.Sheet, v.HasSheet = sheetOf(rec, v.Reading)
	if rec.Number != "" {
		if res, err := s.docs.Search(ctx, documents.SearchParams{Cites: rec.Number, PerPage: 50}); err == nil {
			for _, h := range res.Hits {
				if h.ID != rec.ID {
					v.CitedBy = append(v.CitedBy, linkView{ID: h.ID, Number: h.Number, Title: h.Title, Date: h.Date})
				}
			}
			v.CitedTotal = res.Total
		}
	}
	if rec.Replaces != "" {
		if o, err := s.docs.Get(ctx, rec.Replaces); err == nil {
			v.Replaces = &linkView{ID: o.ID, Number: o.Number, Title: o.Title, Date: o.Date}
		}
	}
	if rec.ReplacedBy != "" {
		if o, err := s.docs.Get(ctx, rec.ReplacedBy); err == nil {
			v.ReplacedBy = &linkView{ID: o.ID, Number: o.Number, Title: o.Title, Date: o.Date}
		}
	}
	if r.URL.Query().Get("kiem-tra-chu-ky") != "" && rec.Signature != nil {
		ver, err := s.docs.Verify(ctx, rec.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Verify, v.Checked = &ver, true
	}
	// The audit events are read on request: finding them means reading the
	// log from the day the document was made.
	if v.IsAdmin && r.URL.Query().Get("nhat-ky") != "" {
		v.Events, v.EventsShown = s.documentEvents(r, rec), true
	}
	title := rec.Number
	if title == "" {
		title = "Dự thảo"
	}
	v.PDF = s.pdfCard(r, rec, a.Can(role.Clerk))
	v.PDF.Refusal = refusal
	s.render(w, r, status, "document", title+" – "+rec.Title, "search", v)
}

// documentEvents reads the audit events of one document, from the day its
// id was made (ids start with the time in milliseconds).
func (s *Server) documentEvents(r *http.Request, rec *record.Record) []documents.Event {
	from := rec.CreatedAt
	var ms int64
	if _, err := fmt.Sscanf(rec.ID[:12], "%x", &ms); err == nil {
		from = time.UnixMilli(ms)
	}
	events, _, err := s.docs.AuditLog(actorCtx(r), documents.AuditParams{From: from.UTC().Truncate(24 * time.Hour)})
	if err != nil {
		s.log.Warn("audit events of a document", "id", rec.ID, "err", err)
		return nil
	}
	var out []documents.Event
	for _, e := range events {
		if e.Document == rec.ID {
			out = append(out, e)
		}
	}
	if len(out) > 100 {
		out = out[len(out)-100:]
	}
	return out
}

// linkCitations splits the text into paragraphs and links every citation
// found in them to the target chosen for its key.
func linkCitations(text string, links map[string]string) [][]textPart {
	var out [][]textPart
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var parts []textPart
		rest := line
		for _, ref := range citation.Extract(line) {
			target, ok := links[ref.Key]
			if !ok || ref.Raw == "" {
				continue
			}
			i := strings.Index(rest, ref.Raw)
			if i < 0 {
				continue
			}
			if i > 0 {
				parts = append(parts, textPart{Text: rest[:i]})
			}
			parts = append(parts, textPart{Text: ref.Raw, URL: target})
			rest = rest[i+len(ref.Raw):]
		}
		if rest != "" {
			parts = append(parts, textPart{Text: rest})
		}
		out = append(out, parts)
	}
	return out
}

func (s *Server) documentDOCX(w http.ResponseWriter, r *http.Request) {
	b, rec, err := s.docs.DOCX(actorCtx(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", documents.DOCXContentType)
	w.Header().Set("Content-Disposition", contentDisposition(fileName(rec)))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(b)
}

// fileName names a download after its type and number, as the API does.
func fileName(r *record.Record) string {
	kind := []rune(strings.ToLower(r.TypeName))
	if len(kind) == 0 {
		kind = []rune("văn bản")
	}
	kind[0] = unicode.ToUpper(kind[0])
	num := strings.ReplaceAll(r.Number, "/", "-")
	if num == "" {
		num = "dự thảo " + r.ID
	}
	return string(kind) + " " + num + ".docx"
}

func contentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'đ':
			ascii.WriteByte('d')
		case r == 'Đ':
			ascii.WriteByte('D')
		case unicode.Is(unicode.Mn, r):
		case r == '"' || r == '\\' || r < 0x20 || r > 0x7e:
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	ext := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if i := strings.Index(ext, ";"); i >= 0 && strings.Contains(ext, "filename*") {
		return fmt.Sprintf(`attachment; filename="%s";%s`, ascii.String(), ext[i+1:])
	}
	return fmt.Sprintf(`attachment; filename="%s"`, ascii.String())
}
