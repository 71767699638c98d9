package templates

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits for staff-supplied template files.
const (
	// MaxUploadSize caps the .docx file as uploaded (compressed).
	MaxUploadSize = 10 << 20
	// MaxUploadEntries caps the files inside the .docx.
	MaxUploadEntries = 1000
	// MaxUploadUncompressed caps the total size of the files inside the .docx.
	MaxUploadUncompressed = 50 << 20
	// maxRatio caps how much one entry may expand; XML rarely exceeds 20:1.
	maxRatio = 200
	// ratioFloor exempts small entries from the ratio check.
	ratioFloor = 1 << 20
)

// ValidateUpload checks a staff-supplied .docx before Parse: its size, that
// it is a plain (unencrypted) zip without zip-bomb traits or tricky entry
// names, that it is a Word document, that it carries no macros and no
// relationships to external targets. Every error wraps ErrInvalidTemplate
// and says what is wrong.
func ValidateUpload(docx []byte) error {
	if err := validateUpload(docx); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidTemplate, err)
	}
	return nil
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK")
)

func validateUpload(docx []byte) error {
	if len(docx) > MaxUploadSize {
		return fmt.Errorf("the file is %d bytes; the limit is %d MiB", len(docx), MaxUploadSize>>20)
	}
	if bytes.HasPrefix(docx, oleMagic) {
		return errors.New("the file is encrypted (password-protected) or an old binary .doc; save it as an unprotected .docx")
	}
	if !bytes.HasPrefix(docx, zipMagic) {
		return errors.New("not a .docx file (it is not a zip archive)")
	}
	zr, err := openZip(docx)
	if err != nil {
		return fmt.Errorf("not a valid .docx file: %v", err)
	}
	if len(zr.File) > MaxUploadEntries {
		return fmt.Errorf("the file holds %d entries; the limit is %d", len(zr.File), MaxUploadEntries)
	}
	seen := map[string]bool{}
	var declared uint64
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return err
		}
		lower := strings.ToLower(f.Name)
		if seen[lower] {
			return fmt.Errorf("the entry %q appears twice", f.Name)
		}
		seen[lower] = true
		if f.Flags&0x1 != 0 {
			return fmt.Errorf("the entry %q is encrypted; save the document without a password", f.Name)
		}
		if f.Mode()&^0o777 != 0 && !f.Mode().IsDir() {
			return fmt.Errorf("the entry %q is not a regular file", f.Name)
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return fmt.Errorf("the entry %q uses an unsupported compression method %d", f.Name, f.Method)
		}
		base := strings.ToLower(path.Base(f.Name))
		if base == "vbaproject.bin" || base == "vbadata.xml" || strings.HasSuffix(base, ".docm") || strings.HasSuffix(base, ".dotm") {
			return fmt.Errorf("the file contains macros (%s); save it as a plain .docx without macros", f.Name)
		}
		declared += f.UncompressedSize64
	}
	if declared > MaxUploadUncompressed {
		return fmt.Errorf("the files inside add up to %d MiB uncompressed; the limit is %d MiB", declared>>20, MaxUploadUncompressed>>20)
	}
	if !seen["[content_types].xml"] {
		return errors.New("not a .docx file: [Content_Types].xml is missing")
	}
	if !seen["word/document.xml"] {
		return errors.New("not a Word document: word/document.xml is missing")
	}
	var total int64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		data, err := readLimited(f, MaxUploadUncompressed-total)
		if err != nil {
			return err
		}
		total += int64(len(data))
		if err := checkEntryContent(f.Name, data); err != nil {
			return err
		}
	}
	return nil
}

// checkEntryName refuses names that could escape a directory when
// extracted or that differ between zip tools.
func checkEntryName(name string) error {
	bad := func(why string) error { return fmt.Errorf("the entry name %q is not allowed: %s", name, why) }
	switch {
	case name == "":
		return bad("empty")
	case strings.ContainsRune(name, '\\'):
		return bad("backslash")
	case strings.ContainsRune(name, 0):
		return bad("NUL character")
	case strings.HasPrefix(name, "/"), len(name) >= 2 && name[1] == ':':
		return bad("absolute path")
	}
	for _, seg := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		if seg == ".." || seg == "." || seg == "" {
			return bad("relative path component")
		}
	}
	return nil
}

// readLimited decompresses an entry, stopping at the remaining total budget
// or when the entry expands more than maxRatio: the sizes in the zip header
// are not trusted.
func readLimited(f *zip.File, budget int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("the entry %q cannot be read: %v", f.Name, err)
	}
	defer rc.Close()
	limit := budget
	if allowed := max(ratioFloor, int64(f.CompressedSize64)*maxRatio); allowed < limit {
		limit = allowed
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("the entry %q is damaged: %v", f.Name, err)
	}
	if n > limit {
		if limit < budget {
			return nil, fmt.Errorf("the entry %q expands more than %d times (a zip bomb?)", f.Name, maxRatio)
		}
		return nil, fmt.Errorf("the files inside add up to more than %d MiB uncompressed", MaxUploadUncompressed>>20)
	}
	return buf.Bytes(), nil
}

// checkEntryContent refuses macro-enabled content types, VBA projects and
// embedded objects whatever their part names, relationships to external
// targets (links, remote templates, linked images) and fields that pull
// content from outside the document.
func checkEntryContent(name string, data []byte) error {
	lower := strings.ToLower(name)
	if bytes.HasPrefix(data, oleMagic) {
		// An OLE compound file inside a .docx is a VBA project or an
		// embedded object, whatever the part is called.
		if bytes.Contains(data, vbaStream) || bytes.Contains(data, []byte("_VBA_PROJECT")) {
			return fmt.Errorf("the file contains macros (a VBA project in %s); save it as a plain .docx without macros", name)
		}
		return fmt.Errorf("the file contains an embedded object (%s); templates must not embed OLE objects or packages", name)
	}
	switch {
	case lower == "[content_types].xml":
		if bytes.Contains(bytes.ToLower(data), []byte("macroenabled")) {
			return errors.New("the file is macro-enabled (.docm or .dotm); save it as a plain .docx")
		}
		if err := wellFormed(data); err != nil {
			return fmt.Errorf("[Content_Types].xml is not well-formed XML: %v", err)
		}
		return checkContentTypes(data)
	case strings.HasSuffix(lower, ".rels"):
		return checkRels(name, data)
	case strings.HasPrefix(lower, "word/embeddings/"):
		return fmt.Errorf("the file contains an embedded object (%s); templates must not embed OLE objects or packages", name)
	case strings.HasPrefix(lower, "word/") && strings.HasSuffix(lower, ".xml"):
		return checkFieldCodes(name, data)
	}
	return nil
}

// vbaStream is the name of the stream every VBA project holds, as it is
// stored in a compound file (UTF-16LE).
var vbaStream = []byte("_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T\x00")

// Content types and relationship types of parts a template must not have.
const (
	vbaContentType = "application/vnd.ms-office.vbaproject"
	oleContentType = "application/vnd.openxmlformats-officedocument.oleobject"
)

// checkContentTypes refuses a VBA project or an embedded object declared
// by content type, whatever its part name or extension.
func checkContentTypes(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("[Content_Types].xml is not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var part, ct string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "PartName", "Extension":
				part = a.Value
			case "ContentType":
				ct = strings.ToLower(a.Value)
			}
		}
		switch {
		case strings.HasPrefix(ct, vbaContentType), strings.Contains(ct, "ms-office.vba"):
			return fmt.Errorf("the file contains macros (%s is declared a VBA project); save it as a plain .docx without macros", part)
		case strings.HasPrefix(ct, oleContentType), strings.Contains(ct, "activex"):
			return fmt.Errorf("the file contains an embedded object (%s is declared %s); templates must not embed OLE objects or controls", part, ct)
		}
	}
}

// refusedFields are the field codes that pull content from outside the
// document when it is opened or updated.
var refusedFields = map[string]string{
	"INCLUDETEXT":    "includes the text of another file",
	"INCLUDEPICTURE": "includes a picture from another file or address",
	"LINK":           "links to content of another application",
	"DDE":            "runs a DDE link to another application",
	"DDEAUTO":        "runs a DDE link to another application automatically",
	"IMPORT":         "imports a picture from another file",
	"INCLUDE":        "includes the text of another file",
}

// checkFieldCodes refuses fields (complex fields and w:fldSimple) whose code
// pulls external content.
func checkFieldCodes(name string, data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var codes []*strings.Builder // instructions of the open complex fields
	inInstr := false
	check := func(code string) error {
		f := strings.Fields(strings.ToUpper(code))
		if len(f) == 0 {
			return nil
		}
		if why, bad := refusedFields[f[0]]; bad {
			return fmt.Errorf("%s has a %s field, which %s (%q); templates must not pull content from outside the document", name, f[0], why, excerpt(strings.TrimSpace(code)))
		}
		return nil
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // well-formedness is checked when the template is parsed
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "fldSimple":
				for _, a := range t.Attr {
					if a.Name.Local == "instr" {
						if err := check(a.Value); err != nil {
							return err
						}
					}
				}
			case "fldChar":
				for _, a := range t.Attr {
					if a.Name.Local != "fldCharType" {
						continue
					}
					switch a.Value {
					case "begin":
						codes = append(codes, &strings.Builder{})
					case "separate", "end":
						if n := len(codes); n > 0 {
							if err := check(codes[n-1].String()); err != nil {
								return err
							}
							if a.Value == "end" {
								codes = codes[:n-1]
							}
						}
					}
				}
			case "instrText":
				inInstr = true
			}
		case xml.EndElement:
			if t.Name.Local == "instrText" {
				inInstr = false
			}
		case xml.CharData:
			if inInstr && len(codes) > 0 {
				codes[len(codes)-1].Write(t)
			}
		}
	}
}

func checkRels(name string, data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s is not well-formed XML: %v", name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		var mode, target, typ string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "TargetMode":
				mode = a.Value
			case "Target":
				target = a.Value
			case "Type":
				typ = a.Value
			}
		}
		if strings.EqualFold(mode, "External") {
			return fmt.Errorf("%s links to an external target %q (%s); templates must not contain hyperlinks, linked images or remote templates", name, excerpt(target), path.Base(typ))
		}
		if looksExternal(target) {
			return fmt.Errorf("%s points outside the document (%q, %s) without declaring TargetMode=\"External\"; templates must not contain links to other files or addresses", name, excerpt(target), path.Base(typ))
		}
		switch kind := strings.ToLower(path.Base(typ)); kind {
		case "vbaproject", "wordvbadata", "keymapcustomizations":
			return fmt.Errorf("the file contains macros (%s has a %s relationship); save it as a plain .docx without macros", name, path.Base(typ))
		case "oleobject", "package", "control", "activexcontrol", "activexcontrolbinary":
			return fmt.Errorf("the file contains an embedded object (%s has a %s relationship to %q); templates must not embed OLE objects, packages or controls", name, path.Base(typ), excerpt(target))
		}
	}
}

// looksExternal reports whether a relationship target names something
// outside the package: a URL, a UNC or absolute file path.
func looksExternal(target string) bool {
	t := strings.ToLower(strings.TrimSpace(target))
	switch {
	case strings.Contains(t, "://"), strings.HasPrefix(t, `\\`), strings.HasPrefix(t, "//"),
		strings.HasPrefix(t, "file:"), strings.HasPrefix(t, "mailto:"), strings.HasPrefix(t, "mhtml:"),
		len(t) >= 2 && t[1] == ':' && t[0] >= 'a' && t[0] <= 'z':
		return true
	}
	return false
}
