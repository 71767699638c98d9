package templates

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The structure of one WordprocessingML part, found once at load with
// encoding/xml RawToken and InputOffset: byte offsets into the part, never a
// re-serialised tree. Rendering copies byte ranges of the source between
// these offsets.

type nodeKind uint8

const (
	kindBody nodeKind = iota + 1
	kindP
	kindTbl
	kindTr
	kindTc
)

var nodeKinds = map[string]nodeKind{"body": kindBody, "p": kindP, "tbl": kindTbl, "tr": kindTr, "tc": kindTc}

type itemKind uint8

const (
	itemNode itemKind = iota + 1
	itemBlock
	itemPatch
)

// item is a piece of a node's content that rendering handles itself; the
// bytes between items are copied as they are.
type item struct {
	kind       itemKind
	start, end int // source bytes the item stands for
	index      int // into nodes, blocks or patches
}

// node is a w:body, w:p, w:tbl, w:tr or w:tc element.
type node struct {
	kind       nodeKind
	start, end int    // the whole element
	endTag     int    // start of its end tag; end when self-closing
	xmlParent  string // qualified name of the enclosing element, e.g. "w:tc"
	items      []item // child nodes, blocks and patches, in document order
	// unitOccs lists the placeholders this node may repeat for: those whose
	// innermost table row (tr) or innermost paragraph (p) it is.
	unitOccs []int
	sectPr   bool   // a paragraph holding w:sectPr (a section break)
	rows     int    // tbl: its rows in the template
	text     []byte // p: raw content of its w:t elements
	markers  []string
}

type patchKind uint8

const (
	patchPlaceholder patchKind = iota + 1
	patchParaID
	patchTextID
	patchBookmarkID
	patchBookmarkName
	patchDocPrID
)

// patch is a span rendering rewrites: a placeholder (braces included) or an
// id attribute value that must stay unique when its element is cloned.
type patch struct {
	kind       patchKind
	start, end int
	value      string // original attribute value; placeholder path
	occ        int    // placeholders: index into occs
}

// occ is one placeholder occurrence.
type occ struct {
	path     string
	segs     []string
	prefixes []string // prefixes[d] is the first d segments joined with "."
	innerP   int      // innermost paragraph node, -1 if none
	innerTR  int      // innermost table row node, -1 if none
	pos      int      // offset of its "{"
	blocks   []string // paths of the blocks around it
}

// block is the content between a {#path} and a {/path} paragraph.
type block struct {
	path                 string
	segs                 []string
	prefixes             []string
	start, end           int // opening marker start to closing marker end
	innerStart, innerEnd int // between the markers
	items                []item
}

// textSeg is the content of one w:t element.
type textSeg struct {
	tagStart   int // the '<' of <w:t>
	start, end int // content
	p, tr      int
	run        int
	direct     bool // a direct child of its run
	empty      bool // written <w:t/>
}

// runInfo is a w:r element and the w:t elements directly inside it.
type runInfo struct {
	start, openEnd, endTag, end int
	rPrStart, rPrEnd            int // -1 when the run has no w:rPr
	texts                       []int
	nested                      bool // a w:t deeper inside the run
}

type frame struct {
	name  string
	node  int
	run   int
	text  int
	start int
}

// partScan is the scanned structure of one part.
type partScan struct {
	name    string
	src     []byte
	body    bool // word/document.xml: blocks and repeated units allowed
	nodes   []node
	top     []item // items outside every node
	patches []patch
	occs    []occ
	blocks  []block
	texts   []textSeg
	runs    []runInfo
	// maxima of the id values, for fresh ids in clones
	maxHex      uint64
	maxBookmark int
	maxDocPr    int
	names       map[string]bool // bookmark names
	probs       *problems
}

// problems collects the reasons a template is refused.
type problems struct{ list []string }

const maxProblems = 20

func (p *problems) add(format string, args ...any) {
	if len(p.list) < maxProblems {
		p.list = append(p.list, fmt.Sprintf(format, args...))
	}
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalidTemplate, strings.Join(p.list, "; "))
}

// scanPart reads the structure of a part. Malformed XML is returned as an
// error; template problems are added to probs.
func scanPart(name string, src []byte, probs *problems) (*partScan, error) {
	s := &partScan{name: name, src: src, body: name == "word/document.xml", names: map[string]bool{}, probs: probs}
	if err := s.scan(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (s *partScan) scan() error {
	dec := xml.NewDecoder(bytes.NewReader(s.src))
	var stack []frame
	innermost := func(kind nodeKind) int {
		for i := len(stack) - 1; i >= 0; i-- {
			if n := stack[i].node; n >= 0 && s.nodes[n].kind == kind {
				return n
			}
		}
		return -1
	}
	curNode := func() int {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].node >= 0 {
				return stack[i].node
			}
		}
		return -1
	}
	addItem := func(it item) {
		if n := curNode(); n >= 0 {
			s.nodes[n].items = append(s.nodes[n].items, it)
		} else {
			s.top = append(s.top, it)
		}
	}
	seenRoot := false
	for {
		off := int(dec.InputOffset())
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		end := int(dec.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if seenRoot {
					return errors.New("malformed XML: more than one root element")
				}
				seenRoot = true
			}
			f := frame{name: qname(t.Name), node: -1, run: -1, text: -1, start: off}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1].name
			}
			if t.Name.Space == "w" {
				if k, ok := nodeKinds[t.Name.Local]; ok {
					addItem(item{kind: itemNode, start: off, index: len(s.nodes)})
					f.node = len(s.nodes)
					s.nodes = append(s.nodes, node{kind: k, start: off, xmlParent: parent})
				}
				switch t.Name.Local {
				case "r":
					f.run = len(s.runs)
					s.runs = append(s.runs, runInfo{start: off, openEnd: end, rPrStart: -1, rPrEnd: -1})
				case "rPr":
					if len(stack) > 0 && stack[len(stack)-1].run >= 0 {
						s.runs[stack[len(stack)-1].run].rPrStart = off
					}
				case "t":
					r, direct := -1, false
					for i := len(stack) - 1; i >= 0; i-- {
						if stack[i].run >= 0 {
							r, direct = stack[i].run, i == len(stack)-1
							break
						}
					}
					f.text = len(s.texts)
					s.texts = append(s.texts, textSeg{tagStart: off, start: end, p: innermost(kindP), tr: innermost(kindTr), run: r, direct: direct,
						empty: s.src[end-2] == '/'})
					if r >= 0 {
						if direct {
							s.runs[r].texts = append(s.runs[r].texts, f.text)
						} else {
							s.runs[r].nested = true
						}
					}
				case "sectPr":
					if p := innermost(kindP); p >= 0 {
						s.nodes[p].sectPr = true
					}
				}
			}
			stack = append(stack, f)
			s.attrPatches(t, off, end, addItem)
		case xml.EndElement:
			if len(stack) == 0 {
				return fmt.Errorf("malformed XML: unexpected </%s>", qname(t.Name))
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.name != qname(t.Name) {
				return fmt.Errorf("malformed XML: <%s> closed by </%s>", f.name, qname(t.Name))
			}
			if f.node >= 0 {
				n := &s.nodes[f.node]
				n.end, n.endTag = end, off
				s.setItemEnd(f.node, stack, end)
			}
			if f.run >= 0 {
				s.runs[f.run].endTag, s.runs[f.run].end = off, end
			}
			if f.name == "w:rPr" && len(stack) > 0 && stack[len(stack)-1].run >= 0 {
				s.runs[stack[len(stack)-1].run].rPrEnd = end
			}
			if f.text >= 0 {
				s.texts[f.text].end = off
				s.endText(f.text, addItem)
			}
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return errors.New("malformed XML: text outside the root element")
				}
				continue
			}
			top := stack[len(stack)-1]
			if top.text < 0 && bytes.ContainsAny(t, "{}") {
				s.probs.add("%s: braces in <%s> (%q) are not allowed; placeholders belong in ordinary text", s.name, top.name, excerpt(string(t)))
			}
		case xml.Directive:
			return errors.New("DOCTYPE and other directives are not allowed")
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("malformed XML: <%s> is never closed", stack[len(stack)-1].name)
	}
	if !seenRoot {
		return errors.New("malformed XML: no root element")
	}
	return nil
}

// setItemEnd records the end of the item standing for node n in its parent.
func (s *partScan) setItemEnd(n int, stack []frame, end int) {
	items := &s.top
	for i := len(stack) - 1; i >= 0; i-- {
		if p := stack[i].node; p >= 0 {
			items = &s.nodes[p].items
			break
		}
	}
	for i := len(*items) - 1; i >= 0; i-- {
		if it := &(*items)[i]; it.kind == itemNode && it.index == n {
			it.end = end
			return
		}
	}
}

// endText finishes a w:t element: records its text in its paragraph and a
// patch for each complete placeholder inside it.
func (s *partScan) endText(ti int, addItem func(item)) {
	t := s.texts[ti]
	raw := s.src[t.start:t.end]
	if bytes.IndexByte(raw, '<') >= 0 {
		s.probs.add("%s: comments and CDATA sections inside text (w:t) are not supported", s.name)
		return
	}
	if t.p >= 0 {
		s.nodes[t.p].text = append(s.nodes[t.p].text, raw...)
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '{' {
			continue
		}
		j := bytes.IndexByte(raw[i:], '}')
		if j < 0 {
			return // split placeholder: reported by lint before normalisation, by checkNormalised after
		}
		if k := bytes.IndexByte(raw[i+1:i+j], '{'); k >= 0 {
			i += k
			continue
		}
		name := string(raw[i+1 : i+j])
		start, end := t.start+i, t.start+i+j+1
		i += j
		if strings.HasPrefix(name, "#") || strings.HasPrefix(name, "/") {
			if t.p >= 0 {
				s.nodes[t.p].markers = append(s.nodes[t.p].markers, name)
			}
			continue
		}
		segs := strings.Split(name, ".")
		s.occs = append(s.occs, occ{path: name, segs: segs, prefixes: prefixesOf(segs), innerP: t.p, innerTR: t.tr, pos: start})
		s.patches = append(s.patches, patch{kind: patchPlaceholder, start: start, end: end, value: name, occ: len(s.occs) - 1})
		addItem(item{kind: itemPatch, start: start, end: end, index: len(s.patches) - 1})
	}
}

// attrPatches records the id attributes of a start tag that clones must
// renumber: w14:paraId, w14:textId, bookmark ids and names, wp:docPr ids.
func (s *partScan) attrPatches(t xml.StartElement, off, end int, addItem func(item)) {
	for _, a := range t.Attr {
		var kind patchKind
		switch {
		case a.Name.Space == "w14" && a.Name.Local == "paraId":
			kind = patchParaID
		case a.Name.Space == "w14" && a.Name.Local == "textId":
			kind = patchTextID
		case t.Name.Space == "w" && (t.Name.Local == "bookmarkStart" || t.Name.Local == "bookmarkEnd") && a.Name.Space == "w" && a.Name.Local == "id":
			kind = patchBookmarkID
		case t.Name.Space == "w" && t.Name.Local == "bookmarkStart" && a.Name.Space == "w" && a.Name.Local == "name":
			kind = patchBookmarkName
		case t.Name.Space == "wp" && t.Name.Local == "docPr" && a.Name.Space == "" && a.Name.Local == "id":
			kind = patchDocPrID
		default:
			continue
		}
		vs, ve, ok := attrSpan(s.src[off:end], qname(a.Name))
		if !ok {
			continue
		}
		switch kind {
		case patchParaID, patchTextID:
			if v, err := strconv.ParseUint(a.Value, 16, 32); err == nil && v > s.maxHex {
				s.maxHex = v
			}
		case patchBookmarkID:
			if v, err := strconv.Atoi(a.Value); err == nil && v > s.maxBookmark {
				s.maxBookmark = v
			}
		case patchDocPrID:
			if v, err := strconv.Atoi(a.Value); err == nil && v > s.maxDocPr {
				s.maxDocPr = v
			}
		case patchBookmarkName:
			s.names[a.Value] = true
		}
		s.patches = append(s.patches, patch{kind: kind, start: off + vs, end: off + ve, value: a.Value, occ: -1})
		addItem(item{kind: itemPatch, start: off + vs, end: off + ve, index: len(s.patches) - 1})
	}
}

// attrSpan finds the value of attribute name in a well-formed start tag and
// returns its offsets inside tag, quotes excluded.
func attrSpan(tag []byte, name string) (int, int, bool) {
	i := 1
	for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++ // element name
	}
	for i < len(tag) {
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			return 0, 0, false
		}
		ns := i
		for i < len(tag) && tag[i] != '=' && !isXMLSpace(tag[i]) {
			i++
		}
		an := string(tag[ns:i])
		for i < len(tag) && (isXMLSpace(tag[i]) || tag[i] == '=') {
			i++
		}
		if i >= len(tag) {
			return 0, 0, false
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		if an == name {
			return vs, i, true
		}
		i++
	}
	return 0, 0, false
}

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// excerpt shortens text for an error message.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "..."
}

// paragraphText is the visible text of a paragraph for messages.
func paragraphText(raw []byte) string { return excerpt(html.UnescapeString(string(raw))) }
