package api

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// validator checks JSON values against the subset of JSON Schema 2020-12
// the description uses. A keyword it does not know is an error, never
// ignored, so the description cannot rely on a check that does not happen.
// Values come from a json.Decoder with UseNumber.
type validator struct {
	root map[string]any // the whole description, for "$ref": "#/…"
}

// annotations are keywords that describe and do not constrain.
var annotations = map[string]bool{
	"title": true, "description": true, "examples": true, "contentMediaType": true, "default": true,
}

// validate returns the problems of v against schema, each prefixed with
// the path of the value ("$.data.sections[1]").
func (vd *validator) validate(schema any, v any, path string) []string {
	switch s := schema.(type) {
	case bool:
		if !s {
			return []string{path + ": no value is allowed here"}
		}
		return nil
	case map[string]any:
		return vd.object(s, v, path)
	}
	return []string{fmt.Sprintf("%s: schema is %T, not an object or boolean", path, schema)}
}

func (vd *validator) object(s map[string]any, v any, path string) []string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kw := s[k]
		switch k {
		case "$ref":
			target, err := vd.resolve(kw)
			if err != nil {
				fail("%v", err)
				continue
			}
			errs = append(errs, vd.validate(target, v, path)...)
		case "type":
			if !hasType(kw, v) {
				fail("must be of type %v, got %s", kw, jsonType(v))
				return errs // the other keywords would only repeat it
			}
		case "enum":
			list, _ := kw.([]any)
			if !slices.ContainsFunc(list, func(e any) bool { return equalJSON(e, v) }) {
				fail("must be one of %v, got %v", list, v)
			}
		case "const":
			if !equalJSON(kw, v) {
				fail("must be %v, got %v", kw, v)
			}
		case "properties", "required", "additionalProperties":
			if k == firstPresent(s, "additionalProperties", "properties", "required") {
				errs = append(errs, vd.properties(s, v, path)...)
			}
		case "items":
			if arr, ok := v.([]any); ok {
				for i, it := range arr {
					errs = append(errs, vd.validate(kw, it, fmt.Sprintf("%s[%d]", path, i))...)
				}
			}
		case "minItems", "maxItems":
			if arr, ok := v.([]any); ok {
				n := number(kw)
				if (k == "minItems" && float64(len(arr)) < n) || (k == "maxItems" && float64(len(arr)) > n) {
					fail("%s is %v, got %d items", k, n, len(arr))
				}
			}
		case "minLength", "maxLength":
			if str, ok := v.(string); ok {
				n, l := number(kw), float64(utf8.RuneCountInString(str))
				if (k == "minLength" && l < n) || (k == "maxLength" && l > n) {
					fail("%s is %v, got %v characters", k, n, l)
				}
			}
		case "pattern":
			if str, ok := v.(string); ok {
				re, err := regexp.Compile(kw.(string))
				if err != nil {
					fail("bad pattern %q: %v", kw, err)
				} else if !re.MatchString(str) {
					fail("%q does not match %s", str, kw)
				}
			}
		case "minimum", "maximum":
			if n, ok := v.(json.Number); ok {
				f, _ := n.Float64()
				if (k == "minimum" && f < number(kw)) || (k == "maximum" && f > number(kw)) {
					fail("%s is %v, got %v", k, number(kw), f)
				}
			}
		case "format":
			if str, ok := v.(string); ok && kw == "date-time" {
				if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
					fail("%q is not an RFC 3339 date-time", str)
				}
			}
		case "allOf":
			for _, sub := range kw.([]any) {
				errs = append(errs, vd.validate(sub, v, path)...)
			}
		case "anyOf", "oneOf":
			matched := 0
			var why []string
			for _, sub := range kw.([]any) {
				if e := vd.validate(sub, v, path); len(e) == 0 {
					matched++
				} else {
					why = append(why, e...)
				}
			}
			if matched == 0 || (k == "oneOf" && matched > 1) {
				fail("%s: %d alternatives match (%s)", k, matched, strings.Join(why, "; "))
			}
		case "if":
			if len(vd.validate(kw, v, path)) == 0 {
				if then, ok := s["then"]; ok {
					errs = append(errs, vd.validate(then, v, path)...)
				}
			} else if els, ok := s["else"]; ok {
				errs = append(errs, vd.validate(els, v, path)...)
			}
		case "then", "else":
			// with "if"
		default:
			if !annotations[k] {
				fail("the validator does not know the keyword %q", k)
			}
		}
	}
	return errs
}

// firstPresent returns the first of keys (in sorted order) that s holds.
func firstPresent(s map[string]any, keys ...string) string {
	for _, k := range keys {
		if _, ok := s[k]; ok {
			return k
		}
	}
	return ""
}

// properties applies properties, required and additionalProperties.
func (vd *validator) properties(s map[string]any, v any, path string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var errs []string
	props, _ := s["properties"].(map[string]any)
	req, _ := s["required"].([]any)
	for _, r := range req {
		if _, ok := obj[r.(string)]; !ok {
			errs = append(errs, fmt.Sprintf("%s.%s: is required", path, r))
		}
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if ps, ok := props[k]; ok {
			errs = append(errs, vd.validate(ps, obj[k], path+"."+k)...)
			continue
		}
		if ap, ok := s["additionalProperties"]; ok {
			if ap == false {
				errs = append(errs, fmt.Sprintf("%s.%s: is not a described property", path, k))
				continue
			}
			errs = append(errs, vd.validate(ap, obj[k], path+"."+k)...)
		}
	}
	return errs
}

// resolve follows a local reference "#/components/schemas/Name".
func (vd *validator) resolve(ref any) (any, error) {
	s, _ := ref.(string)
	rest, ok := strings.CutPrefix(s, "#/")
	if !ok {
		return nil, fmt.Errorf("only local references are supported, got %q", s)
	}
	var cur any = vd.root
	for _, part := range strings.Split(rest, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %q does not resolve", s)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("reference %q does not resolve", s)
		}
	}
	return cur, nil
}

func hasType(kw, v any) bool {
	if list, ok := kw.([]any); ok {
		return slices.ContainsFunc(list, func(t any) bool { return hasType(t, v) })
	}
	t := jsonType(v)
	return kw == t || (kw == "number" && t == "integer")
}

// jsonType names the JSON type of a decoded value; whole numbers are
// "integer".
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if f, err := x.Float64(); err == nil && f == math.Trunc(f) {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func number(v any) float64 {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case float64:
		return x
	}
	return math.NaN()
}

// equalJSON compares two decoded JSON values, numbers by value.
func equalJSON(a, b any) bool {
	if na, ok := a.(json.Number); ok {
		nb, ok := b.(json.Number)
		return ok && number(na) == number(nb)
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// decodeJSON decodes with numbers kept as json.Number.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// validationKeywords are the keywords validate applies.
var validationKeywords = map[string]bool{
	"$ref": true, "type": true, "enum": true, "const": true, "properties": true, "required": true,
	"additionalProperties": true, "items": true, "minItems": true, "maxItems": true, "minLength": true,
	"maxLength": true, "pattern": true, "minimum": true, "maximum": true, "format": true, "allOf": true,
	"anyOf": true, "oneOf": true, "if": true, "then": true, "else": true,
}

// unknownKeywords lists the keywords of a schema and its subschemas that
// validate does not know.
func unknownKeywords(schema any, path string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return nil
	}
	var out []string
	for k, v := range s {
		switch {
		case annotations[k]:
		case !validationKeywords[k]:
			out = append(out, path+": "+k)
		case k == "properties":
			props, _ := v.(map[string]any)
			for name, p := range props {
				out = append(out, unknownKeywords(p, path+".properties."+name)...)
			}
		case k == "allOf" || k == "anyOf" || k == "oneOf":
			list, _ := v.([]any)
			for i, sub := range list {
				out = append(out, unknownKeywords(sub, fmt.Sprintf("%s.%s[%d]", path, k, i))...)
			}
		case k == "items" || k == "additionalProperties" || k == "if" || k == "then" || k == "else":
			out = append(out, unknownKeywords(v, path+"."+k)...)
		}
	}
	return out
}

func TestValidator(t *testing.T) {
	root := map[string]any{"components": map[string]any{"schemas": map[string]any{"N": map[string]any{"type": "integer", "minimum": json.Number("1")}}}}
	vd := &validator{root: root}
	cases := []struct {
		schema, value string
		ok            bool
	}{
		{`{"type": "string"}`, `"a"`, true},
		{`{"type": "string"}`, `1`, false},
		{`{"type": ["string", "null"]}`, `null`, true},
		{`{"type": "integer"}`, `1.5`, false},
		{`{"type": "number"}`, `1`, true},
		{`{"enum": ["a", "b"]}`, `"c"`, false},
		{`{"const": 2}`, `2.0`, true},
		{`{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}`, `{"a": "x"}`, true},
		{`{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}`, `{}`, false},
		{`{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}`, `{"b": 1}`, false},
		{`{"type": "object", "additionalProperties": {"type": "integer"}}`, `{"b": "x"}`, false},
		{`{"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2}`, `[1, 2]`, true},
		{`{"type": "array", "items": {"type": "integer"}, "minItems": 1}`, `[]`, false},
		{`{"type": "array", "items": {"type": "integer"}, "maxItems": 2}`, `[1, 2, 3]`, false},
		{`{"type": "array", "items": {"type": "integer"}}`, `[1, "x"]`, false},
		{`{"maxLength": 3}`, `"Đảng"`, false},
		{`{"maxLength": 4}`, `"Đảng"`, true},
		{`{"minLength": 1}`, `""`, false},
		{`{"pattern": "^[0-9]{4}$"}`, `"2026"`, true},
		{`{"pattern": "^[0-9]{4}$"}`, `"26"`, false},
		{`{"minimum": 1, "maximum": 3}`, `4`, false},
		{`{"format": "date-time"}`, `"2026-01-09T10:00:00Z"`, true},
		{`{"format": "date-time"}`, `"09/01/2026"`, false},
		{`{"$ref": "#/components/schemas/N"}`, `0`, false},
		{`{"$ref": "#/components/schemas/N"}`, `1`, true},
		{`{"$ref": "#/components/schemas/Missing"}`, `1`, false},
		{`{"anyOf": [{"type": "string"}, {"type": "null"}]}`, `1`, false},
		{`{"oneOf": [{"type": "integer"}, {"type": "number"}]}`, `1`, false},
		{`{"allOf": [{"type": "integer"}, {"minimum": 2}]}`, `1`, false},
		{`{"if": {"properties": {"k": {"const": "a"}}}, "then": {"required": ["x"], "properties": {"x": {"type": "string"}}}}`, `{"k": "a", "x": 1}`, false},
		{`{"if": {"properties": {"k": {"const": "a"}}}, "then": {"properties": {"x": {"type": "string"}}}}`, `{"k": "b", "x": 1}`, true},
		{`{"uniqueItems": true}`, `[1]`, false},
		{`false`, `1`, false},
	}
	for _, tc := range cases {
		schema, err := decodeJSON([]byte(tc.schema))
		if err != nil {
			t.Fatal(err)
		}
		v, err := decodeJSON([]byte(tc.value))
		if err != nil {
			t.Fatal(err)
		}
		if errs := vd.validate(schema, v, "$"); (len(errs) == 0) != tc.ok {
			t.Errorf("%s against %s: %v, want ok=%v", tc.value, tc.schema, errs, tc.ok)
		}
	}
}
