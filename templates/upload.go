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

// checkEntryContent refuses macro-enabled content types and relationships
// to external targets (links, remote templates, linked images).
func checkEntryContent(name string, data []byte) error {
	lower := strings.ToLower(name)
	switch {
	case lower == "[content_types].xml":
		if bytes.Contains(bytes.ToLower(data), []byte("macroenabled")) {
			return errors.New("the file is macro-enabled (.docm or .dotm); save it as a plain .docx")
		}
		if err := wellFormed(data); err != nil {
			return fmt.Errorf("[Content_Types].xml is not well-formed XML: %v", err)
		}
	case strings.HasSuffix(lower, ".rels"):
		return checkRels(name, data)
	}
	return nil
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
	}
}
