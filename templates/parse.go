package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// maxPartSize bounds one decompressed part read by Parse or Render.
const maxPartSize = 50 << 20

// Template is a parsed, normalised DOCX template ready to render. It is
// immutable and safe for concurrent use.
type Template struct {
	manifest Manifest
	docx     []byte // the normalised package
	zr       *zip.Reader
	parts    []*partScan    // the parts Render rewrites, word/document.xml first
	partIdx  map[string]int // entry name -> index in parts
	max      int
}

// Manifest returns a copy of the template's manifest.
func (t *Template) Manifest() Manifest { return t.manifest.clone() }

// Name returns the template's name.
func (t *Template) Name() string { return t.manifest.Name }

// DOCX returns a copy of the normalised template file: every placeholder
// joined into one run. It opens in Word like the original.
func (t *Template) DOCX() []byte { return bytes.Clone(t.docx) }

// Parse checks a DOCX template against its manifest and prepares it for
// rendering. Everything that can be decided without values happens here,
// once: the file is linted (no "{{", no stray or unbalanced braces, valid
// placeholder names, block markers that pair up), runs that go-docx would
// misread are split, go-docx joins every placeholder split across runs into
// one (a ReplaceAll of each placeholder with itself), every XML part is
// checked to be well-formed, and the positions of paragraphs, rows, cells,
// blocks, placeholders and ids are recorded. The placeholders of the
// document and m.Placeholders must be the same set.
//
// Every error wraps ErrInvalidTemplate and says what to fix. Parse does not
// bound the size of its input: call ValidateUpload first for files from
// users.
func Parse(docx []byte, m Manifest) (t *Template, err error) {
	defer func() {
		// go-docx panics on some malformed input (#29); so may a bug here.
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("%w: the file could not be read (%v)", ErrInvalidTemplate, r)
		}
	}()
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%w: manifest: %w", ErrInvalidTemplate, err)
	}
	zr, err := openZip(docx)
	if err != nil {
		return nil, fmt.Errorf("%w: not a DOCX file: %v", ErrInvalidTemplate, err)
	}
	probs := &problems{}
	pkg, names, err := lintPackage(zr, probs)
	if err != nil {
		return nil, err
	}
	if pkg == nil {
		pkg = docx
	}
	found, normalised, err := goDocxNormalise(pkg)
	if err != nil {
		return nil, fmt.Errorf("%w: go-docx cannot read the file: %v", ErrInvalidTemplate, err)
	}
	if !sameNames(found, names) {
		return nil, fmt.Errorf("%w: go-docx reads the placeholders as %s but the text holds %s; check placeholders in text boxes, fields and tracked changes",
			ErrInvalidTemplate, braced(found), braced(names))
	}
	t, err = planPackage(normalised, m, probs)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// lintPackage lints the parts go-docx fills and splits the runs it would
// misread. It returns the package to hand to go-docx (nil: unchanged) and
// the placeholder names found.
func lintPackage(zr *zip.Reader, probs *problems) ([]byte, []string, error) {
	var names []string
	rewritten := map[string][]byte{}
	seen := map[string]bool{}
	hasDoc := false
	for _, f := range zr.File {
		if seen[f.Name] {
			return nil, nil, fmt.Errorf("%w: the file holds %s twice", ErrInvalidTemplate, f.Name)
		}
		seen[f.Name] = true
		notes := isNotesPart(f.Name)
		if !isFillPart(f.Name) && !notes {
			continue
		}
		hasDoc = hasDoc || f.Name == "word/document.xml"
		data, err := readEntry(f, maxPartSize)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
		}
		seen := len(probs.list)
		s, err := scanPart(f.Name, data, probs)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
		}
		if fixed := s.expandEmptyTexts(); fixed != nil && !notes {
			probs.list = probs.list[:seen]
			if s, err = scanPart(f.Name, fixed, probs); err != nil {
				return nil, nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
			}
			rewritten[f.Name] = fixed
		}
		if notes {
			for _, t := range s.texts {
				if bytes.ContainsAny(data[t.start:t.end], "{}") {
					probs.add("%s: placeholders are not filled in footnotes, endnotes or comments; remove the braces in %q", f.Name, excerpt(string(data[t.start:t.end])))
				}
			}
			continue
		}
		names = append(names, s.lint()...)
		if out := s.splitRuns(); out != nil {
			rewritten[f.Name] = out
		}
	}
	if !hasDoc {
		return nil, nil, fmt.Errorf("%w: not a Word document: word/document.xml is missing", ErrInvalidTemplate)
	}
	if err := probs.err(); err != nil {
		return nil, nil, err
	}
	if len(rewritten) == 0 {
		return nil, names, nil
	}
	pkg, err := replaceEntries(zr, rewritten)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
	}
	return pkg, names, nil
}

// isNotesPart reports the parts go-docx does not fill but a template author
// might put placeholders in.
func isNotesPart(name string) bool {
	switch name {
	case "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml":
		return true
	}
	return false
}

// replaceEntries copies a package, replacing the content of some entries.
func replaceEntries(zr *zip.Reader, repl map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data, ok := repl[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// planPackage checks the normalised package and records its structure.
func planPackage(pkg []byte, m Manifest, probs *problems) (*Template, error) {
	zr, err := openZip(pkg)
	if err != nil {
		return nil, fmt.Errorf("%w: go-docx wrote an unreadable file: %v", ErrInvalidTemplate, err)
	}
	t := &Template{manifest: m.clone(), docx: pkg, zr: zr, partIdx: map[string]int{}, max: m.MaxPlaceholders}
	if t.max <= 0 {
		t.max = DefaultMaxPlaceholders
	}
	docNames := map[string]bool{}
	markers := map[string]bool{}
	for _, f := range zr.File {
		if !isXMLPart(f.Name) && !isFillPart(f.Name) {
			continue
		}
		data, err := readEntry(f, maxPartSize)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
		}
		if err := wellFormed(data); err != nil {
			return nil, fmt.Errorf("%w: %s is not well-formed XML: %v", ErrInvalidTemplate, f.Name, err)
		}
		if !isFillPart(f.Name) || !isXMLPart(f.Name) {
			continue
		}
		s, err := scanPart(f.Name, data, probs)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidTemplate, err)
		}
		s.checkNormalised()
		s.plan()
		for _, o := range s.occs {
			docNames[o.path] = true
		}
		for _, b := range s.blocks {
			markers[b.path] = true
		}
		if len(s.occs) == 0 && len(s.blocks) == 0 {
			continue
		}
		if s.body {
			t.parts = append([]*partScan{s}, t.parts...)
		} else {
			t.parts = append(t.parts, s)
		}
	}
	for i, p := range t.parts {
		t.partIdx[p.name] = i
	}
	checkAgainstManifest(docNames, markers, m, probs)
	if err := probs.err(); err != nil {
		return nil, err
	}
	return t, nil
}

// checkAgainstManifest requires the document's placeholders and the
// manifest's list to be the same set.
func checkAgainstManifest(docNames, markers map[string]bool, m Manifest, probs *problems) {
	listed := map[string]bool{}
	for _, p := range m.Placeholders {
		listed[p] = true
	}
	var extra, missing []string
	for n := range docNames {
		if !listed[n] {
			extra = append(extra, n)
		}
	}
	for n := range listed {
		if !docNames[n] {
			missing = append(missing, n)
		}
	}
	if len(extra) > 0 {
		probs.add("the document uses placeholders the manifest does not list: %s; add them to \"placeholders\" or remove them from the document", braced(extra))
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		probs.add("the manifest lists placeholders the document does not contain: %s", strings.Join(missing, ", "))
	}
	for b := range markers {
		if listed[b] {
			probs.add("{#%s} marks a block but %s is also a placeholder of its own; a block needs a list", b, b)
		}
	}
}

// sameNames compares go-docx's placeholder list ("{a}", duplicates kept)
// with the names found by lint.
func sameNames(found, names []string) bool {
	if len(found) != len(names) {
		return false
	}
	a := make([]string, len(found))
	for i, f := range found {
		a[i] = strings.TrimSuffix(strings.TrimPrefix(f, "{"), "}")
	}
	b := slices.Clone(names)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
}

// braced formats names as a sorted, de-duplicated list of {name}.
func braced(names []string) string {
	set := map[string]bool{}
	var out []string
	for _, n := range names {
		n = "{" + strings.TrimSuffix(strings.TrimPrefix(n, "{"), "}") + "}"
		if !set[n] {
			set[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
