package statcheck

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits of a DOCX given to [CheckDOCX].
const (
	// MaxDOCXText is the most text read from word/document.xml, in bytes of
	// XML; a larger (or zip-bombed) part is refused.
	MaxDOCXText = 32 << 20
)

// ErrNotDOCX is returned by [ExtractDOCX] and [CheckDOCX] for data that is
// not a Word document (no word/document.xml in a ZIP archive).
var ErrNotDOCX = errors.New("statcheck: not a DOCX document")

// ExtractDOCX returns the text of a Word document as [Check] reads it: one
// line per paragraph, and one line per table row with its cells separated
// by tabs, tables set off by blank lines. Text boxes and nested tables are
// read in place; headers, footers and notes are left out.
func ExtractDOCX(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotDOCX, err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
			break
		}
	}
	if part == nil {
		return "", fmt.Errorf("%w: no word/document.xml", ErrNotDOCX)
	}
	rc, err := part.Open()
	if err != nil {
		return "", fmt.Errorf("%w: open word/document.xml: %v", ErrNotDOCX, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: MaxDOCXText + 1}
	text, err := documentText(lr)
	if lr.N <= 0 {
		return "", fmt.Errorf("%w: word/document.xml is larger than %d bytes", ErrNotDOCX, MaxDOCXText)
	}
	if err != nil {
		return "", fmt.Errorf("%w: read word/document.xml: %v", ErrNotDOCX, err)
	}
	return text, nil
}

// documentText walks the WordprocessingML body.
func documentText(r io.Reader) (string, error) {
	const w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	dec := xml.NewDecoder(r)
	var out strings.Builder
	var para, cell strings.Builder
	var cells []string
	tableDepth, cellDepth := 0, 0
	inText := false
	flushPara := func() {
		p := para.String()
		para.Reset()
		if cellDepth > 0 {
			if cell.Len() > 0 && p != "" {
				cell.WriteByte(' ')
			}
			cell.WriteString(strings.ReplaceAll(p, "\t", " "))
			return
		}
		out.WriteString(p)
		out.WriteByte('\n')
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "tbl":
				if tableDepth == 0 {
					out.WriteByte('\n')
				}
				tableDepth++
			case "tr":
				if tableDepth == 1 {
					cells = cells[:0]
				}
			case "tc":
				if tableDepth == 1 {
					cellDepth++
					cell.Reset()
				}
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				para.WriteByte(' ')
			}
		case xml.EndElement:
			if t.Name.Space != w {
				continue
			}
			switch t.Name.Local {
			case "p":
				flushPara()
			case "t":
				inText = false
			case "tc":
				if tableDepth == 1 {
					cells = append(cells, strings.TrimSpace(cell.String()))
					cellDepth--
				}
			case "tr":
				if tableDepth == 1 {
					out.WriteString(strings.Join(cells, "\t"))
					out.WriteByte('\n')
				}
			case "tbl":
				tableDepth--
				if tableDepth == 0 {
					out.WriteByte('\n')
				}
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return out.String(), nil
}

// CheckDOCX checks the figures of a Word document, its tables included:
// the text of [ExtractDOCX] is checked with [Check], and Report.Text holds
// it, since the claims' offsets point into it.
func CheckDOCX(data []byte) (Report, error) {
	text, err := ExtractDOCX(data)
	if err != nil {
		return Report{}, err
	}
	rep := Check(text)
	rep.Text = text
	return rep, nil
}
