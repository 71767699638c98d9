package web

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"vanthu/documents"
	"vanthu/documents/find"
	"vanthu/documents/kind"
	"vanthu/documents/register"
	"vanthu/templates"
)

// fieldErrorOf returns the only field error of err, a validation error.
func fieldErrorOf(t *testing.T, err error) templates.FieldError {
	t.Helper()
	var ve *kind.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("got %v, want a validation error of one field", err)
	}
	return ve.Fields[0]
}

// validated returns the only field error of the manifest check of js
// against fields.
func validated(t *testing.T, js string, fields ...templates.Field) templates.FieldError {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	var data map[string]any
	if err := dec.Decode(&data); err != nil {
		t.Fatal(err)
	}
	fes := templates.Manifest{Fields: fields}.Validate(data)
	if len(fes) != 1 {
		t.Fatalf("%s: got %v, want one field error", js, fes)
	}
	return fes[0]
}

// query returns the only field error of the search parameters p.
func query(t *testing.T, p find.Params, r find.Reader) templates.FieldError {
	t.Helper()
	_, err := p.Query(r)
	return fieldErrorOf(t, err)
}

// TestTranslateByReason builds each error as the service builds it and
// checks the Vietnamese text the pages show for it. The expected texts
// are the ones the pages showed when they matched the English messages.
func TestTranslateByReason(t *testing.T) {
	min, max := int64(-3), int64(99)
	str := templates.Field{Name: "t", Type: "string", MaxLength: 5}
	reqText := templates.Field{Name: "t", Type: "text", Required: true}
	integer := templates.Field{Name: "n", Type: "integer", Min: &min, Max: &max}
	date := templates.Field{Name: "d", Type: "date"}
	enum := templates.Field{Name: "e", Type: "enum", Values: []string{"A", ""}, Required: true}
	list := templates.Field{Name: "l", Type: "list", Required: true, MaxItems: 1}
	vals := func(s string) url.Values {
		q, err := url.ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	register := func(s string) templates.FieldError {
		_, err := find.ParseRegister(vals(s))
		return fieldErrorOf(t, err)
	}
	audit := func(s string) templates.FieldError {
		_, err := find.ParseAudit(vals(s))
		return fieldErrorOf(t, err)
	}
	intParam := func(s string) templates.FieldError {
		_, err := find.Int(vals(s), "trang", 1, 10)
		return fieldErrorOf(t, err)
	}
	for _, tc := range []struct {
		name   string
		in     templates.FieldError
		reason templates.Reason
		want   string
	}{
		{"required", validated(t, `{}`, reqText), templates.ReasonRequired, "Chưa nhập: đây là mục bắt buộc."},
		{"required not empty", validated(t, `{"t": "  "}`, reqText), templates.ReasonRequired, "Chưa nhập: đây là mục bắt buộc."},
		{"required choice", validated(t, `{"e": ""}`, enum), templates.ReasonRequired, "Chưa nhập: đây là mục bắt buộc."},
		{"required date", templates.Required("data.date"), templates.ReasonRequired, "Chưa nhập: đây là mục bắt buộc."},
		{"needs item", validated(t, `{"l": []}`, list), templates.ReasonNeedsItem, "Cần ít nhất một mục."},
		{"unknown field", validated(t, `{"zz": 1}`), templates.ReasonUnknownField, "Mục này không có trong mẫu văn bản."},
		{"too long", validated(t, `{"t": "bcdefgh"}`, str), templates.ReasonTooLong, "Dài quá: tối đa 5 ký tự (đang có 7)."},
		{"not integer", validated(t, `{"n": "12a"}`, integer), templates.ReasonNotInteger, "Phải là số nguyên, ví dụ 485 hoặc 36.449."},
		{"not integer fraction", validated(t, `{"n": 1.5}`, integer), templates.ReasonNotInteger, "Phải là số nguyên, ví dụ 485 hoặc 36.449."},
		{"below min", validated(t, `{"n": -5}`, integer), templates.ReasonBelowMin, "Phải từ -3 trở lên."},
		{"above max", validated(t, `{"n": 100}`, integer), templates.ReasonAboveMax, "Không được lớn hơn 99."},
		{"bad date", validated(t, `{"d": "2019-02-29"}`, date), templates.ReasonBadDate, "Ngày không hợp lệ: chọn hoặc nhập ngày theo dạng ngày/tháng/năm."},
		{"date as a number", validated(t, `{"d": 5}`, date), templates.ReasonBadDate, "Ngày không hợp lệ: chọn hoặc nhập ngày theo dạng ngày/tháng/năm."},
		{"not one of", validated(t, `{"e": "x"}`, enum), templates.ReasonNotOneOf, "Hãy chọn một giá trị trong danh sách."},
		{"too many items", validated(t, `{"l": ["a", "b"]}`, list), templates.ReasonTooManyItems, "Nhiều quá: tối đa 1 mục (đang có 2)."},
		{"not single line", validated(t, `{"t": "a\nb"}`, str), templates.ReasonNotSingleLine, "Chỉ được viết trên một dòng."},
		{"above clearance", templates.AboveClearance("data.secrecy", "TỐI MẬT"), templates.ReasonAboveClearance, "Độ mật “TỐI MẬT” cao hơn mức bạn được xem."},
		{"query too long", query(t, find.Params{Q: strings.Repeat("a", 501)}, find.Reader{}), templates.ReasonQueryTooLong, "Dài quá: tối đa 500 ký tự."},
		{"not a document number", query(t, find.Params{Number: "số 5"}, find.Reader{}), templates.ReasonNotDocumentNumber,
			"“số 5” không phải là số, ký hiệu văn bản (ví dụ 167-TB/TU, 30/2020/NĐ-CP)."},
		{"cites not a document number", query(t, find.Params{Cites: `x"y`}, find.Reader{}), templates.ReasonNotDocumentNumber,
			`“x\"y” không phải là số, ký hiệu văn bản (ví dụ 167-TB/TU, 30/2020/NĐ-CP).`},
		{"integer range", intParam("trang=-1"), templates.ReasonIntegerRange, "Phải là số nguyên từ 1 đến 10."},
		{"integer range of a search", query(t, find.Params{Year: 5}, find.Reader{}), templates.ReasonIntegerRange, "Phải là số nguyên từ 1930 đến 9999."},
		{"integer range of the audit", audit("limit=0"), templates.ReasonIntegerRange, "Phải là số nguyên từ 1 đến 10000."},
		{"bad year", register("year=20"), templates.ReasonBadYear, "Năm không hợp lệ, ví dụ 2025."},
		{"bad type code", query(t, find.Params{Type: strings.Repeat("T", 21)}, find.Reader{}), templates.ReasonBadCode, "Mã không hợp lệ."},
		{"bad issuer code", query(t, find.Params{Issuer: strings.Repeat("T", 41)}, find.Reader{}), templates.ReasonBadCode, "Mã không hợp lệ."},
		{"drafts clerks only", query(t, find.Params{Status: "draft"}, find.Reader{}), templates.ReasonDraftsClerksOnly, "Chỉ văn thư trở lên mới xem được dự thảo."},
		{"number from register", templates.NumberFromRegister("data.number"), templates.ReasonNumberFromRegister,
			"Số văn bản do sổ văn bản đi cấp; chỉ quản trị viên được cấp số thủ công."},
		{"issued needs number", templates.IssuedNeedsNumber("data.number"), templates.ReasonIssuedNeedsNumber, "Văn bản ban hành phải có số."},
		{"bad time of the audit", audit("from=x"), templates.ReasonBadDate, "Ngày không hợp lệ: chọn hoặc nhập ngày theo dạng ngày/tháng/năm."},
		{"bad secrecy mark", templates.BadMark("data.secrecy", "BÍ MẬT"), templates.ReasonNotOneOf, "Hãy chọn một giá trị trong danh sách."},
		{"English without a reason", templates.FieldError{Path: "facets", Message: `must be true or false, got "yes"`}, "", `must be true or false, got "yes"`},
		{"Vietnamese without a reason", templates.FieldError{Path: "data.categories[0]", Message: " Tổ chức: 1 + 2 = 3, khác số được đánh giá "}, "",
			"Tổ chức: 1 + 2 = 3, khác số được đánh giá"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.Reason != tc.reason {
				t.Errorf("reason %q, want %q", tc.in.Reason, tc.reason)
			}
			if got := translate(tc.in); got != tc.want {
				t.Errorf("translate(%q) = %q, want %q", tc.in.Message, got, tc.want)
			}
		})
	}
}

func TestConflictMessage(t *testing.T) {
	for _, tc := range []struct {
		in   *documents.ConflictError
		want string
	}{
		{&documents.ConflictError{Message: "number 07 is already used in this register", Err: &register.TakenError{Number: 7}},
			"Số 7 đã được cấp trong sổ văn bản đi này; hãy cho số khác hoặc để trống để sổ cấp số tiếp theo."},
		{&documents.ConflictError{Message: "number 123 is already used in this register", Err: &register.TakenError{Number: 123}},
			"Số 123 đã được cấp trong sổ văn bản đi này; hãy cho số khác hoặc để trống để sổ cấp số tiếp theo."},
		{&documents.ConflictError{Message: "document x is already issued as 5-TB/TU"}, "document x is already issued as 5-TB/TU"},
	} {
		if got := conflictMessage(tc.in); got != tc.want {
			t.Errorf("conflictMessage(%q) = %q, want %q", tc.in.Message, got, tc.want)
		}
	}
}
