package templates

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var (
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,63}$`)
	kindPattern = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)
	datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	// standardPattern is a Party document symbol: number, type code, issuer
	// code ("36-HD/VPTW", "399-QĐ/TW").
	standardPattern = regexp.MustCompile(`^[0-9]{1,5}-\p{Lu}[\p{Lu}\p{Ll}]{0,9}/\p{Lu}[\p{Lu}0-9]{0,19}$`)
)

// Limits of a manifest.
const (
	maxFieldDepth          = 8
	maxFields              = 500
	maxManifestPlaceholder = 1000
	maxPlaceholderCap      = 100000
)

var fieldTypes = map[string]bool{
	TypeString: true, TypeText: true, TypeInteger: true, TypeDate: true,
	TypeEnum: true, TypeObject: true, TypeList: true,
}

// Check validates the manifest itself: its name (3 to 64 characters of
// a-z, 0-9 and '-', not starting with '-'), title, kind, fields (known
// types, options that fit their type, unique names) and placeholder list
// (valid dotted paths, no duplicates, none both a value and the parent of
// another). The error lists every problem found.
func (m Manifest) Check() error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	if !namePattern.MatchString(m.Name) {
		add("name %q must be 3 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit", m.Name)
	}
	if strings.TrimSpace(m.Title) == "" {
		add("title is required")
	}
	if m.Kind != "" && !kindPattern.MatchString(m.Kind) {
		add("kind %q must be lower-case letters and '_'", m.Kind)
	}
	if m.TypeCode != "" && !validTypeCode(m.TypeCode) {
		add("type_code %q must be 1 to 10 capital letters, e.g. \"TB\" or \"QĐ\"", m.TypeCode)
	}
	if m.Approval != "" && m.Approval != "optional" && m.Approval != "required" {
		add("approval %q must be \"required\" or \"optional\"", m.Approval)
	}
	if m.Standard != "" && !standardPattern.MatchString(m.Standard) {
		add("standard %q must be the symbol of a guidance document, e.g. \"36-HD/VPTW\"", m.Standard)
	}
	if m.MaxPlaceholders < 0 || m.MaxPlaceholders > maxPlaceholderCap {
		add("max_placeholders must be between 0 (default %d) and %d", DefaultMaxPlaceholders, maxPlaceholderCap)
	}
	count := 0
	checkFields(m.Fields, "fields", 1, &count, add)
	checkPlaceholderList(m.Placeholders, add)
	if len(p) == 0 {
		return nil
	}
	return errors.New(strings.Join(p, "; "))
}

func validTypeCode(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 1 && n <= 10
}

func checkFields(fields []Field, path string, depth int, count *int, add func(string, ...any)) {
	if depth > maxFieldDepth {
		add("%s: fields are nested more than %d levels deep", path, maxFieldDepth)
		return
	}
	seen := map[string]bool{}
	for i, f := range fields {
		*count++
		if *count > maxFields {
			add("more than %d fields", maxFields)
			return
		}
		fp := fmt.Sprintf("%s[%d]", path, i)
		if f.Name != "" {
			fp = path + "." + f.Name
		}
		switch {
		case f.Name == "":
			add("%s: name is required", fp)
		case !validSegment(f.Name):
			add("%s: name %q must be letters, digits, '_' and '-', starting with a letter or '_'", fp, f.Name)
		case seen[f.Name]:
			add("%s: the name %q is used twice", path, f.Name)
		}
		seen[f.Name] = true
		checkField(f, fp, depth, count, add)
	}
}

func checkField(f Field, fp string, depth int, count *int, add func(string, ...any)) {
	if !fieldTypes[f.Type] {
		add("%s: unknown type %q (use string, text, integer, date, enum, object or list)", fp, f.Type)
		return
	}
	if f.MaxLength < 0 || (f.MaxLength > 0 && f.Type != TypeString && f.Type != TypeText) {
		add("%s: max_length applies to string and text fields and must not be negative", fp)
	}
	if (f.Min != nil || f.Max != nil) && f.Type != TypeInteger {
		add("%s: min and max apply to integer fields", fp)
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		add("%s: min %d is greater than max %d", fp, *f.Min, *f.Max)
	}
	if f.MaxItems < 0 || (f.MaxItems > 0 && f.Type != TypeList) {
		add("%s: max_items applies to list fields and must not be negative", fp)
	}
	if len(f.Values) > 0 && f.Type != TypeEnum {
		add("%s: values apply to enum fields", fp)
	}
	if len(f.Fields) > 0 && f.Type != TypeObject {
		add("%s: fields apply to object fields", fp)
	}
	if f.Item != nil && f.Type != TypeList {
		add("%s: item applies to list fields", fp)
	}
	switch f.Type {
	case TypeEnum:
		if len(f.Values) == 0 {
			add("%s: an enum needs values", fp)
		}
		seen := map[string]bool{}
		for _, v := range f.Values {
			if seen[v] {
				add("%s: the value %q is listed twice", fp, v)
			}
			seen[v] = true
		}
	case TypeObject:
		if len(f.Fields) == 0 {
			add("%s: an object needs fields", fp)
		}
		checkFields(f.Fields, fp, depth+1, count, add)
	case TypeList:
		if f.Item == nil {
			add("%s: a list needs an item", fp)
			return
		}
		checkField(*f.Item, fp+".item", depth+1, count, add)
	}
}

func checkPlaceholderList(list []string, add func(string, ...any)) {
	if len(list) > maxManifestPlaceholder {
		add("more than %d placeholders", maxManifestPlaceholder)
		return
	}
	seen := map[string]bool{}
	for _, p := range list {
		if !validPath(p) {
			add("placeholder %q must be a dotted path of names (letters, digits, '_' and '-', each starting with a letter or '_'), e.g. \"signature.name\"", p)
			continue
		}
		if seen[p] {
			add("placeholder %q is listed twice", p)
		}
		seen[p] = true
	}
	for _, p := range list {
		segs := strings.Split(p, ".")
		for d := 1; d < len(segs); d++ {
			if prefix := strings.Join(segs[:d], "."); seen[prefix] {
				add("placeholder %q is a value, so %q cannot be one of its fields", prefix, p)
			}
		}
	}
}

// Validate checks JSON-decoded input (the "data" object) against the
// fields: required fields, types, max_length (in characters), min and max,
// max_items, dates that exist in the calendar, enum values, and no unknown
// fields. Numbers may be json.Number (json.Decoder.UseNumber) or float64.
// Paths look like "data.sections[1].heading"; messages are meant for the
// person who typed the data. The result is nil when the data is valid.
func (m Manifest) Validate(data map[string]any) []FieldError {
	var errs []FieldError
	validateObject(m.Fields, data, "data", &errs)
	return errs
}

func validateObject(fields []Field, obj map[string]any, path string, errs *[]FieldError) {
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.Name] = true
		v, ok := obj[f.Name]
		fp := path + "." + f.Name
		if !ok || v == nil {
			if f.Required {
				*errs = append(*errs, Required(fp))
			}
			continue
		}
		validateValue(f, v, fp, errs)
	}
	var unknown []string
	for k := range obj {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		*errs = append(*errs, UnknownField(path+"."+k))
	}
}

func validateValue(f Field, v any, path string, errs *[]FieldError) {
	add := func(fe FieldError) { *errs = append(*errs, fe) }
	fail := func(format string, args ...any) {
		add(FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	switch f.Type {
	case TypeString, TypeText:
		s, ok := v.(string)
		if !ok {
			fail("must be text, got %s", describe(v))
			return
		}
		if f.Required && strings.TrimSpace(s) == "" {
			add(RequiredNotEmpty(path))
			return
		}
		if f.Type == TypeString && strings.ContainsAny(s, "\r\n") {
			add(NotSingleLine(path))
		}
		// NFD input is longer than its NFC form: count in NFC, but only
		// normalise when the raw count is over the limit.
		if f.MaxLength > 0 && utf8.RuneCountInString(s) > f.MaxLength {
			if n := utf8.RuneCountInString(norm.NFC.String(s)); n > f.MaxLength {
				add(TooLong(path, f.MaxLength, n))
			}
		}
	case TypeInteger:
		n, ok := toInt(v)
		if !ok {
			add(NotInteger(path, v))
			return
		}
		if f.Min != nil && n < *f.Min {
			add(BelowMin(path, *f.Min, n))
		}
		if f.Max != nil && n > *f.Max {
			add(AboveMax(path, *f.Max, n))
		}
	case TypeDate:
		s, ok := v.(string)
		if !ok {
			add(BadDate(path, v))
			return
		}
		if s == "" && !f.Required {
			return
		}
		if !validDate(s) {
			add(BadDate(path, s))
		}
	case TypeEnum:
		s, ok := v.(string)
		if !ok || !slices.Contains(f.Values, s) {
			add(NotOneOf(path, f.Values, v))
			return
		}
		if f.Required && s == "" {
			add(RequiredNotEmpty(path))
		}
	case TypeObject:
		o, ok := v.(map[string]any)
		if !ok {
			fail("must be an object, got %s", describe(v))
			return
		}
		validateObject(f.Fields, o, path, errs)
	case TypeList:
		l, ok := v.([]any)
		if !ok {
			fail("must be a list, got %s", describe(v))
			return
		}
		if f.Required && len(l) == 0 {
			add(NeedsItem(path))
		}
		if f.MaxItems > 0 && len(l) > f.MaxItems {
			add(TooManyItems(path, f.MaxItems, len(l)))
			return
		}
		if f.Item == nil {
			return
		}
		for i, it := range l {
			validateValue(*f.Item, it, fmt.Sprintf("%s[%d]", path, i), errs)
		}
	}
}

// validDate reports whether s is YYYY-MM-DD and a day of the calendar.
func validDate(s string) bool {
	if !datePattern.MatchString(s) {
		return false
	}
	d, err := time.Parse(time.DateOnly, s)
	return err == nil && d.Year() >= 1
}

// toInt accepts json.Number, float64 and Go integers holding a whole number.
func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err == nil {
			return n, true
		}
		f, err := x.Float64()
		if err != nil {
			return 0, false
		}
		return toInt(f)
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, false
		}
		return int64(x), true
	case int:
		return int64(x), true
	case int64:
		return x, true
	case int32:
		return int64(x), true
	}
	return 0, false
}

// describeValue shows a scalar as typed, other values by kind.
func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case json.Number:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return describe(v)
}

func quoteList(values []string) string {
	q := make([]string, 0, len(values))
	empty := false
	for _, v := range values {
		if v == "" {
			empty = true
			continue
		}
		q = append(q, strconv.Quote(v))
	}
	s := strings.Join(q, ", ")
	if empty {
		s += " or empty"
	}
	return s
}

func (m Manifest) clone() Manifest {
	c := m
	c.Fields = cloneFields(m.Fields)
	c.Placeholders = slices.Clone(m.Placeholders)
	return c
}

func cloneFields(fs []Field) []Field {
	if fs == nil {
		return nil
	}
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = cloneField(f)
	}
	return out
}

func cloneField(f Field) Field {
	c := f
	if f.Min != nil {
		v := *f.Min
		c.Min = &v
	}
	if f.Max != nil {
		v := *f.Max
		c.Max = &v
	}
	c.Values = slices.Clone(f.Values)
	c.Fields = cloneFields(f.Fields)
	if f.Item != nil {
		it := cloneField(*f.Item)
		c.Item = &it
	}
	return c
}
