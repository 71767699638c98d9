package documents

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"vanthu/documents/compose"
	"vanthu/documents/kind"
	"vanthu/documents/record"
	"vanthu/templates"
)

// TestReportAnnex renders the example report with an annex of two units
// and reads the annex back from the DOCX text; rows that do not add up are
// refused naming the row.
func TestReportAnnex(t *testing.T) {
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	r := compose.NewRenderer(reg, kind.Rules{})
	render := func(req CreateRequest) (*record.Record, []byte, error) { return r.Render(req.Template, req.Data) }
	withAnnex := func(rows string) CreateRequest {
		req := exampleRequest(t, "bao-cao-danh-gia-xep-loai.json")
		var data map[string]any
		if err := json.Unmarshal(req.Data, &data); err != nil {
			t.Fatal(err)
		}
		var annex any
		if err := json.Unmarshal([]byte(`{"title": "Kết quả của các đơn vị", "tables": [{"heading": "1. Đảng viên", "rows": `+rows+`}]}`), &annex); err != nil {
			t.Fatal(err)
		}
		data["annex"] = annex
		req.Data, _ = json.Marshal(data)
		return req
	}
	rec, _, err := render(withAnnex(`[
		{"unit": "Huyện ủy Mai Châu", "total": 120, "evaluated": 118, "excellent": 19, "good": 88, "completed": 9, "not_completed": 2},
		{"unit": "Thành ủy Hòa Bình", "total": 1000, "evaluated": 1000, "excellent": 150, "good": 800, "completed": 50, "not_completed": 0}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PHỤ LỤC", "KẾT QUẢ CỦA CÁC ĐƠN VỊ", "1. Đảng viên",
		"Huyện ủy Mai Châu", "19 (16,10%)", "Thành ủy Hòa Bình", "150 (15,00%)", "Cộng", "1.120", "1.118", "169 (15,12%)", "888 (79,43%)", "59 (5,28%)", "2 (0,18%)"} {
		if !strings.Contains(rec.Text, want) {
			t.Errorf("rendered text lacks %q", want)
		}
	}
	_, _, err = render(withAnnex(`[{"unit": "Huyện ủy Lạc Sơn", "total": 10, "evaluated": 10, "excellent": 1, "good": 1, "completed": 1, "not_completed": 1}]`))
	var ve *kind.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "data.annex.tables[0].rows[0].evaluated" {
		t.Fatalf("unbalanced annex row: %v", err)
	}
	plain, _, err := render(exampleRequest(t, "bao-cao-danh-gia-xep-loai.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.Text, "PHỤ LỤC") {
		t.Error("a report without annex shows one")
	}
}
