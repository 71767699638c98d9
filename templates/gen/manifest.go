package main

import "slices"

// manifest and field mirror templates.Manifest and templates.Field (same
// JSON shape); the generator keeps to the standard library.
type manifest struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	TypeCode     string   `json:"type_code"`
	TypeName     string   `json:"type_name"`
	Kind         string   `json:"kind"`
	Description  string   `json:"description,omitempty"`
	Fields       []field  `json:"fields"`
	Placeholders []string `json:"placeholders"`
}

type field struct {
	Name      string   `json:"name,omitempty"`
	Type      string   `json:"type"`
	Required  bool     `json:"required,omitempty"`
	Label     string   `json:"label,omitempty"`
	MaxLength int      `json:"max_length,omitempty"`
	Min       *int64   `json:"min,omitempty"`
	Max       *int64   `json:"max,omitempty"`
	Values    []string `json:"values,omitempty"`
	Fields    []field  `json:"fields,omitempty"`
	Item      *field   `json:"item,omitempty"`
	MaxItems  int      `json:"max_items,omitempty"`
}

func i64(v int64) *int64 { return &v }

// Limits on input sizes.
const (
	maxName      = 200   // names of bodies and people, positions
	maxTitle     = 500   // trích yếu
	maxParagraph = 20000 // one body paragraph
	maxRecipient = 300
)

func str(name, label string, maxLen int, required bool) field {
	return field{Name: name, Type: "string", Label: label, MaxLength: maxLen, Required: required}
}

func integer(name, label string, lo, hi int64, required bool) field {
	f := field{Name: name, Type: "integer", Label: label, Min: i64(lo), Required: required}
	if hi > 0 {
		f.Max = i64(hi)
	}
	return f
}

// paragraphs is a list of body paragraphs; the caller turns each string into
// an item {"text": …}.
func paragraphs(name, label string, maxItems int, required bool) field {
	return field{Name: name, Type: "list", Label: label, Required: required, MaxItems: maxItems,
		Item: &field{Type: "string", Label: "Đoạn văn", MaxLength: maxParagraph}}
}

// commonFields are the fields both built-in templates share; extra fields go
// between the body fields and the recipients.
func commonFields(extra ...field) []field {
	fields := []field{
		{Name: "issuer", Type: "object", Required: true, Label: "Cơ quan ban hành", Fields: []field{
			str("superior", "Tên cơ quan cấp trên trực tiếp", maxName, false),
			str("name", "Tên cơ quan ban hành", maxName, true),
			str("code", "Ký hiệu cơ quan ban hành", 20, true),
		}},
		integer("number", "Số văn bản", 1, 99999, false),
		str("place", "Địa danh", 100, true),
		{Name: "date", Type: "date", Required: true, Label: "Ngày ban hành"},
		str("title", "Trích yếu nội dung", maxTitle, true),
		{Name: "secrecy", Type: "enum", Label: "Độ mật", Values: []string{"", "MẬT", "TỐI MẬT", "TUYỆT MẬT"}},
		{Name: "urgency", Type: "enum", Label: "Độ khẩn", Values: []string{"", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"}},
		paragraphs("intro", "Phần mở đầu", 200, false),
	}
	fields = append(fields, extra...)
	fields = append(fields,
		field{Name: "sections", Type: "list", Label: "Các phần nội dung", MaxItems: 50, Item: &field{
			Type: "object", Label: "Phần nội dung", Fields: []field{
				str("heading", "Tên phần", maxTitle, true),
				paragraphs("paragraphs", "Các đoạn văn", 200, false),
				{Name: "items", Type: "list", Label: "Các nội dung đánh số", MaxItems: 200,
					Item: &field{Type: "string", Label: "Nội dung", MaxLength: maxParagraph}},
			}}},
		field{Name: "closing", Type: "string", Label: "Đoạn kết", MaxLength: maxParagraph},
		field{Name: "recipients", Type: "list", Required: true, Label: "Nơi nhận", MaxItems: 100,
			Item: &field{Type: "string", Label: "Nơi nhận", MaxLength: maxRecipient}},
		field{Name: "signature", Type: "object", Required: true, Label: "Người ký", Fields: []field{
			{Name: "authority", Type: "enum", Label: "Quyền hạn ký", Values: []string{"", "T/M", "K/T", "T/L", "T/UQ", "Q."}},
			str("authority_of", "Thay mặt tập thể hoặc chức vụ cấp trưởng", maxName, false),
			str("position", "Chức vụ người ký", maxName, true),
			str("name", "Họ và tên người ký", maxName, true),
		}},
	)
	return fields
}

// Placeholders of the shared header and body start (head) and of the
// sections, closing and footer (tail), in document order.
var (
	headPlaceholders = []string{
		"superior.text", "issuer_name", "number_line", "urgency.text", "secrecy.text",
		"place_date", "draft.text", "title", "intro.text",
	}
	tailPlaceholders = []string{
		"sections.numeral", "sections.heading", "sections.paragraphs.text",
		"sections.items.no", "sections.items.text", "closing.text",
		"recipients.text", "signature.authority_line", "signature.position", "signature.name",
	}
)

func noticeManifest() manifest {
	return manifest{
		Name:     "thong-bao-ket-luan",
		Title:    "Thông báo kết luận",
		TypeCode: "TB",
		TypeName: "THÔNG BÁO",
		Kind:     "notice",
		Description: "Thông báo kết luận của cấp ủy, thường trực cấp ủy, trình bày theo Hướng dẫn " +
			"số 36-HD/VPTW: phần mở đầu, các phần nội dung đánh số I-, II- với các nhiệm vụ 1-, 2-, nơi nhận và chữ ký.",
		Fields:       commonFields(),
		Placeholders: slices.Concat(headPlaceholders, tailPlaceholders),
	}
}

func reviewReportManifest() manifest {
	levels := func(required bool) []field {
		return []field{
			integer("evaluated", "Số được đánh giá, xếp loại", 0, 0, required),
			integer("excellent", "Hoàn thành xuất sắc nhiệm vụ", 0, 0, required),
			integer("good", "Hoàn thành tốt nhiệm vụ", 0, 0, required),
			integer("completed", "Hoàn thành nhiệm vụ", 0, 0, required),
			integer("not_completed", "Không hoàn thành nhiệm vụ", 0, 0, required),
		}
	}
	category := []field{
		str("label", "Đối tượng", maxName, true),
		{Name: "group", Type: "enum", Required: true, Label: "Nhóm đối tượng",
			Values: []string{"organizations", "members", "leadership_collectives", "leaders"}},
		integer("total", "Tổng số", 0, 0, true),
	}
	category = append(category, levels(true)[0])
	category = append(category, str("not_evaluated_note", "Lý do chưa đánh giá, xếp loại", 1000, false))
	category = append(category, levels(true)[1:]...)
	category = append(category, field{Name: "previous", Type: "object", Label: "Kết quả năm trước",
		Fields: append([]field{integer("year", "Năm", 1930, 2100, false)}, levels(false)...)})

	extra := []field{
		integer("year", "Năm đánh giá, xếp loại", 1930, 2100, true),
		{Name: "categories", Type: "list", Required: true, Label: "Kết quả theo đối tượng", MaxItems: 100,
			Item: &field{Type: "object", Label: "Đối tượng đánh giá", Fields: category}},
		annexField(levels(true)),
	}
	results := []string{
		"results_heading", "categories.heading", "categories.narrative",
		"categories.rows.level", "categories.rows.count", "categories.rows.percent",
		"summary_heading", "summary.no", "summary.label", "summary.total", "summary.evaluated",
		"summary.excellent", "summary.good", "summary.completed", "summary.not_completed",
	}
	return manifest{
		Name:     "bao-cao-danh-gia-xep-loai",
		Title:    "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng",
		TypeCode: "BC",
		TypeName: "BÁO CÁO",
		Kind:     "review_report",
		Description: "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên và tập thể, " +
			"cá nhân cán bộ lãnh đạo, quản lý, trình bày theo Hướng dẫn số 36-HD/VPTW: kết quả theo từng đối tượng, " +
			"bảng tổng hợp, các phần nội dung, nơi nhận và chữ ký.",
		Fields:       commonFields(extra...),
		Placeholders: slices.Concat(headPlaceholders, results, tailPlaceholders, annexPlaceholders),
	}
}

// annexField is the optional annex (Phụ lục) of a review report: a title
// and one table per category with a row of counts per unit; the service
// writes the shares and the total row.
func annexField(levels []field) field {
	unitRow := append([]field{
		str("unit", "Đơn vị", maxName, true),
		integer("total", "Tổng số", 0, 0, true),
	}, levels...)
	return field{Name: "annex", Type: "object", Label: "Phụ lục kết quả theo đơn vị", Fields: []field{
		str("title", "Tên phụ lục", maxTitle, true),
		{Name: "tables", Type: "list", Required: true, Label: "Các bảng", MaxItems: 100, Item: &field{
			Type: "object", Label: "Bảng theo đối tượng", Fields: []field{
				str("heading", "Tên bảng", maxTitle, true),
				{Name: "rows", Type: "list", Required: true, Label: "Các đơn vị", MaxItems: 1000, Item: &field{
					Type: "object", Label: "Đơn vị", Fields: unitRow}},
			}}},
	}}
}

// annexPlaceholders are the placeholders of the annex, after the footer.
var annexPlaceholders = []string{
	"annex.title.text", "annex.subtitle.text", "annex.heading",
	"annex.rows.no", "annex.rows.unit", "annex.rows.total", "annex.rows.evaluated",
	"annex.rows.excellent", "annex.rows.good", "annex.rows.completed", "annex.rows.not_completed",
}
