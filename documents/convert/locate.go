package convert

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrTextNotFound means [FindText] did not find the text.
var ErrTextNotFound = errors.New("convert: text not found in the PDF")

// Box is where a phrase was found: its page (from 1) and its bounding box
// in PDF points from the page's lower left corner.
type Box struct {
	Page                   int
	MinX, MinY, MaxX, MaxY float64
}

// FindText returns the last place where phrase (words separated by
// spaces) is printed in pdf, read with poppler's pdftotext -bbox. The
// signature block is found this way, by the signer's name under it.
func FindText(ctx context.Context, pdf []byte, phrase string) (Box, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return Box{}, fmt.Errorf("%w: pdftotext not found; install poppler-utils", ErrUnavailable)
	}
	dir, path, err := tempPDF(pdf)
	if err != nil {
		return Box{}, err
	}
	defer os.RemoveAll(dir)
	out, err := exec.CommandContext(ctx, bin, "-bbox", path, "-").Output()
	if err != nil {
		return Box{}, fmt.Errorf("convert: pdftotext -bbox: %w", err)
	}
	var doc struct {
		Pages []struct {
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		return Box{}, fmt.Errorf("convert: read pdftotext -bbox: %w", err)
	}
	want := strings.Fields(phrase)
	if len(want) == 0 {
		return Box{}, fmt.Errorf("%w: empty phrase", ErrTextNotFound)
	}
	found := Box{}
	for p, page := range doc.Pages {
		for i := 0; i+len(want) <= len(page.Words); i++ {
			match := true
			for j, w := range want {
				if page.Words[i+j].Text != w {
					match = false
					break
				}
			}
			if !match {
				continue
			}
			first, last := page.Words[i], page.Words[i+len(want)-1]
			found = Box{Page: p + 1, MinX: first.XMin, MaxX: last.XMax,
				MinY: page.Height - max(first.YMax, last.YMax), MaxY: page.Height - min(first.YMin, last.YMin)}
		}
	}
	if found.Page == 0 {
		return Box{}, fmt.Errorf("%w: %q", ErrTextNotFound, phrase)
	}
	return found, nil
}
