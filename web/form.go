package web

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"vanthu/documents/vnformat"
	"vanthu/templates"
)

// The compose form is generated from a template's manifest. Inputs are
// named by the JSON path of their value ("data.sections[1].heading"), the
// same path the service names in its errors, so an error finds its field.
// What was posted is kept as a tree of strings (objects as maps, lists as
// slices) and shown back as typed whenever the form is shown again.

// pathSeg is one step of a path: a name and any list indexes after it.
type pathSeg struct {
	name string
	idx  []int
}

// parsePath reads "data.a[1].b" into its steps, without the leading "data".
func parsePath(p string) ([]pathSeg, bool) {
	parts := strings.Split(p, ".")
	if len(parts) < 2 || parts[0] != "data" {
		return nil, false
	}
	var out []pathSeg
	for _, part := range parts[1:] {
		name, rest, bracket := strings.Cut(part, "[")
		if name == "" || (bracket && rest == "") {
			return nil, false
		}
		seg := pathSeg{name: name}
		if bracket {
			rest = "[" + rest
			for rest != "" {
				if rest[0] != '[' {
					return nil, false
				}
				j := strings.IndexByte(rest, ']')
				if j < 0 {
					return nil, false
				}
				n, err := strconv.Atoi(rest[1:j])
				if err != nil || n < 0 || n > 999 {
					return nil, false
				}
				seg.idx = append(seg.idx, n)
				rest = rest[j+1:]
			}
		}
		out = append(out, seg)
	}
	return out, true
}

// sparse is a list under construction: items by their posted index.
type sparse map[int]any

// treeFromForm builds the tree of posted values.
func treeFromForm(form map[string][]string) map[string]any {
	root := map[string]any{}
	for k, vals := range form {
		segs, ok := parsePath(k)
		if !ok || len(vals) == 0 {
			continue
		}
		setPath(root, segs, vals[0])
	}
	return densify(root).(map[string]any)
}

func setPath(obj map[string]any, segs []pathSeg, v string) {
	seg := segs[0]
	last := len(segs) == 1
	if len(seg.idx) == 0 {
		if last {
			obj[seg.name] = v
			return
		}
		child, ok := obj[seg.name].(map[string]any)
		if !ok {
			child = map[string]any{}
			obj[seg.name] = child
		}
		setPath(child, segs[1:], v)
		return
	}
	// A list (of lists …): walk the indexes.
	cur, ok := obj[seg.name].(sparse)
	if !ok {
		cur = sparse{}
		obj[seg.name] = cur
	}
	for i, n := range seg.idx {
		if i == len(seg.idx)-1 {
			if last {
				cur[n] = v
				return
			}
			child, ok := cur[n].(map[string]any)
			if !ok {
				child = map[string]any{}
				cur[n] = child
			}
			setPath(child, segs[1:], v)
			return
		}
		next, ok := cur[n].(sparse)
		if !ok {
			next = sparse{}
			cur[n] = next
		}
		cur = next
	}
}

// densify turns sparse lists into slices in index order.
func densify(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = densify(e)
		}
		return x
	case sparse:
		keys := make([]int, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		out := make([]any, 0, len(keys))
		for _, k := range keys {
			out = append(out, densify(x[k]))
		}
		return out
	}
	return v
}

// treeFromData turns stored data (decoded JSON) into the form's tree of
// strings.
func treeFromData(raw json.RawMessage) map[string]any {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return map[string]any{}
	}
	m, ok := stringify(v).(map[string]any)
	if !ok {
		return map[string]any{}
	}
	return m
}

func stringify(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = stringify(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = stringify(e)
		}
		return x
	case json.Number:
		return string(x)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case map[string]any:
		for _, e := range x {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range x {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// compact drops list items left entirely empty, in place, so that the
// indexes of the data sent and of the form shown again agree.
func compact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = compact(e)
		}
		return x
	case []any:
		out := x[:0]
		for _, e := range x {
			if !isEmpty(e) {
				out = append(out, compact(e))
			}
		}
		return out
	}
	return v
}

// toData converts the tree into the data object the service validates:
// empty values are left out, whole numbers (also written 1.234) become JSON
// numbers, anything else is sent as typed so the service can name it.
func toData(fields []templates.Field, obj map[string]any) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		if v := convert(f, obj[f.Name]); v != nil {
			out[f.Name] = v
		}
	}
	return out
}

func convert(f templates.Field, v any) any {
	switch f.Type {
	case templates.TypeObject:
		m, _ := v.(map[string]any)
		d := toData(f.Fields, m)
		if len(d) == 0 && !f.Required {
			return nil
		}
		// A required group left empty is sent empty, so that the service
		// names each of its missing fields.
		return d
	case templates.TypeList:
		l, _ := v.([]any)
		if len(l) == 0 || f.Item == nil {
			return nil
		}
		out := make([]any, 0, len(l))
		for _, e := range l {
			c := convert(*f.Item, e)
			if c == nil {
				c = "" // kept, so that indexes stay those of the form
			}
			out = append(out, c)
		}
		return out
	}
	s, _ := v.(string)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if f.Type == templates.TypeInteger {
		t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
		if d, err := vnformat.ParseNumber(t); err == nil {
			if n, ok := d.Int64(); ok {
				return json.Number(strconv.FormatInt(n, 10))
			}
		}
		return s
	}
	return s
}

// applyOp changes a list of the tree: "add PATH", "del PATH[i]", "up PATH[i]"
// or "down PATH[i]". It reports whether op was understood.
func applyOp(root map[string]any, op string) bool {
	verb, p, ok := strings.Cut(op, " ")
	if !ok {
		return false
	}
	segs, ok := parsePath(p)
	if !ok {
		return false
	}
	last := &segs[len(segs)-1]
	var idx = -1
	if verb != "add" {
		if len(last.idx) == 0 {
			return false
		}
		idx = last.idx[len(last.idx)-1]
		last.idx = last.idx[:len(last.idx)-1]
	}
	return editList(root, segs, func(l []any) []any {
		switch verb {
		case "add":
			return append(l, nil)
		case "del":
			if idx < len(l) {
				return append(l[:idx], l[idx+1:]...)
			}
		case "up":
			if idx > 0 && idx < len(l) {
				l[idx-1], l[idx] = l[idx], l[idx-1]
			}
		case "down":
			if idx+1 < len(l) {
				l[idx+1], l[idx] = l[idx], l[idx+1]
			}
		}
		return l
	})
}

// editList finds the list at segs and replaces it with fn's result.
func editList(obj map[string]any, segs []pathSeg, fn func([]any) []any) bool {
	seg := segs[0]
	if len(segs) == 1 && len(seg.idx) == 0 {
		l, _ := obj[seg.name].([]any)
		obj[seg.name] = fn(l)
		return true
	}
	if len(seg.idx) == 0 {
		child, ok := obj[seg.name].(map[string]any)
		if !ok {
			child = map[string]any{}
			obj[seg.name] = child
		}
		return editList(child, segs[1:], fn)
	}
	l, _ := obj[seg.name].([]any)
	n := seg.idx[0]
	if n >= len(l) || len(seg.idx) > 1 {
		return false
	}
	child, ok := l[n].(map[string]any)
	if !ok {
		child = map[string]any{}
		l[n] = child
	}
	return editList(child, segs[1:], fn)
}
