package templates

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
)

// Expansion walks a part's precomputed structure and writes the part anew,
// copying source bytes between the spans it handles:
//
//   - a paragraph or table row that is the unit of a collection is written
//     once per item (zero items: not at all);
//   - a {#coll}…{/coll} block is written once per item, its marker
//     paragraphs never;
//   - id attributes in clones get fresh values;
//   - placeholders are resolved against the values.
//
// This is the "clone and rename {coll. to {coll.N." of the design, done as
// one pass: each clone carries a binding from the template prefix ("coll")
// to the item and its concrete key ("coll.N"), and every placeholder is
// replaced by its sanitised, escaped value as it is written.

// binding ties a template prefix to one value while its clone is written.
type binding struct {
	tmpl     string // template prefix, e.g. "sections.items"
	depth    int    // segments in tmpl
	concrete string // its key, e.g. "sections.1.items.0"
	item     any
}

type tcFrame struct{ hasP, lastP bool }

// expander writes one part for one set of values.
type expander struct {
	part   *partScan
	out    []byte
	root   Values
	binds  []binding
	scope  [2]int // source span clones may choose units from
	count  int    // placeholders written
	copies int    // clones written
	max    int
	inst   []int // clone instance chain; [0] is the single root instance
	nInst  int
	ids    idState
	tcs    []tcFrame
	tbls   []int
	err    error
}

func newExpander(p *partScan, root Values, max int) *expander {
	e := &expander{part: p, root: root, max: max, inst: []int{0}}
	e.scope = [2]int{0, len(p.src)}
	e.out = make([]byte, 0, len(p.src)+len(p.src)/2)
	e.ids.part = p
	return e
}

func (e *expander) run() {
	e.emitItems(0, len(e.part.src), e.part.top)
}

func (e *expander) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf(format, args...)
	}
}

func (e *expander) emitItems(from, to int, items []item) {
	src := e.part.src
	pos := from
	for _, it := range items {
		e.out = append(e.out, src[pos:it.start]...)
		switch it.kind {
		case itemNode:
			e.emitNode(it.index)
		case itemBlock:
			e.emitBlock(it.index)
		case itemPatch:
			e.emitPatch(it.index)
		}
		if e.err != nil {
			return
		}
		pos = it.end
	}
	e.out = append(e.out, src[pos:to]...)
}

// emitNode writes a node, once per item if it is the unit of a collection.
func (e *expander) emitNode(ni int) {
	n := &e.part.nodes[ni]
	if len(n.unitOccs) > 0 {
		b, list, ok := e.unitFor(n)
		if e.err != nil {
			return
		}
		if ok {
			if n.sectPr {
				e.fail("the paragraph holding a section break contains {%s.…}, a list; it cannot be repeated or removed", b.tmpl)
				return
			}
			e.repeat(n.start, n.end, b, list, func() { e.emitNode(ni) })
			return
		}
	}
	e.emitPlain(ni)
}

// unitFor finds the collection node n repeats for: the shortest unbound
// prefix of one of its placeholders whose value is a list, where n is that
// placeholder's innermost table row, or its paragraph when no row inside
// the current scope holds it.
func (e *expander) unitFor(n *node) (binding, []Values, bool) {
	for _, oi := range n.unitOccs {
		o := &e.part.occs[oi]
		if n.kind == kindP && o.innerTR >= 0 && e.inScope(o.innerTR) {
			continue
		}
		for d := 1; d < len(o.segs); d++ {
			// A block around the placeholder repeats for this prefix,
			// not the row or paragraph holding the block.
			if e.bound(o.prefixes[d]) || slices.Contains(o.blocks, o.prefixes[d]) {
				continue
			}
			v, bi, _ := e.resolve(o.segs, o.prefixes, d)
			list, isList, err := asList(v)
			if err != nil {
				e.fail("{%s}: %v", o.prefixes[d], err)
				return binding{}, nil, false
			}
			if isList {
				return e.bindingFor(o.segs, o.prefixes, d, bi), list, true
			}
			if !isObject(v) {
				break
			}
		}
	}
	return binding{}, nil, false
}

// bindingFor prepares the binding of the template prefix of depth d,
// reached from binding bi (-1: from the root).
func (e *expander) bindingFor(segs, prefixes []string, d, bi int) binding {
	b := binding{tmpl: prefixes[d], depth: d, concrete: prefixes[d]}
	if bi >= 0 {
		pb := &e.binds[bi]
		b.concrete = pb.concrete + "." + strings.Join(segs[pb.depth:d], ".")
	}
	return b
}

func (e *expander) inScope(ni int) bool {
	n := &e.part.nodes[ni]
	return n.start >= e.scope[0] && n.end <= e.scope[1]
}

func (e *expander) bound(prefix string) bool {
	for i := range e.binds {
		if e.binds[i].tmpl == prefix {
			return true
		}
	}
	return false
}

// resolve returns the value of the first d segments of a template path:
// from the deepest binding that is a prefix of it, or from the root. It
// also returns that binding's index (-1 for the root) and, when the path
// runs into a list that is not bound, the depth of that list (else 0).
func (e *expander) resolve(segs, prefixes []string, d int) (any, int, int) {
	bi := -1
	for i := range e.binds {
		b := &e.binds[i]
		if b.depth <= d && prefixes[b.depth] == b.tmpl && (bi < 0 || b.depth > e.binds[bi].depth) {
			bi = i
		}
	}
	var cur any = e.root
	from := 0
	if bi >= 0 {
		cur, from = e.binds[bi].item, e.binds[bi].depth
	}
	for i, seg := range segs[from:d] {
		v, ok := child(cur, seg)
		if !ok {
			if _, isList, _ := asList(cur); isList {
				return nil, bi, from + i
			}
			return nil, bi, 0
		}
		cur = v
	}
	return cur, bi, 0
}

// repeat writes fn once per item of list with b bound to the item, the
// span [start,end) being the scope nested units are chosen from.
func (e *expander) repeat(start, end int, b binding, list []Values, fn func()) {
	saved := e.scope
	e.scope = [2]int{start, end}
	base := b.concrete
	for i, it := range list {
		e.copies++
		if e.copies > e.max {
			e.err = fmt.Errorf("%w: more than %d repeated paragraphs, rows or blocks", ErrTooLarge, e.max)
			return
		}
		b.item = it
		b.concrete = base + "." + strconv.Itoa(i)
		e.binds = append(e.binds, b)
		e.nInst++
		e.inst = append(e.inst, e.nInst)
		fn()
		e.inst = e.inst[:len(e.inst)-1]
		e.binds = e.binds[:len(e.binds)-1]
		if e.err != nil {
			return
		}
	}
	e.scope = saved
}

// emitPlain writes a node once, keeping table cells and tables valid when
// repeated content inside them came out empty.
func (e *expander) emitPlain(ni int) {
	n := &e.part.nodes[ni]
	src := e.part.src
	switch n.kind {
	case kindTc:
		e.tcs = append(e.tcs, tcFrame{})
		e.emitItems(n.start, n.endTag, n.items)
		f := e.tcs[len(e.tcs)-1]
		e.tcs = e.tcs[:len(e.tcs)-1]
		if e.err != nil {
			return
		}
		if (!f.hasP || !f.lastP) && n.endTag < n.end {
			// A cell must end with a paragraph: keep an empty one when
			// its paragraphs were all removed.
			e.out = append(e.out, "<w:p/>"...)
		}
		e.out = append(e.out, src[n.endTag:n.end]...)
	case kindTbl:
		mark := len(e.out)
		e.tbls = append(e.tbls, 0)
		e.emitItems(n.start, n.end, n.items)
		rows := e.tbls[len(e.tbls)-1]
		e.tbls = e.tbls[:len(e.tbls)-1]
		if rows == 0 && n.rows > 0 {
			// Every row was a collection with no items: a table without
			// rows is invalid, so drop it.
			e.out = e.out[:mark]
			return
		}
	default:
		e.emitItems(n.start, n.end, n.items)
	}
	if n.xmlParent == "w:tc" && len(e.tcs) > 0 {
		f := &e.tcs[len(e.tcs)-1]
		f.lastP = n.kind == kindP
		f.hasP = f.hasP || f.lastP
	}
	if n.kind == kindTr && len(e.tbls) > 0 {
		e.tbls[len(e.tbls)-1]++
	}
}

// emitBlock writes the content of a {#path} block once per item.
func (e *expander) emitBlock(bi int) {
	b := &e.part.blocks[bi]
	d := len(b.segs)
	v, from, _ := e.resolve(b.segs, b.prefixes, d)
	list, isList, err := asList(v)
	switch {
	case err != nil:
		e.fail("{#%s}: %v", b.path, err)
	case isList:
		e.repeat(b.innerStart, b.innerEnd, e.bindingFor(b.segs, b.prefixes, d, from), list, func() {
			e.emitItems(b.innerStart, b.innerEnd, b.items)
		})
	case isObject(v):
		// An object block is written once with its fields in scope.
		nb := e.bindingFor(b.segs, b.prefixes, d, from)
		nb.item = v
		e.binds = append(e.binds, nb)
		e.emitItems(b.innerStart, b.innerEnd, b.items)
		e.binds = e.binds[:len(e.binds)-1]
	case v == nil:
		e.fail("missing value for the block {#%s}: give a list (an empty list removes the block)", e.concreteKey(b.segs, from, d))
	default:
		e.fail("the block {#%s} needs a list, got %s", e.concreteKey(b.segs, from, d), describe(v))
	}
}

// concreteKey is the flat key of the first d segments of a path resolved
// through binding bi.
func (e *expander) concreteKey(segs []string, bi, d int) string {
	if bi < 0 {
		return strings.Join(segs[:d], ".")
	}
	b := &e.binds[bi]
	if b.depth == d {
		return b.concrete
	}
	return b.concrete + "." + strings.Join(segs[b.depth:d], ".")
}

func (e *expander) emitPatch(pi int) {
	p := &e.part.patches[pi]
	if p.kind == patchPlaceholder {
		e.emitPlaceholder(&e.part.occs[p.occ])
		return
	}
	if len(e.inst) == 1 {
		// Content outside every clone is written once: keep its ids.
		e.out = append(e.out, e.part.src[p.start:p.end]...)
		return
	}
	v, orig := e.ids.value(p.kind, p.value, e.inst)
	if orig {
		e.out = append(e.out, e.part.src[p.start:p.end]...)
	} else {
		e.out = append(e.out, html.EscapeString(v)...)
	}
}

// emitPlaceholder writes one placeholder's value, sanitised and escaped.
func (e *expander) emitPlaceholder(o *occ) {
	d := len(o.segs)
	v, bi, list := e.resolve(o.segs, o.prefixes, d)
	e.count++
	if e.count > e.max {
		e.err = fmt.Errorf("%w: more than %d placeholders after expanding the lists", ErrTooLarge, e.max)
		return
	}
	if v == nil {
		key := e.concreteKey(o.segs, bi, d)
		switch {
		case list > 0 && !e.part.body:
			e.fail("placeholder {%s} in %s is inside the list {%s}; lists are only supported in the document body", key, e.part.name, e.concreteKey(o.segs, bi, list))
		case list > 0:
			e.fail("placeholder {%s} is inside the list {%s} but not in a paragraph, row or block repeated for it", key, e.concreteKey(o.segs, bi, list))
		default:
			e.fail("missing value for placeholder {%s}", key)
		}
		return
	}
	text, err := scalarText(v)
	if err != nil {
		key := e.concreteKey(o.segs, bi, d)
		if _, isList, _ := asList(v); isList {
			if !e.part.body {
				e.fail("placeholder {%s} in %s is a list; lists are only supported in the document body", key, e.part.name)
				return
			}
			e.fail("placeholder {%s} is a list; use {%s.field} for its items", key, key)
			return
		}
		e.fail("placeholder {%s} %s", key, err)
		return
	}
	e.out = appendEscaped(e.out, sanitize(text))
}

// idState hands out fresh ids for clones. The first copy of an element
// keeps its ids; later copies get values not used in the part.
type idState struct {
	part     *partScan
	assigned map[idKey]string
	used     map[idKey]bool
	nextHex  uint64
	nextBM   int
	nextDoc  int
	nameSeq  int
}

type idKey struct {
	kind patchKind
	orig string
	inst int
}

func (s *idState) value(kind patchKind, orig string, inst []int) (string, bool) {
	if s.assigned == nil {
		s.assigned, s.used = map[idKey]string{}, map[idKey]bool{}
		s.nextHex, s.nextBM, s.nextDoc = s.part.maxHex+1, s.part.maxBookmark+1, s.part.maxDocPr+1
	}
	// A bookmark end in a nested clone pairs with its start in an
	// enclosing one: look up the whole chain.
	for i := len(inst) - 1; i >= 0; i-- {
		if v, ok := s.assigned[idKey{kind, orig, inst[i]}]; ok {
			return v, v == orig
		}
	}
	v := orig
	if base := (idKey{kind: kind, orig: orig}); s.used[base] {
		v = s.fresh(kind, orig)
	} else {
		s.used[base] = true
	}
	s.assigned[idKey{kind, orig, inst[len(inst)-1]}] = v
	return v, v == orig
}

func (s *idState) fresh(kind patchKind, orig string) string {
	switch kind {
	case patchParaID, patchTextID:
		if s.nextHex >= 0x7FFFFFFF { // w14 ids must stay below 0x80000000
			s.nextHex = 1
		}
		v := s.nextHex
		s.nextHex++
		return fmt.Sprintf("%08X", v)
	case patchBookmarkID:
		s.nextBM++
		return strconv.Itoa(s.nextBM - 1)
	case patchDocPrID:
		s.nextDoc++
		return strconv.Itoa(s.nextDoc - 1)
	case patchBookmarkName:
		for {
			s.nameSeq++
			suffix := "_" + strconv.Itoa(s.nameSeq)
			base := []rune(orig)
			if len(base)+len(suffix) > 40 { // Word's limit
				base = base[:max(0, 40-len(suffix))]
			}
			if name := string(base) + suffix; !s.part.names[name] {
				return name
			}
		}
	}
	return orig
}
