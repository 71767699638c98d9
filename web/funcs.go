package web

import (
	"html/template"
	"strings"
	"time"

	"vanthu/documents/vnformat"
)

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		// date shows YYYY-MM-DD as dd/mm/yyyy.
		"date": func(d string) string {
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				return d
			}
			return t.Format("02/01/2006")
		},
		"datetime": func(t time.Time) string {
			return t.Local().Format("02/01/2006 15:04:05")
		},
		"num":      func(n int) string { return vnformat.Int(int64(n)) },
		"roleName": roleName,
		"add":      func(a, b int) int { return a + b },
		"has":      func(s, sub string) bool { return strings.Contains(s, sub) },
		"after": func(s, prefix string) string {
			_, rest, _ := strings.Cut(s, prefix)
			return rest
		},
		"lower":      strings.ToLower,
		"statusName": func(st string) string { return facetLabel("status", st) },
	}
}

func roleName(role string) string {
	switch role {
	case "viewer":
		return "Người xem"
	case "clerk":
		return "Văn thư, chuyên viên"
	case "signer":
		return "Lãnh đạo ký"
	case "admin":
		return "Quản trị viên"
	}
	return role
}
