// Package returnstest fills the returns workbook in tests as a unit's
// clerk does.
package returnstest

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"vanthu/documents/review"
)

// FillWorkbook writes a unit's counts into its rows of the empty workbook
// tpl: column A the unit code, C the label, E–J the counts; then sets the
// cells of edit. It fails the test unless the workbook has one row of the
// unit for every category.
func FillWorkbook(t testing.TB, tpl []byte, code string, cats []review.Category, edit map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Số liệu")
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for i, row := range rows {
		if len(row) < 3 || row[0] != code {
			continue
		}
		for _, c := range cats {
			if c.Label != row[2] {
				continue
			}
			for j, n := range []int64{c.Total, c.Evaluated, c.Excellent, c.Good, c.Completed, c.NotCompleted} {
				cell, _ := excelize.CoordinatesToCellName(5+j, i+1)
				if err := f.SetCellInt("Số liệu", cell, n); err != nil {
					t.Fatal(err)
				}
			}
			filled++
		}
	}
	if filled != len(cats) {
		t.Fatalf("the workbook has %d rows of %s, want %d", filled, code, len(cats))
	}
	for cell, v := range edit {
		if err := f.SetCellValue("Số liệu", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
