package web

import (
	"regexp"
	"strings"
)

// The service's field messages from manifest validation are English (they
// are the API's); the pages show them in Vietnamese. Messages already in
// Vietnamese (review statistics) pass through; an unknown English message
// is shown as it is rather than hidden.
var translations = []struct {
	re  *regexp.Regexp
	out string
}{
	{regexp.MustCompile(`^is required( and must not be empty)?$`), "Chưa nhập: đây là mục bắt buộc."},
	{regexp.MustCompile(`^needs at least one item$`), "Cần ít nhất một mục."},
	{regexp.MustCompile(`^must be at most (\d+) characters, got (\d+)$`), "Dài quá: tối đa $1 ký tự (đang có $2)."},
	{regexp.MustCompile(`^must be a whole number, got .*$`), "Phải là số nguyên, ví dụ 485 hoặc 36.449."},
	{regexp.MustCompile(`^must be at least (-?\d+), got (-?\d+)$`), "Phải từ $1 trở lên."},
	{regexp.MustCompile(`^must be at most (-?\d+), got (-?\d+)$`), "Không được lớn hơn $1."},
	{regexp.MustCompile(`^must be a date in the form YYYY-MM-DD.*$`), "Ngày không hợp lệ: chọn hoặc nhập ngày theo dạng ngày/tháng/năm."},
	{regexp.MustCompile(`^must be one of .*$`), "Hãy chọn một giá trị trong danh sách."},
	{regexp.MustCompile(`^must have at most (\d+) items, got (\d+)$`), "Nhiều quá: tối đa $1 mục (đang có $2)."},
	{regexp.MustCompile(`^must be a single line.*$`), "Chỉ được viết trên một dòng."},
	{regexp.MustCompile(`^is not a field of this template.*$`), "Mục này không có trong mẫu văn bản."},
	{regexp.MustCompile(`^(.*) is above your clearance$`), "Độ mật $1 cao hơn mức bạn được xem."},
	{regexp.MustCompile(`^is longer than (\d+) characters$`), "Dài quá: tối đa $1 ký tự."},
	{regexp.MustCompile(`^"(.*)" is not a document number.*$`), "“$1” không phải là số, ký hiệu văn bản (ví dụ 167-TB/TU, 30/2020/NĐ-CP)."},
	{regexp.MustCompile(`^must be an integer between (\d+) and (\d+), got .*$`), "Phải là số nguyên từ $1 đến $2."},
	{regexp.MustCompile(`^must be a year such as 2025, got .*$`), "Năm không hợp lệ, ví dụ 2025."},
	{regexp.MustCompile(`^is not an? (type|issuer) code.*$`), "Mã không hợp lệ."},
	{regexp.MustCompile(`^drafts are visible to clerks only$`), "Chỉ văn thư trở lên mới xem được dự thảo."},
	{regexp.MustCompile(`^numbers are taken from the register.*$`), "Số văn bản do sổ văn bản đi cấp; chỉ quản trị viên được cấp số thủ công."},
	{regexp.MustCompile(`^an issued document needs a number$`), "Văn bản ban hành phải có số."},
	{regexp.MustCompile(`^number 0*(\d+) is already used in this register$`), "Số $1 đã được cấp trong sổ văn bản đi này; hãy cho số khác hoặc để trống để sổ cấp số tiếp theo."},
}

func translate(msg string) string {
	msg = strings.TrimSpace(msg)
	for _, t := range translations {
		if t.re.MatchString(msg) {
			return t.re.ReplaceAllString(msg, t.out)
		}
	}
	return msg
}
