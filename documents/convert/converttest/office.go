package converttest

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

// RenderExample renders templates/examples/<name>.json with the built-in
// templates.
func RenderExample(t testing.TB, name string) []byte {
	t.Helper()
	return RenderEditedExample(t, name, nil)
}

// RenderEditedExample is [RenderExample] with the example's data changed
// by edit first, unless edit is nil.
func RenderEditedExample(t testing.TB, name string, edit func(data map[string]any)) []byte {
	t.Helper()
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return renderExample(t, reg, name, edit)
}

func renderExample(t testing.TB, reg *templates.Registry, name string, edit func(data map[string]any)) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "templates", "examples", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var req documents.CreateRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		var data map[string]any
		if err := json.Unmarshal(req.Data, &data); err != nil {
			t.Fatal(err)
		}
		edit(data)
		if req.Data, err = json.Marshal(data); err != nil {
			t.Fatal(err)
		}
	}
	_, docx, err := compose.NewRenderer(reg, kind.Rules{}).Render(req.Template, req.Data)
	if err != nil {
		t.Fatal(err)
	}
	return docx
}

// OfficeTools finds soffice and pdftotext: it fails the test in CI and
// skips it elsewhere when one is missing.
func OfficeTools(t testing.TB) (soffice, pdftotext string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice and pdftotext are required in CI (installed by .ci/test.sh)")
		}
		t.Skip("install libreoffice-writer-nogui and poppler-utils to run the LibreOffice checks")
	}
	return soffice, pdftotext
}

// ConvertFile has LibreOffice convert src into outDir with the filter
// given and returns the converted file. Each call has a profile of its
// own, so conversions may run at once.
func ConvertFile(t testing.TB, soffice, src, outDir, filter string) []byte {
	t.Helper()
	profile := "file://" + filepath.Join(t.TempDir(), "lo-profile")
	cmd := exec.Command(soffice, "-env:UserInstallation="+profile, "--headless", "--convert-to", filter, "--outdir", outDir, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v: %s", err, b)
	}
	ext, _, _ := strings.Cut(filter, ":")
	out, err := os.ReadFile(filepath.Join(outDir, strings.TrimSuffix(filepath.Base(src), ".docx")+"."+ext))
	if err != nil {
		t.Fatalf("soffice wrote no output: %v", err)
	}
	return out
}

// PDFText returns the text of the PDF file at path, as `pdftotext -layout`
// lays it out: pages end with a form feed.
func PDFText(t testing.TB, pdftotext, path string) string {
	t.Helper()
	b, err := exec.Command(pdftotext, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(b)
}

// FirstPageText returns the text of page 1 of the PDF file at path, as
// `pdftotext -layout` lays it out.
func FirstPageText(t testing.TB, pdftotext, path string) string {
	t.Helper()
	b, err := exec.Command(pdftotext, "-f", "1", "-l", "1", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(b)
}

// CheckFirstPage checks the text of page 1 of an official document: want
// in reading order, the issuer (a line holding issuerMark) beside the Party
// title, no placeholder left. It reports false after the first string of
// want that is missing, checking nothing further.
func CheckFirstPage(t testing.TB, page string, want []string, issuerMark string) bool {
	t.Helper()
	if !checkInOrder(t, page, want) {
		return false
	}
	for _, line := range strings.Split(page, "\n") {
		if strings.Contains(line, "ĐẢNG CỘNG SẢN VIỆT NAM") && !strings.Contains(line, issuerMark) {
			t.Errorf("issuer and Party title are not side by side: %q", line)
		}
	}
	if strings.Contains(page, "{") {
		t.Errorf("a placeholder reached the PDF:\n%s", page)
	}
	return true
}

// checkInOrder checks that page holds want in order, reporting false after
// the first one missing.
func checkInOrder(t testing.TB, page string, want []string) bool {
	t.Helper()
	pos := 0
	for _, w := range want {
		i := strings.Index(page[pos:], w)
		if i < 0 {
			t.Errorf("page 1 lacks %q after position %d:\n%s", w, pos, page)
			return false
		}
		pos += i
	}
	return true
}
