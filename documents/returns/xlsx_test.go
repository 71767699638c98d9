package returns

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"vanthu/documents/review"
)

// fillWorkbook sets cells of the DataSheet of a workbook.
func fillWorkbook(t *testing.T, b []byte, cells map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range cells {
		if err := f.SetCellValue(DataSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWorkbookRoundTrip(t *testing.T) {
	d := testDefinition()
	d.ID = "0123456789abcdef01234567"
	d.Units = append(d.Units, Unit{"lac-son", "Huyện ủy Lạc Sơn"})
	tpl, err := TemplateWorkbook(d, "lac-son")
	if err != nil {
		t.Fatal(err)
	}
	// Rows 5–7 are Lạc Sơn's three categories.
	good := map[string]any{
		"E5": 12, "F5": 12, "G5": 2, "H5": 9, "I5": 1, "J5": 0,
		"E6": 86, "F6": 85, "G6": 0, "H6": 80, "I6": 3, "J6": 2, "K6": "01 chi bộ mới thành lập",
		"E7": "2.950", "F7": 2901, "G7": 450, "H7": 2250, "I7": 190, "J7": 11,
	}
	cats, _, issues, err := ReadWorkbook(d, "lac-son", fillWorkbook(t, tpl, good))
	if err != nil || len(issues) > 0 {
		t.Fatalf("read: %v %+v", err, issues)
	}
	norm, issues := Normalize(d, cats)
	if len(issues) > 0 {
		t.Fatalf("normalize: %+v", issues)
	}
	want := review.Category{Label: "chi bộ trực thuộc đảng ủy cơ sở", Group: review.GroupOrganizations, Total: 86,
		Counts: review.Counts{Evaluated: 85, Good: 80, Completed: 3, NotCompleted: 2}, NotEvaluatedNote: "01 chi bộ mới thành lập"}
	if !reflect.DeepEqual(norm[1], want) || norm[2].Total != 2950 {
		t.Fatalf("read back %+v", norm)
	}

	for _, tc := range []struct {
		name  string
		cells map[string]any
		path  string
	}{
		{"blank", map[string]any{"G6": ""}, "xlsx:Số liệu!G6"},
		{"fraction", map[string]any{"G6": 1.5}, "xlsx:Số liệu!G6"},
		{"negative", map[string]any{"H7": -3}, "xlsx:Số liệu!H7"},
		{"words", map[string]any{"E5": "mười hai"}, "xlsx:Số liệu!E5"},
		{"edited head", map[string]any{"F4": "Đánh giá"}, "xlsx:Số liệu!F4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cells := map[string]any{}
			for k, v := range good {
				cells[k] = v
			}
			for k, v := range tc.cells {
				cells[k] = v
			}
			_, _, issues, err := ReadWorkbook(d, "lac-son", fillWorkbook(t, tpl, cells))
			if err != nil || len(issues) != 1 || issues[0].Path != tc.path {
				t.Fatalf("issues %+v, err %v; want one at %s", issues, err, tc.path)
			}
		})
	}
	if _, _, _, err := ReadWorkbook(d, "lac-son", []byte("not a zip")); err == nil {
		t.Error("a non-workbook was read")
	}
}
