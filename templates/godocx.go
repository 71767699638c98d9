package templates

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	docx "github.com/lukasjarosch/go-docx"
)

// goDocxMu serialises every call into go-docx: OpenBytes resets package-level
// run and fragment counters, so concurrent use is a data race. Only Parse
// calls go-docx; Render never does, so renders do not wait on this lock.
var goDocxMu sync.Mutex

// goDocxNormalise lists the placeholders go-docx finds in pkg (braces
// included, duplicates kept) and replaces each with itself. go-docx writes
// a replaced value into the first fragment's w:t and empties the others, so
// every placeholder split across runs by Word (rsids, proofErr, formatting)
// comes out whole in one w:t.
func goDocxNormalise(pkg []byte) (list []string, out []byte, err error) {
	goDocxMu.Lock()
	defer goDocxMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			list, out, err = nil, nil, fmt.Errorf("go-docx panicked: %v", r)
		}
	}()
	doc, err := docx.OpenBytes(pkg)
	if err != nil {
		return nil, nil, fmt.Errorf("go-docx open: %w", err)
	}
	list, err = doc.GetPlaceHoldersList()
	if err != nil {
		return nil, nil, fmt.Errorf("go-docx list: %w", err)
	}
	identity := docx.PlaceholderMap{}
	for _, p := range list {
		identity[strings.TrimSuffix(strings.TrimPrefix(p, "{"), "}")] = p
	}
	if err := doc.ReplaceAll(identity); err != nil {
		return nil, nil, fmt.Errorf("go-docx replace: %w", err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, nil, fmt.Errorf("go-docx write: %w", err)
	}
	return list, buf.Bytes(), nil
}

// isFillPart reports whether the package part name holds placeholders that
// are filled: the main document, headers and footers. It uses go-docx's own
// patterns, so the parts Parse lints and those go-docx reads always agree.
func isFillPart(name string) bool {
	return name == docx.DocumentXml || docx.HeaderPathRegex.MatchString(name) || docx.FooterPathRegex.MatchString(name)
}
