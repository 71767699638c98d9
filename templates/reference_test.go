package templates

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"vanthu/templates/docxtest"

	docx "github.com/lukasjarosch/go-docx"
)

// The reference pipeline is the design Render implements in one pass:
// clone each collection unit, rename {coll. to {coll.N. in the clones, then
// let go-docx fill the whole expanded document from the value tree
// flattened into one map ("sections.1.items.0.text"). Tests compare Render
// with it byte for byte.
//
// It is built from Render itself: every leaf of the values is replaced by
// its own renamed placeholder ("{sections.1.items.0.text}"), so Render
// writes exactly the expanded, renamed document, which go-docx then fills.

// referenceDocument renders v through the reference pipeline and returns
// its word/document.xml.
func referenceDocument(tb testing.TB, tpl *Template, v Values) (string, error) {
	tb.Helper()
	flat := map[string]string{}
	named, err := renameLeaves(v, "", flat)
	if err != nil {
		return "", err
	}
	expanded, err := tpl.Render(named.(Values))
	if err != nil {
		return "", err
	}
	values := docx.PlaceholderMap{}
	for k, s := range flat {
		values[k] = braceGuard.Replace(s)
	}
	out, err := goDocxFill(expanded, values)
	if err != nil {
		return "", err
	}
	return restoreBraces(docxtest.Part(tb, out, "word/document.xml")), nil
}

// renameLeaves copies a value tree, replacing each leaf by "{key}" and
// recording key -> sanitised text in flat.
func renameLeaves(v any, key string, flat map[string]string) (any, error) {
	join := func(k string) string {
		if key == "" {
			return k
		}
		return key + "." + k
	}
	if isObject(v) {
		out := Values{}
		for k, c := range v.(map[string]any) {
			r, err := renameLeaves(c, join(k), flat)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	}
	if list, isList, err := asList(v); err != nil {
		return nil, err
	} else if isList {
		out := make([]Values, len(list))
		for i, it := range list {
			r, err := renameLeaves(it, join(strconv.Itoa(i)), flat)
			if err != nil {
				return nil, err
			}
			out[i] = r.(Values)
		}
		return out, nil
	}
	text, err := scalarText(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	flat[key] = sanitize(text)
	return "{" + key + "}", nil
}

// goDocxFill opens pkg with go-docx, replaces every placeholder with its
// value in one ReplaceAll and returns the package go-docx writes.
func goDocxFill(pkg []byte, values docx.PlaceholderMap) (out []byte, err error) {
	goDocxMu.Lock()
	defer goDocxMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("go-docx panicked: %v", r)
		}
	}()
	doc, err := docx.OpenBytes(pkg)
	if err != nil {
		return nil, fmt.Errorf("go-docx open: %w", err)
	}
	if err := doc.ReplaceAll(values); err != nil {
		return nil, fmt.Errorf("go-docx replace: %w", err)
	}
	var buf bytes.Buffer
	if err := doc.Write(&buf); err != nil {
		return nil, fmt.Errorf("go-docx write: %w", err)
	}
	return buf.Bytes(), nil
}

// go-docx replaces key after key and finds each placeholder by the text at
// its position at that moment, so a value equal to a later key's
// placeholder ("{b}" as the value of a) is replaced again. Braces in values
// travel through go-docx as the bytes 0x01 and 0x02, which sanitize removes
// from every value, and are put back afterwards.
var braceGuard = strings.NewReplacer("{", "\x01", "}", "\x02")

func restoreBraces(s string) string {
	return strings.NewReplacer("\x01", "{", "\x02", "}").Replace(s)
}
