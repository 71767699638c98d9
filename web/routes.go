package web

import (
	"errors"
	"net/http"
	"strconv"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/returns"
	"vanthu/documents/role"
	"vanthu/search"
	"vanthu/templates"
)

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /static/{name}", s.serveAsset)

	p := http.NewServeMux()
	p.HandleFunc("GET /dang-nhap", s.loginForm)
	p.HandleFunc("POST /dang-nhap", s.login)
	p.HandleFunc("POST /dang-xuat", s.logout)
	p.HandleFunc("GET /doi-mat-khau", s.signedIn(s.passwordForm))
	p.HandleFunc("POST /doi-mat-khau", s.signedIn(s.changePassword))

	p.HandleFunc("GET /{$}", s.signedIn(s.searchPage))
	p.HandleFunc("GET /van-ban/{id}", s.signedIn(s.documentPage))
	p.HandleFunc("GET /van-ban/{id}/docx", s.signedIn(s.documentDOCX))
	p.HandleFunc("GET /van-ban/{id}/pdf", s.signedIn(s.documentPDF))
	p.HandleFunc("GET /van-ban/{id}/trang", s.signedIn(s.previewsPage))
	p.HandleFunc("GET /van-ban/{id}/trang/{page}", s.signedIn(s.pagePNG))
	p.HandleFunc("POST /du-thao/{id}/ky-duyet", s.role(role.Clerk, s.approveDraft))

	p.HandleFunc("GET /soan", s.role(role.Clerk, s.chooseTemplate))
	p.HandleFunc("GET /soan/{template}", s.role(role.Clerk, s.composeNew))
	p.HandleFunc("POST /soan/{template}", s.role(role.Clerk, s.composeSubmit))
	p.HandleFunc("GET /du-thao", s.role(role.Clerk, s.draftsPage))
	p.HandleFunc("GET /du-thao/{id}", s.role(role.Clerk, s.composeEdit))
	p.HandleFunc("POST /du-thao/{id}", s.role(role.Clerk, s.composeSubmit))
	p.HandleFunc("POST /du-thao/{id}/xoa", s.role(role.Clerk, s.deleteDraft))
	p.HandleFunc("GET /du-thao/{id}/ban-hanh", s.role(role.Signer, s.issueConfirm))
	p.HandleFunc("POST /du-thao/{id}/ban-hanh", s.role(role.Signer, s.issueDraft))

	p.HandleFunc("GET /tong-hop", s.role(role.Clerk, s.returnsPage))
	p.HandleFunc("POST /tong-hop", s.role(role.Clerk, s.createReturn))
	p.HandleFunc("GET /tong-hop/{id}", s.role(role.Clerk, s.returnPage))
	p.HandleFunc("GET /tong-hop/{id}/bieu-mau.xlsx", s.role(role.Clerk, s.returnTemplate))
	p.HandleFunc("GET /tong-hop/{id}/tong-hop.xlsx", s.role(role.Clerk, s.returnExport))
	p.HandleFunc("POST /tong-hop/{id}/bao-cao", s.role(role.Clerk, s.returnReport))
	p.HandleFunc("GET /tong-hop/{id}/don-vi/{code}", s.role(role.Clerk, s.returnUnitPage))
	p.HandleFunc("POST /tong-hop/{id}/don-vi/{code}", s.role(role.Clerk, s.enterUnit))
	p.HandleFunc("POST /tong-hop/{id}/don-vi/{code}/tai-len", s.role(role.Clerk, s.uploadUnit))

	p.HandleFunc("GET /so-van-ban-di", s.role(role.Clerk, s.registerPage))
	p.HandleFunc("GET /so-van-ban-di.csv", s.role(role.Clerk, s.registerCSV))
	p.HandleFunc("GET /kiem-tra-so-lieu", s.signedIn(s.checkPage))
	p.HandleFunc("POST /kiem-tra-so-lieu", s.signedIn(s.checkSubmit))
	p.HandleFunc("GET /mau-van-ban", s.signedIn(s.templatesPage))
	p.HandleFunc("GET /mau-van-ban/{name}", s.signedIn(s.templatePage))
	p.HandleFunc("POST /mau-van-ban", s.role(role.Admin, s.uploadTemplate))
	p.HandleFunc("GET /nhat-ky", s.role(role.Admin, s.auditPage))
	p.HandleFunc("GET /nguoi-dung", s.role(role.Admin, s.usersPage))
	p.HandleFunc("POST /nguoi-dung", s.role(role.Admin, s.addUser))
	p.HandleFunc("POST /nguoi-dung/{login}", s.role(role.Admin, s.changeUser))
	p.HandleFunc("/", s.notFoundPage)

	m.Handle("/", s.withSession(p))
	s.mux = m
}

// errorPage describes an error page: Kind selects the Vietnamese text.
type errorPage struct {
	Kind string
	// Message, when set, is the service's own Vietnamese explanation.
	Message string
}

func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "error", "Không tìm thấy", "", errorPage{Kind: "not_found"})
}

// fail answers an error from the service with its page. A document that
// does not exist and one the reader may not see give the same 404 page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ce *documents.ConflictError
	switch {
	case errors.Is(err, documents.ErrNotFound), errors.Is(err, archive.ErrNotFound), errors.Is(err, templates.ErrNotFound), errors.Is(err, returns.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, documents.ErrForbidden):
		s.refuse(r, "refused", "forbidden")
		s.render(w, r, http.StatusForbidden, "error", "Không có quyền", "", errorPage{Kind: "forbidden"})
	case errors.As(err, &ce):
		s.render(w, r, http.StatusConflict, "error", "Không thực hiện được", "", errorPage{Kind: "conflict"})
	case errors.Is(err, search.ErrUnavailable), errors.Is(err, archive.ErrUnavailable):
		s.log.Error("backend unavailable", "path", r.URL.Path, "err", err)
		s.render(w, r, http.StatusServiceUnavailable, "error", "Tạm thời không phục vụ được", "", errorPage{Kind: "unavailable"})
	default:
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.render(w, r, http.StatusInternalServerError, "error", "Lỗi hệ thống", "", errorPage{Kind: "internal"})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
