package web

import (
	"encoding/json"
	"reflect"
	"testing"

	"vanthu/templates"
)

func TestTreeFromFormAndOps(t *testing.T) {
	form := map[string][]string{
		"data.title":                {"Kết luận"},
		"data.sections[1].heading":  {"Hai"},
		"data.sections[0].heading":  {"Một"},
		"data.sections[0].items[0]": {"a"},
		"data.recipients[2]":        {"C"},
		"data.recipients[0]":        {"A"},
		"data.recipients[1]":        {"  "},
		"csrf":                      {"x"},
		"data.bad[":                 {"ignored"},
	}
	tree := treeFromForm(form)
	want := map[string]any{
		"title":      "Kết luận",
		"sections":   []any{map[string]any{"heading": "Một", "items": []any{"a"}}, map[string]any{"heading": "Hai"}},
		"recipients": []any{"A", "  ", "C"},
	}
	if !reflect.DeepEqual(tree, want) {
		t.Fatalf("tree = %#v", tree)
	}
	for _, tc := range []struct {
		op   string
		want []any
	}{
		{"down data.recipients[0]", []any{"  ", "A", "C"}},
		{"del data.recipients[0]", []any{"A", "C"}},
		{"up data.recipients[1]", []any{"C", "A"}},
		{"add data.recipients", []any{"C", "A", nil}},
	} {
		if !applyOp(tree, tc.op) {
			t.Fatalf("%s not applied", tc.op)
		}
		if got := tree["recipients"]; !reflect.DeepEqual(got, tc.want) {
			t.Fatalf("after %s: %#v", tc.op, got)
		}
	}
	if !applyOp(tree, "add data.sections[1].items") {
		t.Fatal("nested add")
	}
	compact(tree)
	if got := tree["recipients"]; !reflect.DeepEqual(got, []any{"C", "A"}) {
		t.Fatalf("compact: %#v", got)
	}
}

func TestToData(t *testing.T) {
	min0 := int64(0)
	fields := []templates.Field{
		{Name: "title", Type: "string", Required: true},
		{Name: "count", Type: "integer", Min: &min0},
		{Name: "bad", Type: "integer"},
		{Name: "issuer", Type: "object", Required: true, Fields: []templates.Field{{Name: "name", Type: "string"}}},
		{Name: "prev", Type: "object", Fields: []templates.Field{{Name: "year", Type: "integer"}}},
		{Name: "list", Type: "list", Item: &templates.Field{Type: "string"}},
	}
	got := toData(fields, map[string]any{"title": " ", "count": "36.449", "bad": "12a", "prev": map[string]any{"year": ""}, "list": []any{"x"}})
	b, _ := json.Marshal(got)
	if string(b) != `{"bad":"12a","count":36449,"issuer":{},"list":["x"]}` {
		t.Fatalf("data = %s", b)
	}
}

func TestTranslateAndSnippets(t *testing.T) {
	for _, tc := range []struct {
		in   templates.FieldError
		want string
	}{
		{templates.Required("data.title"), "Chưa nhập: đây là mục bắt buộc."},
		{templates.TooLong("data.title", 500, 512), "Dài quá: tối đa 500 ký tự (đang có 512)."},
		{templates.FieldError{Path: "data.categories[0]", Message: "Tổ chức: 1 + 2 = 3, khác số được đánh giá"}, "Tổ chức: 1 + 2 = 3, khác số được đánh giá"},
	} {
		if got := translate(tc.in); got != tc.want {
			t.Errorf("translate(%q) = %q", tc.in.Message, got)
		}
	}
	segs := splitSnippet(`… về <mark>kết</mark> &lt;b&gt; <mark>luận</mark>`)
	want := []segment{{Text: "… về "}, {Text: "kết", Mark: true}, {Text: " <b> "}, {Text: "luận", Mark: true}}
	if !reflect.DeepEqual(segs, want) {
		t.Fatalf("segments = %#v", segs)
	}
	if localPath("//evil.example/") != "/" || localPath("/van-ban/x?y=1") != "/van-ban/x?y=1" || localPath("https://x") != "/" {
		t.Error("localPath")
	}
}
