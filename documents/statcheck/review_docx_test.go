package statcheck_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/documents/convert/converttest"
	"vanthu/documents/statcheck"
	"vanthu/templates/docxtest"
)

// replaceInDocument replaces the first old in word/document.xml of a DOCX.
func replaceInDocument(t *testing.T, docx []byte, old, new string) []byte {
	t.Helper()
	return docxtest.EditPart(t, docx, "word/document.xml", func(doc string) string {
		if !strings.Contains(doc, old) {
			t.Fatalf("%q is not in word/document.xml", old)
		}
		return strings.Replace(doc, old, new, 1)
	})
}

func checkReportOffsets(t *testing.T, rep statcheck.Report) {
	t.Helper()
	for _, c := range rep.Claims {
		if c.Start < 0 || c.End > len(rep.Text) || rep.Text[c.Start:c.End] != c.Text {
			t.Errorf("claim %q does not point into Report.Text", c.Text)
		}
	}
}

// The review report vanthu writes has a table per category: every share
// of its tables and of its text is found and correct.
func TestCheckDOCXReviewReport(t *testing.T) {
	docx := converttest.RenderExample(t, "bao-cao-danh-gia-xep-loai")
	rep, err := statcheck.CheckDOCX(docx)
	if err != nil {
		t.Fatal(err)
	}
	checkReportOffsets(t, rep)
	kinds := map[string]int{}
	for _, c := range rep.Claims {
		kinds[c.Kind]++
		if c.Verdict != statcheck.VerdictOK {
			t.Errorf("%s %q: %s", c.Kind, c.Text, c.Message)
		}
	}
	if kinds[statcheck.KindTableShare] < 40 || kinds[statcheck.KindRatioShare] < 20 {
		t.Errorf("claims by kind = %v, want the shares of every table and every ratio", kinds)
	}

	// The same report with a slip typed into the first table (88/118 is 74,58%).
	slip := replaceInDocument(t, docx, "74,58%", "74,85%")
	rep, err = statcheck.CheckDOCX(slip)
	if err != nil {
		t.Fatal(err)
	}
	var wrong []statcheck.Claim
	for _, c := range rep.Claims {
		if c.Verdict == statcheck.VerdictWrong {
			wrong = append(wrong, c)
		}
	}
	if len(wrong) != 1 || wrong[0].Kind != statcheck.KindTableShare || wrong[0].Computed != "74,58%" || wrong[0].Whole != "118" {
		t.Fatalf("wrong claims = %+v, want the table row 88/118 = 74,58%%", wrong)
	}
}

// A DOCX made by LibreOffice from an HTML table: an independent producer
// of Word files.
func TestCheckDOCXFromLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is required in CI (installed by .ci/test.sh)")
		}
		t.Skip("install libreoffice-writer-nogui to read a DOCX written by LibreOffice")
	}
	dir := t.TempDir()
	html := `<html><head><meta charset="utf-8"></head><body>
<p>Tổng số đảng viên được đánh giá, xếp loại là 412 đồng chí.</p>
<table border="1">
<tr><td>Mức xếp loại</td><td>Số lượng</td><td>Tỷ lệ (%)</td></tr>
<tr><td>Tổng số</td><td>412</td><td>100</td></tr>
<tr><td>Hoàn thành xuất sắc nhiệm vụ</td><td>78</td><td>18,93</td></tr>
<tr><td>Hoàn thành tốt nhiệm vụ</td><td>301</td><td>73,06</td></tr>
<tr><td>Hoàn thành nhiệm vụ</td><td>30</td><td>7,28</td></tr>
<tr><td>Không hoàn thành nhiệm vụ</td><td>3</td><td>0,73</td></tr>
</table></body></html>`
	src := filepath.Join(dir, "bang.html")
	if err := os.WriteFile(src, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "file://" + filepath.Join(dir, "lo-profile")
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, b)
	}
	docx, err := os.ReadFile(filepath.Join(dir, "bang.docx"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := statcheck.CheckDOCX(docx)
	if err != nil {
		t.Fatal(err)
	}
	checkReportOffsets(t, rep)
	got := map[string]string{} // row excerpt → verdict and computed
	for _, c := range rep.Claims {
		got[c.Kind+" "+c.Part] = c.Verdict + " " + c.Computed
	}
	// 301/412 = 73,058…% is 73,06%; 78/412 = 18,932…% is 18,93%; 30/412 =
	// 7,281…% is 7,28%; 3/412 = 0,728…% is 0,73%; the rows add up to 412.
	for k, want := range map[string]string{
		"table_share 78":              "ok 18,93%",
		"table_share 301":             "ok 73,06%",
		"table_share 30":              "ok 7,28%",
		"table_share 3":               "ok 0,73%",
		"table_sum 78 + 301 + 30 + 3": "ok 412",
	} {
		if got[k] != want {
			t.Errorf("%s: got %q, want %q (claims %v)", k, got[k], want, got)
		}
	}
}

func TestExtractDOCXErrors(t *testing.T) {
	var empty bytes.Buffer
	zw := zip.NewWriter(&empty)
	if _, err := zw.Create("word/styles.xml"); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	for name, data := range map[string][]byte{
		"not a zip":       []byte("Tổng số 118"),
		"no document.xml": empty.Bytes(),
	} {
		if _, err := statcheck.CheckDOCX(data); !errors.Is(err, statcheck.ErrNotDOCX) {
			t.Errorf("%s: err = %v, want ErrNotDOCX", name, err)
		}
	}
}
