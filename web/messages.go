package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"vanthu/documents"
	"vanthu/documents/register"
	"vanthu/templates"
)

// The service's field messages are English (they are the API's); the
// pages show them in Vietnamese, written from the reason of each field
// error and the values it names. Messages already in Vietnamese (review
// statistics) have no reason and pass through; so does an English message
// without one, shown as it is rather than hidden.
var reasons = map[templates.Reason]func(templates.FieldError) string{
	templates.ReasonRequired:     fixed("Chưa nhập: đây là mục bắt buộc."),
	templates.ReasonNeedsItem:    fixed("Cần ít nhất một mục."),
	templates.ReasonUnknownField: fixed("Mục này không có trong mẫu văn bản."),
	templates.ReasonTooLong: func(f templates.FieldError) string {
		return fmt.Sprintf("Dài quá: tối đa %d ký tự (đang có %d).", f.Max, f.Got)
	},
	templates.ReasonNotInteger: fixed("Phải là số nguyên, ví dụ 485 hoặc 36.449."),
	templates.ReasonBelowMin:   func(f templates.FieldError) string { return fmt.Sprintf("Phải từ %d trở lên.", f.Min) },
	templates.ReasonAboveMax:   func(f templates.FieldError) string { return fmt.Sprintf("Không được lớn hơn %d.", f.Max) },
	templates.ReasonBadDate:    fixed("Ngày không hợp lệ: chọn hoặc nhập ngày theo dạng ngày/tháng/năm."),
	templates.ReasonNotOneOf:   fixed("Hãy chọn một giá trị trong danh sách."),
	templates.ReasonTooManyItems: func(f templates.FieldError) string {
		return fmt.Sprintf("Nhiều quá: tối đa %d mục (đang có %d).", f.Max, f.Got)
	},
	templates.ReasonNotSingleLine: fixed("Chỉ được viết trên một dòng."),
	templates.ReasonAboveClearance: func(f templates.FieldError) string {
		return "Độ mật “" + f.Value + "” cao hơn mức bạn được xem."
	},
	templates.ReasonQueryTooLong: func(f templates.FieldError) string { return fmt.Sprintf("Dài quá: tối đa %d ký tự.", f.Max) },
	// The text keeps the escapes of a Go string (a control character shows
	// as \n, not as a line break).
	templates.ReasonNotDocumentNumber: func(f templates.FieldError) string {
		q := strconv.Quote(f.Value)
		return "“" + q[1:len(q)-1] + "” không phải là số, ký hiệu văn bản (ví dụ 167-TB/TU, 30/2020/NĐ-CP)."
	},
	templates.ReasonIntegerRange: func(f templates.FieldError) string {
		return fmt.Sprintf("Phải là số nguyên từ %d đến %d.", f.Min, f.Max)
	},
	templates.ReasonBadYear:            fixed("Năm không hợp lệ, ví dụ 2025."),
	templates.ReasonBadCode:            fixed("Mã không hợp lệ."),
	templates.ReasonDraftsClerksOnly:   fixed("Chỉ văn thư trở lên mới xem được dự thảo."),
	templates.ReasonNumberFromRegister: fixed("Số văn bản do sổ văn bản đi cấp; chỉ quản trị viên được cấp số thủ công."),
	templates.ReasonIssuedNeedsNumber:  fixed("Văn bản ban hành phải có số."),
}

// fixed is the translation of a reason that names no value.
func fixed(s string) func(templates.FieldError) string {
	return func(templates.FieldError) string { return s }
}

// translate is the message of f for the pages: Vietnamese by its reason,
// or its own message when it has none.
func translate(f templates.FieldError) string {
	if tr, ok := reasons[f.Reason]; ok {
		return tr(f)
	}
	return strings.TrimSpace(f.Message)
}

// conflictMessage is the message of a refused state change for the pages:
// a number of the register already given is explained in Vietnamese; any
// other conflict shows its own message.
func conflictMessage(ce *documents.ConflictError) string {
	if taken := (*register.TakenError)(nil); errors.As(ce, &taken) {
		return fmt.Sprintf("Số %d đã được cấp trong sổ văn bản đi này; hãy cho số khác hoặc để trống để sổ cấp số tiếp theo.", taken.Number)
	}
	return strings.TrimSpace(ce.Message)
}
