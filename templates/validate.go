package templates

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// wellFormed parses an XML part with encoding/xml: tags must match, there
// must be exactly one root element and nothing but whitespace, comments and
// processing instructions after it. This catches go-docx's truncated or
// doubled output (#23) and any invalid character.
func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []xml.Name
	roots := 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
				if roots > 1 {
					return fmt.Errorf("data after the root element: <%s>", qname(t.Name))
				}
			}
			stack = append(stack, t.Name)
		case xml.EndElement:
			if len(stack) == 0 {
				return fmt.Errorf("data after the root element: </%s>", qname(t.Name))
			}
			if top := stack[len(stack)-1]; top != t.Name {
				return fmt.Errorf("<%s> closed by </%s>", qname(top), qname(t.Name))
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
				if roots > 0 {
					return fmt.Errorf("data after the root element: %q", excerpt(string(t)))
				}
				return fmt.Errorf("text before the root element: %q", excerpt(string(t)))
			}
		case xml.Directive:
			return errors.New("DOCTYPE and other directives are not allowed")
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("<%s> is never closed", qname(stack[len(stack)-1]))
	}
	if roots == 0 {
		return errors.New("no root element")
	}
	return nil
}

// isXMLPart reports whether a package entry is XML: *.xml and *.rels.
func isXMLPart(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels")
}

// readEntry reads a zip entry, refusing more than limit bytes whatever its
// header claims.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	size := int64(f.UncompressedSize64)
	if size > limit || size < 0 {
		return nil, fmt.Errorf("%s: %d bytes uncompressed, more than the limit of %d", f.Name, f.UncompressedSize64, limit)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	n, err := io.Copy(buf, io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if n > limit {
		return nil, fmt.Errorf("%s: more than %d bytes uncompressed", f.Name, limit)
	}
	return buf.Bytes(), nil
}

// discardEntry reads an entry to its end, which makes archive/zip check its
// size and CRC-32.
func discardEntry(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(rc, maxPartSize)); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	return nil
}

func openZip(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

// validatePackage unzips a rendered package: every entry must be listed in
// a readable central directory, and the parts for which check returns true
// must decompress with a correct checksum and, if wellFormed is not nil,
// pass it.
func validatePackage(pkg []byte, check func(name string) bool, wellFormed func([]byte) error) error {
	zr, err := openZip(pkg)
	if err != nil {
		return fmt.Errorf("output is not a valid zip file: %w", err)
	}
	for _, f := range zr.File {
		if !check(f.Name) {
			continue
		}
		if wellFormed == nil {
			// Reading to the end verifies size and checksum.
			if err := discardEntry(f); err != nil {
				return fmt.Errorf("output: %w", err)
			}
			continue
		}
		data, err := readEntry(f, maxPartSize)
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		if err := wellFormed(data); err != nil {
			return fmt.Errorf("output part %s is not well-formed XML: %w", f.Name, err)
		}
	}
	return nil
}
