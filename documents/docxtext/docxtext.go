// Package docxtext reads the text a reader sees in a DOCX: what is
// stored as a document's text, indexed and searched, and checked for
// citations and figures.
package docxtext

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxXMLPart bounds how much of one XML part is read when extracting text.
const maxXMLPart = 64 << 20

// VisibleText returns the text a reader sees in the body of a DOCX: one line
// per paragraph, tabs and line breaks kept. Headers and footers are left out.
func VisibleText(docx []byte) (string, error) {
	zr, err := zipReader(docx)
	if err != nil {
		return "", fmt.Errorf("read docx: %w", err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("open document.xml: %w", err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxXMLPart))
		if err != nil {
			return "", fmt.Errorf("read document.xml: %w", err)
		}
		if bytes.Contains(b, []byte(wordNS)) {
			if text, ok := scanText(b); ok {
				return text, nil
			}
		}
		return paragraphsText(bytes.NewReader(b))
	}
	return "", fmt.Errorf("read docx: word/document.xml missing")
}

func paragraphsText(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var out, para strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("parse document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				para.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if s := strings.TrimSpace(para.String()); s != "" {
					out.WriteString(s)
					out.WriteByte('\n')
				}
				para.Reset()
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return out.String(), nil
}

// wordNS declares the usual "w" prefix of WordprocessingML.
const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// scanText is a fast path of paragraphsText for documents that use the "w"
// prefix: a single pass over the bytes looking only at w:t, w:tab, w:br,
// w:cr and w:p tags. It gives up (ok false) on anything it does not expect,
// and the caller then uses the XML decoder.
func scanText(b []byte) (string, bool) {
	var out, para strings.Builder
	inText := false
	for i := 0; i < len(b); {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			if inText {
				if !unescapeInto(&para, b[i:i+j]) {
					return "", false
				}
			}
			i += j
			continue
		}
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			return "", false
		}
		tag := b[i+1 : i+end]
		i += end + 1
		if len(tag) > 0 && (tag[0] == '?' || tag[0] == '!') {
			if bytes.HasPrefix(tag, []byte("![CDATA[")) {
				return "", false
			}
			continue
		}
		closing := len(tag) > 0 && tag[0] == '/'
		if closing {
			tag = tag[1:]
		}
		selfClosing := len(tag) > 0 && tag[len(tag)-1] == '/'
		name := tag
		if k := bytes.IndexAny(name, " \t\r\n/"); k >= 0 {
			name = name[:k]
		}
		switch string(name) {
		case "w:t":
			inText = !closing && !selfClosing
		case "w:tab":
			if !closing {
				para.WriteByte('\t')
			}
		case "w:br", "w:cr":
			if !closing {
				para.WriteByte('\n')
			}
		case "w:p":
			if closing || selfClosing {
				if s := strings.TrimSpace(para.String()); s != "" {
					out.WriteString(s)
					out.WriteByte('\n')
				}
				para.Reset()
			}
		}
	}
	return out.String(), true
}

// unescapeInto writes XML character data with its entities decoded.
func unescapeInto(w *strings.Builder, b []byte) bool {
	for len(b) > 0 {
		k := bytes.IndexByte(b, '&')
		if k < 0 {
			w.Write(b)
			return true
		}
		w.Write(b[:k])
		b = b[k:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 {
			return false
		}
		ent := string(b[1:semi])
		switch ent {
		case "amp":
			w.WriteByte('&')
		case "lt":
			w.WriteByte('<')
		case "gt":
			w.WriteByte('>')
		case "quot":
			w.WriteByte('"')
		case "apos":
			w.WriteByte('\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return false
			}
			var r int64
			var err error
			if ent[1] == 'x' {
				r, err = strconv.ParseInt(ent[2:], 16, 32)
			} else {
				r, err = strconv.ParseInt(ent[1:], 10, 32)
			}
			if err != nil {
				return false
			}
			w.WriteRune(rune(r))
		}
		b = b[semi+1:]
	}
	return true
}

func zipReader(docx []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
}
