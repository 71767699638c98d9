package web

import (
	"html/template"
	"strings"
	"time"

	"vanthu/documents/audit"
	"vanthu/documents/role"
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
		"num":         func(n int) string { return vnformat.Int(int64(n)) },
		"num64":       vnformat.Int,
		"pct":         pct,
		"state":       stateName,
		"source":      sourceName,
		"unitRow":     unitRow,
		"categoryRow": categoryRow,
		"rf":          rf,
		"roleName":    roleName,
		"add":         func(a, b int) int { return a + b },
		"has":         func(s, sub string) bool { return strings.Contains(s, sub) },
		"after": func(s, prefix string) string {
			_, rest, _ := strings.Cut(s, prefix)
			return rest
		},
		"lower":      strings.ToLower,
		"action":     actionName,
		"result":     resultName,
		"statusName": func(st string) string { return facetLabel("status", st) },
	}
}

// roleName is the Vietnamese name of a role.
func roleName(r role.Role) string {
	switch r {
	case role.Viewer:
		return "Người xem"
	case role.Clerk:
		return "Văn thư, chuyên viên"
	case role.Signer:
		return "Lãnh đạo ký"
	case role.Admin:
		return "Quản trị viên"
	}
	return string(r)
}

// actionName is the Vietnamese name of an audit action.
func actionName(a audit.Action) string {
	if n, ok := map[audit.Action]string{
		"create": "Tạo dự thảo", "update": "Sửa dự thảo", "delete": "Xóa dự thảo", "issue": "Ban hành",
		"download": "Tải xuống", "verify": "Kiểm tra chữ ký", "refused": "Yêu cầu bị từ chối", "csrf": "Biểu mẫu không hợp lệ",
		"sign-in": "Đăng nhập", "sign-out": "Đăng xuất", "password": "Đổi mật khẩu",
		"user.add": "Thêm người dùng", "user.disable": "Khóa tài khoản", "user.enable": "Mở khóa tài khoản", "user.reset": "Đặt lại mật khẩu",
		"template.add": "Thêm mẫu", "template.remove": "Xóa mẫu",
		"return_create": "Tạo đợt tổng hợp", "return_unit": "Nhận số liệu đơn vị", "return_report": "Tạo báo cáo tổng hợp",
	}[a]; ok {
		return n
	}
	return string(a)
}

// resultName is the Vietnamese name of an audit result.
func resultName(r audit.Result) string {
	switch r {
	case audit.ResultOK:
		return "thành công"
	case audit.ResultRefused:
		return "bị từ chối"
	case audit.ResultFailed:
		return "lỗi"
	}
	return string(r)
}

// stateName is the Vietnamese name of the state of a unit's return.
func stateName(st string) string {
	switch st {
	case "missing":
		return "Chưa nộp"
	case "received":
		return "Đã nhận"
	case "blocked":
		return "Bị chặn"
	}
	return st
}

// sourceName says how a unit's figures came in.
func sourceName(src string) string {
	switch src {
	case "json":
		return "nhập tay"
	case "xlsx":
		return "biểu Excel"
	case "docx":
		return "báo cáo Word"
	case "text":
		return "văn bản báo cáo"
	}
	return src
}
