// Package registercsv writes the outgoing register as CSV for spreadsheet
// programs: UTF-8 with a BOM (for Excel), the columns of the paper
// register, cells safe from being read as formulas.
package registercsv

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"vanthu/documents/register"
)

// FileName is the name the register is offered for download under.
const FileName = "Sổ đăng ký văn bản đi.csv"

// header is the columns of the paper register.
var header = []string{"Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", "Người ký", "Nơi nhận", "Đơn vị/người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"}

// Encode returns the rows as CSV: the BOM, the header, a line per row.
func Encode(rows []register.Row) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	for _, r := range rows {
		copies := ""
		if r.Copies > 0 {
			copies = strconv.Itoa(r.Copies)
		}
		_ = w.Write(Safe(strings.TrimPrefix(r.Number, "Số "), r.Date, r.TypeTitle, r.Signer, strings.Join(r.Recipients, "; "), r.FileCopy, copies, "", "", r.Notes))
	}
	w.Flush()
	return buf.Bytes()
}

// Safe keeps spreadsheet programs from reading a cell as a formula: a cell
// starting with = + - @ (or a tab or carriage return) gets a leading
// apostrophe. It changes cells in place and returns them.
func Safe(cells ...string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
