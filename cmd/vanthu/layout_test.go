package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/documents"
	"vanthu/documents/compose"
	"vanthu/documents/kind"
	"vanthu/templates"
)

// TestLibreOfficeLayout renders both examples offline, converts them to PDF
// with LibreOffice and reads the PDF text back: the files open in an office
// suite and the official components come out in place. Set
// VANTHU_KEEP_PDF=DIR to keep the PDFs for viewing.
func TestLibreOfficeLayout(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice and pdftotext are required in CI (installed by .ci/test.sh)")
		}
		t.Skip("install libreoffice-writer-nogui and poppler-utils to run the layout check")
	}
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		out = keep
	}
	cases := []struct {
		example string
		want    []string // substrings of the first page, in reading order
	}{
		{"thong-bao-ket-luan.json", []string{"TỈNH ỦY HÒA BÌNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 167-TB/TU", "Hòa Bình, ngày 20 tháng 6 năm 2019", "THÔNG BÁO", "-----", "I- Đánh giá chung"}},
		{"bao-cao-danh-gia-xep-loai.json", []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Số 412-BC/TU", "BÁO CÁO", "-----"}},
	}
	for _, tc := range cases {
		t.Run(tc.example, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "examples", tc.example))
			if err != nil {
				t.Fatal(err)
			}
			var req documents.CreateRequest
			if err := json.Unmarshal(raw, &req); err != nil {
				t.Fatal(err)
			}
			_, docx, err := compose.NewRenderer(reg, kind.Rules{}).Render(req.Template, req.Data)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(tc.example, ".json")
			src := filepath.Join(out, base+".docx")
			if err := os.WriteFile(src, docx, 0o644); err != nil {
				t.Fatal(err)
			}
			profile := "file://" + filepath.Join(t.TempDir(), "lo-profile")
			cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "pdf", "--outdir", out, src)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v: %s", err, b)
			}
			pdf := filepath.Join(out, base+".pdf")
			b, err := exec.Command(pdftotext, "-f", "1", "-l", "1", "-layout", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			page := string(b)
			pos := 0
			for _, w := range tc.want {
				i := strings.Index(page[pos:], w)
				if i < 0 {
					t.Fatalf("page 1 lacks %q after position %d:\n%s", w, pos, page)
				}
				pos += i
			}
			// Header: issuer on the left, the Party title on the right, same line.
			for _, line := range strings.Split(page, "\n") {
				if strings.Contains(line, "ĐẢNG CỘNG SẢN VIỆT NAM") && !strings.Contains(line, "TỈNH ỦY") {
					t.Errorf("issuer and Party title are not side by side: %q", line)
				}
			}
			if strings.Contains(page, "{") {
				t.Errorf("a placeholder reached the PDF:\n%s", page)
			}
		})
	}
}
