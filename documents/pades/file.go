package pades

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"strconv"
)

// File is a parsed PDF: its bytes, the newest cross-reference entry of every
// object and the newest trailer. It reads classic cross-reference tables and
// cross-reference streams (PDF 1.5), with objects in object streams.
type File struct {
	data      []byte
	entries   map[int]xrefEntry
	trailer   Dict
	startxref int  // offset of the newest cross-reference section
	xrefIsStm bool // the newest section is a cross-reference stream
	objStms   map[int]*objStm
}

type xrefEntry struct {
	inStream bool
	offset   int // file offset, or the object stream's number
	index    int // index within the object stream
	gen      int
	free     bool
}

type objStm struct {
	data    []byte
	offsets map[int]int
}

// maxDecoded bounds a decompressed stream, against zip bombs in uploads.
const maxDecoded = 64 << 20

// Parse reads the structure of a PDF.
func Parse(data []byte) (*File, error) {
	f := &File{data: data, entries: map[int]xrefEntry{}, objStms: map[int]*objStm{}}
	tail := data[max(0, len(data)-2048):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, fmt.Errorf("%w: no startxref", errSyntax)
	}
	l := &lexer{buf: tail, pos: i + len("startxref")}
	o, err := l.object(0)
	off, ok := o.(int64)
	if err != nil || !ok || off <= 0 || int(off) >= len(data) {
		return nil, fmt.Errorf("%w: bad startxref", errSyntax)
	}
	f.startxref = int(off)
	seen := map[int]bool{}
	for next := int(off); next > 0; {
		if seen[next] || len(seen) > 1000 {
			return nil, fmt.Errorf("%w: cross-reference sections loop", errSyntax)
		}
		seen[next] = true
		trailer, isStm, err := f.readSection(next)
		if err != nil {
			return nil, err
		}
		if f.trailer == nil {
			f.trailer, f.xrefIsStm = trailer, isStm
		}
		prev, _ := trailer["Prev"].(int64)
		next = int(prev)
	}
	if _, ok := f.trailer["Root"].(Ref); !ok {
		return nil, fmt.Errorf("%w: trailer without Root", errSyntax)
	}
	return f, nil
}

// Bytes returns the file's bytes.
func (f *File) Bytes() []byte { return f.data }

// Trailer returns the newest trailer dictionary.
func (f *File) Trailer() Dict { return f.trailer }

// readSection reads the cross-reference section at off, keeping entries not
// already known (newer sections are read first).
func (f *File) readSection(off int) (Dict, bool, error) {
	l := &lexer{buf: f.data, pos: off}
	if l.keyword("xref") {
		return f.readTable(l)
	}
	o, err := f.objectAt(off, -1)
	if err != nil {
		return nil, false, fmt.Errorf("cross-reference at %d: %w", off, err)
	}
	s, ok := o.(*Stream)
	if !ok || s.Dict["Type"] != Name("XRef") {
		return nil, false, fmt.Errorf("%w: no cross-reference at %d", errSyntax, off)
	}
	return s.Dict, true, f.readXRefStream(s)
}

func (f *File) readTable(l *lexer) (Dict, bool, error) {
	for {
		if l.keyword("trailer") {
			d, err := l.object(0)
			if err != nil {
				return nil, false, err
			}
			t, ok := d.(Dict)
			if !ok {
				return nil, false, fmt.Errorf("%w: trailer is not a dictionary", errSyntax)
			}
			return t, false, nil
		}
		a, err1 := l.object(0)
		n, err2 := l.object(0)
		start, ok1 := a.(int64)
		count, ok2 := n.(int64)
		if err1 != nil || err2 != nil || !ok1 || !ok2 || start < 0 || count < 0 || count > 10_000_000 {
			return nil, false, fmt.Errorf("%w: bad cross-reference subsection", errSyntax)
		}
		for i := range int(count) {
			l.skip()
			offW, genW := l.word(), (func() []byte { l.skip(); return l.word() })()
			l.skip()
			kind := l.word()
			off, e1 := strconv.Atoi(string(offW))
			gen, e2 := strconv.Atoi(string(genW))
			if e1 != nil || e2 != nil || (string(kind) != "n" && string(kind) != "f") {
				return nil, false, fmt.Errorf("%w: bad cross-reference entry", errSyntax)
			}
			num := int(start) + i
			if _, known := f.entries[num]; !known {
				f.entries[num] = xrefEntry{offset: off, gen: gen, free: string(kind) == "f"}
			}
		}
	}
}

func (f *File) readXRefStream(s *Stream) error {
	data, err := decode(s)
	if err != nil {
		return err
	}
	w, _ := s.Dict["W"].(Array)
	if len(w) != 3 {
		return fmt.Errorf("%w: cross-reference stream without W", errSyntax)
	}
	var widths [3]int
	for i, v := range w {
		n, ok := v.(int64)
		if !ok || n < 0 || n > 8 {
			return fmt.Errorf("%w: bad W in cross-reference stream", errSyntax)
		}
		widths[i] = int(n)
	}
	size, _ := s.Dict["Size"].(int64)
	index := Array{int64(0), size}
	if ix, ok := s.Dict["Index"].(Array); ok {
		index = ix
	}
	rowLen := widths[0] + widths[1] + widths[2]
	if rowLen == 0 {
		return fmt.Errorf("%w: cross-reference stream with empty rows", errSyntax)
	}
	pos := 0
	for k := 0; k+1 < len(index); k += 2 {
		start, _ := index[k].(int64)
		count, _ := index[k+1].(int64)
		if start < 0 || count < 0 || count > int64(len(data)/rowLen) {
			return fmt.Errorf("%w: cross-reference stream index out of range", errSyntax)
		}
		for i := range int(count) {
			if pos+rowLen > len(data) {
				return fmt.Errorf("%w: cross-reference stream too short", errSyntax)
			}
			field := func(j int) int {
				v := 0
				off := pos
				for m := range j {
					off += widths[m]
				}
				for _, c := range data[off : off+widths[j]] {
					v = v<<8 | int(c)
				}
				return v
			}
			typ := 1
			if widths[0] > 0 {
				typ = field(0)
			}
			num := int(start) + i
			if _, known := f.entries[num]; !known {
				switch typ {
				case 0:
					f.entries[num] = xrefEntry{free: true}
				case 1:
					f.entries[num] = xrefEntry{offset: field(1), gen: field(2)}
				case 2:
					f.entries[num] = xrefEntry{inStream: true, offset: field(1), index: field(2)}
				}
			}
			pos += rowLen
		}
	}
	return nil
}

// Object returns object num, resolved from the newest cross-reference.
func (f *File) Object(num int) (any, error) {
	e, ok := f.entries[num]
	if !ok || e.free {
		return nil, nil // an undefined object is null (ISO 32000-1 §7.3.10)
	}
	if e.inStream {
		return f.streamedObject(e.offset, num)
	}
	return f.objectAt(e.offset, num)
}

// Resolve follows o while it is a reference.
func (f *File) Resolve(o any) (any, error) {
	for range 32 {
		r, ok := o.(Ref)
		if !ok {
			return o, nil
		}
		var err error
		if o, err = f.Object(r.Num); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: reference chain too long", errSyntax)
}

// ResolveDict resolves o and returns it as a dictionary (nil if it is not
// one).
func (f *File) ResolveDict(o any) Dict {
	v, err := f.Resolve(o)
	if err != nil {
		return nil
	}
	switch d := v.(type) {
	case Dict:
		return d
	case *Stream:
		return d.Dict
	}
	return nil
}

// objectAt parses "num gen obj … endobj" at off; want < 0 accepts any
// number.
func (f *File) objectAt(off, want int) (any, error) {
	if off <= 0 || off >= len(f.data) {
		return nil, fmt.Errorf("%w: object offset %d out of range", errSyntax, off)
	}
	l := &lexer{buf: f.data, pos: off}
	n, err1 := l.object(0)
	_, err2 := l.object(0)
	num, ok := n.(int64)
	if err1 != nil || err2 != nil || !ok || !l.keyword("obj") || (want >= 0 && int(num) != want) {
		return nil, fmt.Errorf("%w: object %d not found at %d", errSyntax, want, off)
	}
	o, err := l.object(0)
	if err != nil {
		return nil, err
	}
	d, isDict := o.(Dict)
	if !isDict || !l.keyword("stream") {
		return o, nil
	}
	// The data starts after the EOL that follows the keyword.
	if l.pos < len(f.data) && f.data[l.pos] == '\r' {
		l.pos++
	}
	if l.pos < len(f.data) && f.data[l.pos] == '\n' {
		l.pos++
	}
	var length int64
	switch v := d["Length"].(type) {
	case int64:
		length = v
	case Ref:
		lo, err := f.Object(v.Num)
		if err != nil {
			return nil, err
		}
		length, _ = lo.(int64)
	}
	if length < 0 || l.pos+int(length) > len(f.data) {
		return nil, fmt.Errorf("%w: stream length out of range", errSyntax)
	}
	return &Stream{Dict: d, Data: f.data[l.pos : l.pos+int(length)]}, nil
}

func (f *File) streamedObject(stmNum, num int) (any, error) {
	stm, ok := f.objStms[stmNum]
	if !ok {
		o, err := f.Object(stmNum)
		if err != nil {
			return nil, err
		}
		s, ok := o.(*Stream)
		if !ok {
			return nil, fmt.Errorf("%w: object stream %d missing", errSyntax, stmNum)
		}
		data, err := decode(s)
		if err != nil {
			return nil, err
		}
		n, _ := s.Dict["N"].(int64)
		first, _ := s.Dict["First"].(int64)
		if first < 0 || int(first) > len(data) || n < 0 || n > 1_000_000 {
			return nil, fmt.Errorf("%w: bad object stream %d", errSyntax, stmNum)
		}
		stm = &objStm{data: data, offsets: map[int]int{}}
		l := &lexer{buf: data[:first]}
		for range int(n) {
			a, err1 := l.object(0)
			b, err2 := l.object(0)
			on, ok1 := a.(int64)
			oo, ok2 := b.(int64)
			if err1 != nil || err2 != nil || !ok1 || !ok2 {
				return nil, fmt.Errorf("%w: bad object stream %d header", errSyntax, stmNum)
			}
			stm.offsets[int(on)] = int(first + oo)
		}
		f.objStms[stmNum] = stm
	}
	off, ok := stm.offsets[num]
	if !ok || off >= len(stm.data) {
		return nil, fmt.Errorf("%w: object %d not in object stream %d", errSyntax, num, stmNum)
	}
	l := &lexer{buf: stm.data, pos: off}
	return l.object(0)
}

// decode returns a stream's data with its filter (FlateDecode or none) and
// PNG predictor undone.
func decode(s *Stream) ([]byte, error) {
	filter := s.Dict["Filter"]
	if a, ok := filter.(Array); ok && len(a) == 1 {
		filter = a[0]
	}
	switch filter {
	case nil:
		return s.Data, nil
	case Name("FlateDecode"):
	default:
		return nil, fmt.Errorf("%w: unsupported filter %v", errSyntax, filter)
	}
	zr, err := zlib.NewReader(bytes.NewReader(s.Data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errSyntax, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, maxDecoded))
	if err != nil && len(data) == 0 {
		return nil, fmt.Errorf("%w: %w", errSyntax, err)
	}
	parms, _ := s.Dict["DecodeParms"].(Dict)
	if a, ok := s.Dict["DecodeParms"].(Array); ok && len(a) == 1 {
		parms, _ = a[0].(Dict)
	}
	pred, _ := parms["Predictor"].(int64)
	if pred < 10 {
		return data, nil
	}
	cols := int64(1)
	if c, ok := parms["Columns"].(int64); ok {
		cols = c
	}
	return unpredict(data, int(cols))
}

// unpredict undoes PNG row predictors with one byte per pixel.
func unpredict(data []byte, cols int) ([]byte, error) {
	if cols <= 0 || cols > 1<<16 {
		return nil, fmt.Errorf("%w: bad predictor columns", errSyntax)
	}
	row := cols + 1
	prev := make([]byte, cols)
	out := make([]byte, 0, len(data)/row*cols)
	for i := 0; i+row <= len(data); i += row {
		typ, cur := data[i], append([]byte(nil), data[i+1:i+row]...)
		for j := range cur {
			var left, up, ul byte
			if j > 0 {
				left, ul = cur[j-1], prev[j-1]
			}
			up = prev[j]
			switch typ {
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Size is the trailer's Size: one past the highest object number.
func (f *File) Size() int {
	n, _ := f.trailer["Size"].(int64)
	return int(n)
}

// Pages returns the page objects in order, with their references.
func (f *File) Pages() ([]Ref, error) {
	root := f.ResolveDict(f.trailer["Root"])
	if root == nil {
		return nil, fmt.Errorf("%w: no catalog", errSyntax)
	}
	var out []Ref
	var walk func(o any, depth int) error
	walk = func(o any, depth int) error {
		r, ok := o.(Ref)
		if !ok || depth > 32 {
			return fmt.Errorf("%w: bad page tree", errSyntax)
		}
		d := f.ResolveDict(r)
		if d == nil {
			return fmt.Errorf("%w: bad page tree node %d", errSyntax, r.Num)
		}
		if d["Type"] == Name("Page") {
			out = append(out, r)
			return nil
		}
		kids, _ := f.Resolve(d["Kids"])
		arr, _ := kids.(Array)
		for _, k := range arr {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root["Pages"], 0); err != nil {
		return nil, err
	}
	return out, nil
}
