package convert

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
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
	found, err := FindTexts(ctx, pdf, phrase)
	if err != nil {
		return Box{}, err
	}
	b, ok := found[phrase]
	if !ok {
		return Box{}, fmt.Errorf("%w: %q", ErrTextNotFound, phrase)
	}
	return b, nil
}

// FindTexts is [FindText] for several phrases with one pdftotext run; the
// map holds the phrases found.
func FindTexts(ctx context.Context, pdf []byte, phrases ...string) (map[string]Box, error) {
	bin, path, cleanup, err := popplerInput("pdftotext", pdf)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	out, err := exec.CommandContext(ctx, bin, "-bbox", path, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("convert: pdftotext -bbox: %w", err)
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
		return nil, fmt.Errorf("convert: read pdftotext -bbox: %w", err)
	}
	found := map[string]Box{}
	for _, phrase := range phrases {
		want := strings.Fields(phrase)
		if len(want) == 0 {
			continue
		}
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
				found[phrase] = Box{Page: p + 1, MinX: first.XMin, MaxX: last.XMax,
					MinY: page.Height - max(first.YMax, last.YMax), MaxY: page.Height - min(first.YMin, last.YMin)}
			}
		}
	}
	return found, nil
}
