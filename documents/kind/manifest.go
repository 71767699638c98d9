package kind

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"vanthu/templates"
)

// typeOf is the Go type of the data of each kind with a fixed shape.
var typeOf = map[Kind]reflect.Type{
	KindNotice:       reflect.TypeOf(Notice{}),
	KindReviewReport: reflect.TypeOf(ReviewReport{}),
}

// CheckFields reports whether m declares exactly the fields of the Go type
// of its kind ("issuer.code", "sections[].heading", …), so that no field
// is read under a misspelt name and none is dropped. Generic manifests
// declare their own fields and always pass.
func CheckFields(m templates.Manifest) error {
	typ, ok := typeOf[Of(m)]
	if !ok {
		return nil
	}
	var want, got []string
	fieldPaths(typ, "", &want)
	manifestPaths(m.Fields, "", &got)
	slices.Sort(want)
	slices.Sort(got)
	var missing, extra []string
	for _, p := range want {
		if _, found := slices.BinarySearch(got, p); !found {
			missing = append(missing, p)
		}
	}
	for _, p := range got {
		if _, found := slices.BinarySearch(want, p); !found {
			extra = append(extra, p)
		}
	}
	if len(missing)+len(extra) == 0 {
		return nil
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "not fields of the kind "+strings.Join(extra, ", "))
	}
	return fmt.Errorf("the fields of a %s template must be exactly those of the kind: %s", Of(m), strings.Join(parts, "; "))
}

// fieldPaths lists the JSON paths a Go type declares, following embedded
// structs, pointers and lists of objects ("sections[].heading").
func fieldPaths(t reflect.Type, prefix string, out *[]string) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
		t, prefix = t.Elem(), prefix+"[]"
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeOf(Date{}) {
		*out = append(*out, prefix)
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			fieldPaths(f.Type, prefix, out)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		p := name
		if prefix != "" {
			p = prefix + "." + name
		}
		fieldPaths(f.Type, p, out)
	}
}

// manifestPaths lists the JSON paths a manifest declares, in the same
// form.
func manifestPaths(fields []templates.Field, prefix string, out *[]string) {
	for _, f := range fields {
		p := f.Name
		if prefix != "" {
			p = prefix + "." + f.Name
		}
		switch {
		case f.Type == templates.TypeObject:
			manifestPaths(f.Fields, p, out)
		case f.Type == templates.TypeList && f.Item != nil && f.Item.Type == templates.TypeObject:
			manifestPaths(f.Item.Fields, p+"[]", out)
		default:
			*out = append(*out, p)
		}
	}
}
