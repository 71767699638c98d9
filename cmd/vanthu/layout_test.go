package main

import (
	"os"
	"path/filepath"
	"testing"

	"vanthu/documents/convert/converttest"
)

// TestLibreOfficeLayout renders both examples offline, converts them to PDF
// with LibreOffice and reads the PDF text back: the files open in an office
// suite and the official components come out in place. Set
// VANTHU_KEEP_PDF=DIR to keep the PDFs for viewing.
func TestLibreOfficeLayout(t *testing.T) {
	soffice, pdftotext := converttest.OfficeTools(t)
	out := t.TempDir()
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		out = keep
	}
	cases := []struct {
		example string
		want    []string // substrings of the first page, in reading order
	}{
		{"thong-bao-ket-luan", []string{"TỈNH ỦY HÒA BÌNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 167-TB/TU", "Hòa Bình, ngày 20 tháng 6 năm 2019", "THÔNG BÁO", "-----", "I- Đánh giá chung"}},
		{"bao-cao-danh-gia-xep-loai", []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Số 412-BC/TU", "BÁO CÁO", "-----"}},
	}
	for _, tc := range cases {
		t.Run(tc.example+".json", func(t *testing.T) {
			src := filepath.Join(out, tc.example+".docx")
			if err := os.WriteFile(src, converttest.RenderExample(t, tc.example), 0o644); err != nil {
				t.Fatal(err)
			}
			converttest.ConvertFile(t, soffice, src, out, "pdf")
			page := converttest.FirstPageText(t, pdftotext, filepath.Join(out, tc.example+".pdf"))
			// Header: issuer on the left, the Party title on the right, same line.
			converttest.CheckFirstPage(t, page, tc.want, "TỈNH ỦY")
		})
	}
}
