package pdfdoc_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vanthu/documents"
	"vanthu/documents/compose"
	"vanthu/documents/convert/libreoffice"
	"vanthu/documents/kind"
	"vanthu/documents/pades"
	"vanthu/documents/pdfdoc"
	"vanthu/documents/signing"
	"vanthu/templates"
)

// The number filled at issuing into an approved draft's PDF reads as the
// DOCX prints it, "Số 167-TB/TU" (pdftotext), for a three-digit number:
// the number field begins a space after "Số" and ends against the series.
func TestDraftNumberFieldReadsLikeTheDOCX(t *testing.T) {
	for _, tool := range []string{"soffice", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI (installed by .ci/test.sh)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	font, err := pades.FindFont()
	if err != nil {
		t.Skipf("no serif font: %v", err)
	}
	ctx := context.Background()
	reg, err := templates.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "examples", "thong-bao-ket-luan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var req documents.CreateRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	var data map[string]any
	if err := json.Unmarshal(req.Data, &data); err != nil {
		t.Fatal(err)
	}
	delete(data, "number")
	if req.Data, err = json.Marshal(data); err != nil {
		t.Fatal(err)
	}
	rec, docx, err := compose.NewRenderer(reg, kind.Rules{}).Render(req.Template, req.Data)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := libreoffice.Open(libreoffice.Options{Dir: filepath.Join(t.TempDir(), "lo"), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer conv.Close()
	pdf, err := conv.ConvertDOCX(ctx, docx)
	if err != nil {
		t.Fatal(err)
	}
	fields := pdfdoc.DraftFields(pdfdoc.New(nil, pdfdoc.Options{}), ctx, pdf, rec)
	if !slices.ContainsFunc(fields, func(f pades.FieldSpec) bool { return f.Name == pdfdoc.FieldNumber }) {
		t.Fatalf("the number field was not placed: %+v", fields)
	}
	draft, err := pades.AddFields(pdf, fields, pdfdoc.FieldApproval)
	if err != nil {
		t.Fatal(err)
	}
	signer, _, err := signing.LoadOrCreate(t.TempDir(), "Văn phòng Tỉnh ủy", "Tỉnh ủy Hòa Bình", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if keep := os.Getenv("VANTHU_KEEP_PDF"); keep != "" {
		dir = keep
	}
	// Three digits fill the blank; four are drawn smaller, not cut.
	for _, number := range []string{"05", "167", "1234"} {
		issued, err := pades.Sign(ctx, draft, pades.Options{Signer: pades.NewCMSSigner(signer, nil), Time: time.Now(),
			Fill: map[string]string{pdfdoc.FieldNumber: number}, Font: font})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "approved-"+number+".pdf")
		if err := os.WriteFile(path, issued, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if want := "Số " + number + "-TB/TU"; !slices.Contains(strings.Split(string(out), "\n"), want) {
			t.Errorf("page 1 lacks the line %q:\n%s", want, out)
		}
	}
}
