package pades

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
)

// update collects the objects of one incremental update (ISO 32000-1
// §7.5.6): new objects and new versions of existing ones, written after
// the unchanged bytes of the file with a cross-reference section of their
// own that points back to the previous one.
type update struct {
	f    *File
	next int
	objs map[int]any
	gens map[int]int
}

func newUpdate(f *File) *update {
	return &update{f: f, next: f.Size(), objs: map[int]any{}, gens: map[int]int{}}
}

// add stores a new object and returns its reference.
func (u *update) add(o any) Ref {
	r := Ref{Num: u.next}
	u.next++
	u.objs[r.Num] = o
	return r
}

// set stores a new version of an existing object.
func (u *update) set(r Ref, o any) {
	u.objs[r.Num] = o
	u.gens[r.Num] = r.Gen
}

// current returns the object r as this update leaves it.
func (u *update) current(r Ref) (any, error) {
	if o, ok := u.objs[r.Num]; ok {
		return o, nil
	}
	return u.f.Object(r.Num)
}

// bytes returns the file with the update appended. The cross-reference
// section has the kind of the previous one: a table after a table, a
// stream after a stream.
func (u *update) bytes() []byte {
	var b bytes.Buffer
	b.Write(u.f.data)
	if !bytes.HasSuffix(u.f.data, []byte("\n")) && !bytes.HasSuffix(u.f.data, []byte("\r")) {
		b.WriteByte('\n')
	}
	nums := make([]int, 0, len(u.objs))
	for n := range u.objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	offsets := map[int]int{}
	for _, n := range nums {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d %d obj\n", n, u.gens[n])
		writeObject(&b, u.objs[n])
		b.WriteString("\nendobj\n")
	}
	trailer := Dict{"Size": u.next, "Root": u.f.trailer["Root"], "Prev": u.f.startxref}
	for _, k := range []Name{"Info", "ID"} {
		if v, ok := u.f.trailer[k]; ok {
			trailer[k] = v
		}
	}
	xrefAt := b.Len()
	if u.f.xrefIsStm {
		u.writeXRefStream(&b, nums, offsets, trailer, xrefAt)
	} else {
		b.WriteString("xref\n")
		for _, run := range runs(nums) {
			fmt.Fprintf(&b, "%d %d\n", run[0], len(run))
			for _, n := range run {
				fmt.Fprintf(&b, "%010d %05d n\r\n", offsets[n], u.gens[n])
			}
		}
		b.WriteString("trailer\n")
		writeObject(&b, trailer)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}

// writeXRefStream writes the section as a cross-reference stream, which is
// itself the update's last object.
func (u *update) writeXRefStream(b *bytes.Buffer, nums []int, offsets map[int]int, trailer Dict, at int) {
	self := u.next
	trailer["Size"] = self + 1
	nums = append(nums, self)
	offsets[self] = at
	var data []byte
	var index Array
	for _, run := range runs(nums) {
		index = append(index, run[0], len(run))
		for _, n := range run {
			row := make([]byte, 7)
			row[0] = 1
			binary.BigEndian.PutUint32(row[1:5], uint32(offsets[n]))
			binary.BigEndian.PutUint16(row[5:7], uint16(u.gens[n]))
			data = append(data, row...)
		}
	}
	trailer["Type"] = Name("XRef")
	trailer["W"] = Array{1, 4, 2}
	trailer["Index"] = index
	fmt.Fprintf(b, "%d 0 obj\n", self)
	writeObject(b, &Stream{Dict: trailer, Data: data})
	b.WriteString("\nendobj\n")
}

// runs splits sorted object numbers into consecutive runs.
func runs(nums []int) [][]int {
	var out [][]int
	for i, n := range nums {
		if i == 0 || n != nums[i-1]+1 {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], n)
	}
	return out
}
