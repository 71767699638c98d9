package returns

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"vanthu/documents/review"
	"vanthu/documents/vnformat"
)

// The published workbook layout. Sheet DataSheet has the title in row 1,
// the return's id and year in row 2, a note in row 3, the column heads in
// row 4 and from row 5 one row per unit and category: columns A–D (unit
// code, unit, category, group) are filled in, E–J (total, evaluated and
// the four levels) are the unit's to fill, K the reason some were not
// evaluated.
const (
	DataSheet    = "Số liệu"
	SummarySheet = "Tổng hợp"
	headRow      = 4
	firstRow     = 5
)

var dataHeads = []string{"Mã đơn vị", "Đơn vị", "Đối tượng", "Nhóm", "Tổng số", "Được đánh giá, xếp loại",
	"Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ",
	"Lý do chưa đánh giá, xếp loại"}

var groupNames = map[string]string{
	review.GroupOrganizations:         "Tổ chức đảng",
	review.GroupMembers:               "Đảng viên",
	review.GroupLeadershipCollectives: "Tập thể lãnh đạo, quản lý",
	review.GroupLeaders:               "Cán bộ lãnh đạo, quản lý",
}

// Limits on reading an uploaded workbook.
const (
	maxUnzip    = 64 << 20
	maxUnzipXML = 16 << 20
)

// ErrWorkbook is wrapped by errors about a workbook that cannot be read at
// all (not an xlsx file, no sheet DataSheet).
var ErrWorkbook = errors.New("returns: unreadable workbook")

// TemplateWorkbook writes the empty workbook sent out to the units: the
// rows of every unit of d (or only of unit, when not empty) and category,
// the figure columns blank and limited to whole numbers ≥ 0.
func TemplateWorkbook(d *Definition, unit string) ([]byte, error) {
	units := d.Units
	if unit != "" {
		u, ok := d.Unit(unit)
		if !ok {
			return nil, fmt.Errorf("unit %q: %w", unit, ErrNotFound)
		}
		units = []Unit{u}
	}
	return dataWorkbook(d, units, nil)
}

// dataWorkbook writes the DataSheet for the units, with the figures of
// latest when given (and a leading SummarySheet written by the caller).
func dataWorkbook(d *Definition, units []Unit, fill func(f *excelize.File) error) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return nil, err
	}
	w := sheetWriter{f: f, sheet: DataSheet}
	w.str(1, 1, fmt.Sprintf("SỐ LIỆU KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM %d", d.Year))
	w.str(1, 2, "Mã đợt tổng hợp:")
	w.str(2, 2, d.ID)
	w.str(3, 2, "Năm:")
	w.int(4, 2, int64(d.Year))
	w.str(1, 3, "Mỗi đơn vị nhập số liệu vào các cột E–K của các dòng mang mã của mình; không sửa các cột A–D, không thêm, bớt dòng.")
	for i, h := range dataHeads {
		w.str(i+1, headRow, h)
	}
	row := firstRow
	for _, u := range units {
		for _, c := range d.Categories {
			w.str(1, row, u.Code)
			w.str(2, row, u.Name)
			w.str(3, row, c.Label)
			w.str(4, row, groupNames[c.Group])
			row++
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if row > firstRow {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("E%d:J%d", firstRow, row-1)
		if err := dv.SetRange(0, 1e12, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
			return nil, err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Số liệu không hợp lệ", "Nhập số nguyên không âm.")
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return nil, err
		}
	}
	if err := layout(f, DataSheet, []float64{12, 28, 34, 22, 10, 12, 14, 14, 12, 14, 30}); err != nil {
		return nil, err
	}
	if fill != nil {
		if err := fill(f); err != nil {
			return nil, err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// layout sets column widths, wraps and bolds the head row and freezes the
// rows above the data.
func layout(f *excelize.File, sheet string, widths []float64) error {
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(widths))
	if err := f.SetCellStyle(sheet, "A"+strconv.Itoa(headRow), last+strconv.Itoa(headRow), head); err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", title); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: "A" + strconv.Itoa(firstRow), ActivePane: "bottomLeft"})
}

// sheetWriter writes cells, keeping the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && w.err == nil {
		w.err = err
	}
	return name
}

func (w *sheetWriter) str(col, row int, v string) {
	if err := w.f.SetCellStr(w.sheet, w.cell(col, row), v); err != nil && w.err == nil {
		w.err = err
	}
}

func (w *sheetWriter) int(col, row int, v int64) {
	if err := w.f.SetCellInt(w.sheet, w.cell(col, row), v); err != nil && w.err == nil {
		w.err = err
	}
}

// ReadWorkbook reads the figures of one unit from a workbook in the
// published layout: the rows whose column A is the unit's code, one per
// category. Problems are issues whose path names the cell
// ("xlsx:Số liệu!F7"); the categories are returned in file order for
// [Normalize], with the cell of each in cells.
func ReadWorkbook(d *Definition, unit string, data []byte) (cats []review.Category, cells []int, issues []Issue, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzip, UnzipXMLSizeLimit: maxUnzipXML})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: not an Excel workbook (.xlsx): %v", ErrWorkbook, err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex(DataSheet); idx < 0 {
		return nil, nil, nil, fmt.Errorf("%w: no sheet %q; use the workbook of GET /api/v1/returns/%s/template.xlsx", ErrWorkbook, DataSheet, d.ID)
	}
	add := func(cell, msg string, args ...any) {
		issues = append(issues, Issue{Path: "xlsx:" + DataSheet + "!" + cell, Message: fmt.Sprintf(msg, args...)})
	}
	for i, h := range dataHeads[:10] {
		cell, _ := excelize.CoordinatesToCellName(i+1, headRow)
		if v, _ := f.GetCellValue(DataSheet, cell); clean(v) != h {
			add(cell, "tiêu đề cột phải là %q (mẫu biểu đã bị sửa), đang là %q", h, clean(v))
		}
	}
	if id, _ := f.GetCellValue(DataSheet, "B2"); strings.TrimSpace(id) != "" && strings.TrimSpace(id) != d.ID {
		add("B2", "biểu này thuộc đợt tổng hợp %s, không phải %s", strings.TrimSpace(id), d.ID)
	}
	if len(issues) > 0 {
		return nil, nil, issues, nil
	}
	rows, err := f.GetRows(DataSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %v", ErrWorkbook, err)
	}
	for r := firstRow; r <= len(rows); r++ {
		row := rows[r-1]
		if len(row) == 0 || strings.TrimSpace(row[0]) != unit {
			continue
		}
		c := review.Category{Label: at(row, 2)}
		c.NotEvaluatedNote = at(row, 10)
		dst := []*int64{&c.Total, &c.Evaluated, &c.Excellent, &c.Good, &c.Completed, &c.NotCompleted}
		for j, p := range dst {
			cell, _ := excelize.CoordinatesToCellName(5+j, r)
			v, msg := cellCount(f, cell, at(row, 4+j))
			if msg != "" {
				add(cell, "%s, %s: %s", c.Label, strings.ToLower(dataHeads[4+j]), msg)
			}
			*p = v
		}
		cats = append(cats, c)
		cells = append(cells, r)
	}
	if len(cats) == 0 && len(issues) == 0 {
		add("A"+strconv.Itoa(firstRow), "không có dòng nào mang mã đơn vị %q ở cột A", unit)
	}
	return cats, cells, issues, nil
}

func at(row []string, i int) string {
	if i < len(row) {
		return clean(row[i])
	}
	return ""
}

// cellCount reads a whole count from a cell: a number, or a text such as
// "1.234" or "1234". It returns a Vietnamese message when the cell is not
// a whole non-negative number.
func cellCount(f *excelize.File, cell, raw string) (int64, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0, "chưa nhập (ô trống); nhập 0 nếu không có"
	}
	if t, _ := f.GetCellType(DataSheet, cell); t == excelize.CellTypeNumber || t == excelize.CellTypeUnset {
		if x, err := strconv.ParseFloat(raw, 64); err == nil {
			if x < 0 || x != math.Trunc(x) || x > 1e15 {
				return 0, fmt.Sprintf("phải là số nguyên không âm, đang là %s", raw)
			}
			return int64(x), ""
		}
	}
	digits := strings.ReplaceAll(raw, ".", "")
	if n, err := strconv.ParseInt(digits, 10, 64); err == nil && n >= 0 && (digits == raw || validGrouping(raw)) {
		return n, ""
	}
	return 0, fmt.Sprintf("phải là số nguyên không âm, đang là %q", raw)
}

// validGrouping accepts "1.234.567": groups of three digits after the first.
func validGrouping(s string) bool {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		if p == "" || len(p) > 3 || (i > 0 && len(p) != 3) {
			return false
		}
	}
	return true
}

// ExportWorkbook writes the consolidation: sheet SummarySheet with one row
// per category (counts as numbers, shares as in the report, "16,10%"), and
// sheet DataSheet in the published layout with the figures of every
// received unit, so that it can be read back.
func ExportWorkbook(d *Definition, c Consolidation) ([]byte, error) {
	return dataWorkbook(d, d.Units, func(f *excelize.File) error {
		w := sheetWriter{f: f, sheet: DataSheet}
		row := firstRow
		for _, us := range c.Units {
			for k := range d.Categories {
				if us.State == StateReceived {
					cat := us.Revision.Categories[k]
					for j, v := range []int64{cat.Total, cat.Evaluated, cat.Excellent, cat.Good, cat.Completed, cat.NotCompleted} {
						w.int(5+j, row, v)
					}
					if cat.NotEvaluatedNote != "" {
						w.str(11, row, cat.NotEvaluatedNote)
					}
				}
				row++
			}
		}
		if w.err != nil {
			return w.err
		}
		if _, err := f.NewSheet(SummarySheet); err != nil {
			return err
		}
		if err := f.MoveSheet(SummarySheet, DataSheet); err != nil {
			return err
		}
		f.SetActiveSheet(0)
		return writeSummary(f, d, c)
	})
}

var summaryHeads = []string{"TT", "Đối tượng", "Tổng số", "Được đánh giá, xếp loại",
	"Hoàn thành xuất sắc nhiệm vụ", "Tỷ lệ", "Hoàn thành tốt nhiệm vụ", "Tỷ lệ",
	"Hoàn thành nhiệm vụ", "Tỷ lệ", "Không hoàn thành nhiệm vụ", "Tỷ lệ",
	"Hoàn thành tốt nhiệm vụ trở lên", "Tỷ lệ", "Trong đó hoàn thành xuất sắc nhiệm vụ, tỷ lệ"}

func writeSummary(f *excelize.File, d *Definition, c Consolidation) error {
	w := sheetWriter{f: f, sheet: SummarySheet}
	w.str(1, 1, fmt.Sprintf("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM %d", d.Year))
	w.str(1, 2, d.Title)
	note := fmt.Sprintf("Tổng hợp từ %d/%d đơn vị", c.Received, c.Expected)
	if !c.Complete {
		note += fmt.Sprintf("; chưa có số liệu: %s; bị chặn: %s", listOr(c.Missing), listOr(c.Blocked))
	}
	w.str(1, 3, note)
	for i, h := range summaryHeads {
		w.str(i+1, headRow, h)
	}
	for k, cat := range c.Categories {
		r := firstRow + k
		w.int(1, r, int64(k+1))
		w.str(2, r, cat.Label)
		w.int(3, r, cat.Total)
		w.int(4, r, cat.Evaluated)
		for j, v := range []int64{cat.Excellent, cat.Good, cat.Completed, cat.NotCompleted, cat.GoodOrAbove()} {
			w.int(5+2*j, r, v)
			w.str(6+2*j, r, share(v, cat.Evaluated))
		}
		w.str(15, r, share(cat.Excellent, cat.GoodOrAbove()))
	}
	if w.err != nil {
		return w.err
	}
	widths := []float64{5, 34, 10, 12, 12, 9, 12, 9, 12, 9, 12, 9, 12, 9, 16}
	return layout(f, SummarySheet, widths)
}

func listOr(codes []string) string {
	if len(codes) == 0 {
		return "không"
	}
	return strings.Join(codes, ", ")
}

// share is part/whole as the report's tables write it ("16,10%",
// "100,00%"), or "—" when whole is zero.
func share(part, whole int64) string {
	s, err := vnformat.PercentSign(part, whole, 2)
	if err != nil {
		return "—"
	}
	return s
}
