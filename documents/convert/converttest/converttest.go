// Package converttest holds the behaviour every [convert.Converter] driver
// must show, checked with independent tools (poppler's pdffonts, pdfinfo,
// pdftotext and pdftoppm, qpdf, and LibreOffice's own plain PDF export as the
// reference rendering of the DOCX). Drivers call [Run] from their tests.
package converttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"vanthu/documents/convert"
	"vanthu/templates"
)

// Example is a built-in example request rendered to DOCX.
type Example struct {
	Name string // file name without .json
	DOCX []byte
	Want []string // text that must appear on page 1, in reading order
}

// Examples renders the notice and the review report from templates/examples.
func Examples(t testing.TB) []Example {
	t.Helper()
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	cases := []Example{
		{Name: "thong-bao-ket-luan", Want: []string{"TỈNH ỦY HÒA BÌNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 167-TB/TU",
			"Hòa Bình, ngày 20 tháng 6 năm 2019", "THÔNG BÁO", "kết luận của Thường trực Tỉnh ủy"}},
		{Name: "bao-cao-danh-gia-xep-loai", Want: []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Số 412-BC/TU", "BÁO CÁO"}},
	}
	for i, c := range cases {
		cases[i].DOCX = renderExample(t, reg, c.Name, nil)
	}
	return cases
}

// repoRoot finds the module root from this source file's location.
func repoRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the source tree")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// RequireTools fails the test in CI and skips it elsewhere when one of the
// named programs is missing.
func RequireTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI (installed by .ci/test.sh)", n)
			}
			t.Skipf("%s not installed; install libreoffice-writer-nogui python3-uno poppler-utils qpdf to run", n)
		}
	}
}

// Run converts both examples with conv, two at a time, and checks each PDF
// with [CheckPDFA] and [CheckLayout]; it also checks that a cancelled
// context is honoured.
func Run(t *testing.T, conv convert.Converter) {
	RequireTools(t, "pdffonts", "pdfinfo", "pdftotext", "pdftoppm", "qpdf", "soffice")
	examples := Examples(t)
	pdfs := make([][]byte, len(examples))
	errs := make([]error, len(examples))
	var wg sync.WaitGroup
	for i, ex := range examples {
		wg.Go(func() { pdfs[i], errs[i] = conv.ConvertDOCX(context.Background(), ex.DOCX) })
	}
	wg.Wait()
	refs := ReferencePDFs(t, examples)
	for i, ex := range examples {
		t.Run(ex.Name, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatalf("convert: %v", errs[i])
			}
			if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
				os.WriteFile(filepath.Join(keep, ex.Name+".pdfa.pdf"), pdfs[i], 0o644)
				os.WriteFile(filepath.Join(keep, ex.Name+".ref.pdf"), refs[i], 0o644)
			}
			CheckPDFA(t, pdfs[i])
			CheckText(t, pdfs[i], ex.Want)
			CheckLayout(t, refs[i], pdfs[i])
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := conv.ConvertDOCX(ctx, examples[0].DOCX); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled context: got %v, want an error wrapping context.Canceled", err)
		}
	})
}

// ReferencePDFs converts the examples with a cold `soffice --convert-to pdf`
// (the plain export, no PDF/A): the rendering of the DOCX that the PDF/A
// must match page for page and line for line.
func ReferencePDFs(t testing.TB, examples []Example) [][]byte {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", dir}
	for _, ex := range examples {
		p := filepath.Join(dir, ex.Name+".docx")
		if err := os.WriteFile(p, ex.DOCX, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if out, err := exec.Command("soffice", args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to pdf: %v: %s", err, out)
	}
	refs := make([][]byte, len(examples))
	for i, ex := range examples {
		b, err := os.ReadFile(filepath.Join(dir, ex.Name+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		refs[i] = b
	}
	return refs
}

var fontLine = regexp.MustCompile(`^(\S+)\s+(.*?)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$`)

// CheckPDFA checks that pdf embeds every font (pdffonts), declares PDF/A-2b
// in its XMP metadata (pdfinfo -meta) and passes qpdf --check.
func CheckPDFA(t testing.TB, pdf []byte) {
	t.Helper()
	path := writeTemp(t, pdf)
	out := run(t, "pdffonts", path)
	fonts := 0
	for _, line := range strings.Split(out, "\n")[2:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := fontLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("pdffonts: unexpected line %q", line)
			continue
		}
		fonts++
		if m[3] != "yes" {
			t.Errorf("font %s is not embedded", m[1])
		}
	}
	if fonts == 0 {
		t.Errorf("pdffonts lists no font:\n%s", out)
	}
	meta := run(t, "pdfinfo", "-meta", path)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`pdfaid:part(>|=")2`),
		regexp.MustCompile(`pdfaid:conformance(>|=")B`),
	} {
		if !want.MatchString(meta) {
			t.Errorf("XMP metadata lacks %s:\n%s", want, meta)
		}
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// CheckText checks that page 1 of pdf holds want, in order, with its
// Vietnamese letters intact.
func CheckText(t testing.TB, pdf []byte, want []string) {
	t.Helper()
	page := run(t, "pdftotext", "-f", "1", "-l", "1", "-layout", writeTemp(t, pdf), "-")
	checkInOrder(t, page, want)
}

// CheckLayout checks that got has the pages of ref, each with the same
// lines of text, and that every page looks the same: rendered at 50 dpi, at
// most 0.5% of the pixels differ noticeably.
func CheckLayout(t testing.TB, ref, got []byte) {
	t.Helper()
	ctx := context.Background()
	nRef, err := convert.PageCount(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	nGot, err := convert.PageCount(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	if nRef != nGot {
		t.Fatalf("%d pages, the DOCX renders on %d", nGot, nRef)
	}
	refText, gotText := pageLines(t, ref), pageLines(t, got)
	for p := range refText {
		if refText[p] != gotText[p] {
			t.Errorf("page %d: lines differ from the DOCX rendering\nwant:\n%s\ngot:\n%s", p+1, refText[p], gotText[p])
		}
	}
	for p := 1; p <= nRef; p++ {
		a, err := convert.RenderPage(ctx, ref, p, 50)
		if err != nil {
			t.Fatal(err)
		}
		b, err := convert.RenderPage(ctx, got, p, 50)
		if err != nil {
			t.Fatal(err)
		}
		if frac, err := pixelDifference(a, b); err != nil {
			t.Errorf("page %d: %v", p, err)
		} else if frac > 0.005 {
			t.Errorf("page %d: %.2f%% of the pixels differ from the DOCX rendering", p, 100*frac)
		}
	}
}

// pageLines returns the text of each page, one trimmed line per line with
// runs of spaces collapsed.
func pageLines(t testing.TB, pdf []byte) []string {
	t.Helper()
	out := run(t, "pdftotext", "-layout", writeTemp(t, pdf), "-")
	space := regexp.MustCompile(`\s+`)
	pages := strings.Split(out, "\f")
	for i, p := range pages {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = strings.TrimSpace(space.ReplaceAllString(l, " ")); l != "" {
				lines = append(lines, l)
			}
		}
		pages[i] = strings.Join(lines, "\n")
	}
	return pages
}

// pixelDifference returns the fraction of pixels whose grey levels differ
// by more than a quarter of the range.
func pixelDifference(a, b []byte) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, fmt.Errorf("page sizes differ: %v and %v", ia.Bounds(), ib.Bounds())
	}
	r := ia.Bounds()
	diff := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if d := grey(ia, x, y) - grey(ib, x, y); d > 64 || d < -64 {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy()), nil
}

func grey(img image.Image, x, y int) int {
	r, g, b, _ := img.At(x, y).RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(pdf); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}
