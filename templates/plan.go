package templates

import (
	"html"
	"strings"
)

// plan turns a scanned, normalised part into what rendering walks: marker
// paragraphs grouped into blocks and, in the body, every placeholder
// registered with the row and paragraph that may repeat for it.
func (s *partScan) plan() {
	s.checkMarkers()
	if len(s.probs.list) > 0 {
		return
	}
	for i := range s.nodes {
		n := &s.nodes[i]
		switch n.kind {
		case kindBody, kindTc:
			n.items = s.group(n.items)
		case kindTbl:
			for _, it := range n.items {
				if it.kind == itemNode && s.nodes[it.index].kind == kindTr {
					n.rows++
				}
			}
		}
	}
	for _, b := range s.blocks {
		for i := range s.occs {
			if o := &s.occs[i]; o.pos >= b.innerStart && o.pos < b.innerEnd {
				o.blocks = append(o.blocks, b.path)
			}
		}
		for i := range s.nodes {
			if n := s.nodes[i]; n.sectPr && n.start >= b.innerStart && n.end <= b.innerEnd {
				s.probs.add(`%s: the block {#%s} contains a section break; move the section break out of the block`, s.name, b.path)
			}
		}
	}
	if !s.body {
		return
	}
	for oi, o := range s.occs {
		if len(o.segs) < 2 {
			continue // a plain scalar never repeats anything
		}
		if o.innerTR >= 0 {
			s.nodes[o.innerTR].unitOccs = append(s.nodes[o.innerTR].unitOccs, oi)
		}
		if o.innerP >= 0 {
			s.nodes[o.innerP].unitOccs = append(s.nodes[o.innerP].unitOccs, oi)
		}
	}
}

// checkMarkers verifies that every {#path} and {/path} is the whole text of
// a paragraph placed directly in the body or in a table cell.
func (s *partScan) checkMarkers() {
	for i := range s.nodes {
		n := &s.nodes[i]
		if len(n.markers) == 0 {
			continue
		}
		text := strings.TrimSpace(html.UnescapeString(string(n.text)))
		switch {
		case !s.body:
			s.probs.add("%s: block markers such as {%s} are only supported in the document body", s.name, n.markers[0])
		case len(n.markers) > 1 || text != "{"+n.markers[0]+"}":
			s.probs.add(`%s: paragraph "%s": a block marker {%s} must be alone in its paragraph`, s.name, paragraphText(n.text), n.markers[0])
		case n.xmlParent != "w:body" && n.xmlParent != "w:tc":
			s.probs.add("%s: the block marker {%s} must be a paragraph directly in the document body or in a table cell, not inside <%s>", s.name, n.markers[0], n.xmlParent)
		case n.sectPr:
			s.probs.add("%s: the block marker {%s} holds a section break; put the marker in its own paragraph", s.name, n.markers[0])
		}
	}
}

// group replaces the items between matching marker paragraphs of one
// container (the body or a cell) with blocks; the marker paragraphs
// themselves are dropped from the output.
func (s *partScan) group(items []item) []item {
	type open struct {
		path string
		at   int
		node int
	}
	var out []item
	var stack []open
	for _, it := range items {
		if it.kind == itemNode && len(s.nodes[it.index].markers) == 1 {
			n := &s.nodes[it.index]
			m := n.markers[0]
			if strings.HasPrefix(m, "#") {
				stack = append(stack, open{path: m[1:], at: len(out), node: it.index})
				continue
			}
			path := m[1:]
			if len(stack) == 0 || stack[len(stack)-1].path != path {
				want := "no block is open"
				if len(stack) > 0 {
					want = "the open block is {#" + stack[len(stack)-1].path + "}"
				}
				s.probs.add("%s: {/%s} does not close a block here (%s); blocks must nest and their two markers must be in the same body or cell", s.name, path, want)
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			inner := append([]item(nil), out[o.at:]...)
			out = out[:o.at]
			segs := strings.Split(path, ".")
			b := block{
				path: path, segs: segs, prefixes: prefixesOf(segs),
				start: s.nodes[o.node].start, end: n.end,
				innerStart: s.nodes[o.node].end, innerEnd: n.start,
				items: inner,
			}
			s.blocks = append(s.blocks, b)
			out = append(out, item{kind: itemBlock, start: b.start, end: b.end, index: len(s.blocks) - 1})
			continue
		}
		out = append(out, it)
	}
	for _, o := range stack {
		s.probs.add("%s: {#%s} is never closed by a {/%s} paragraph in the same body or cell", s.name, o.path, o.path)
	}
	return out
}

// prefixesOf returns, for a path of n segments, the n+1 prefixes: "" and
// the first d segments joined with "." for d = 1..n.
func prefixesOf(segs []string) []string {
	p := make([]string, len(segs)+1)
	for d := 1; d <= len(segs); d++ {
		p[d] = strings.Join(segs[:d], ".")
	}
	return p
}
