package templates

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func int64p(v int64) *int64 { return &v }

func validManifest() Manifest {
	return Manifest{
		Name: "thong-bao", Title: "Thông báo", TypeCode: "TB", TypeName: "THÔNG BÁO", Kind: "notice", Standard: "05-HD/VPTW",
		Fields: []Field{
			{Name: "title", Type: TypeString, Required: true, MaxLength: 20},
			{Name: "body", Type: TypeText},
			{Name: "number", Type: TypeInteger, Min: int64p(1), Max: int64p(99999)},
			{Name: "date", Type: TypeDate, Required: true},
			{Name: "secrecy", Type: TypeEnum, Values: []string{"", "MẬT", "TỐI MẬT"}},
			{Name: "signature", Type: TypeObject, Required: true, Fields: []Field{
				{Name: "name", Type: TypeString, Required: true},
			}},
			{Name: "sections", Type: TypeList, MaxItems: 2, Item: &Field{Type: TypeObject, Fields: []Field{
				{Name: "heading", Type: TypeString, Required: true},
				{Name: "items", Type: TypeList, Item: &Field{Type: TypeString, MaxLength: 5}},
			}}},
			{Name: "recipients", Type: TypeList, Required: true, Item: &Field{Type: TypeString}},
		},
		Placeholders: []string{"title", "signature.name", "sections.heading", "sections.items.text"},
	}
}

func TestManifestCheck(t *testing.T) {
	if err := validManifest().Check(); err != nil {
		t.Fatalf("valid manifest: %v", err)
	}
	cases := []struct {
		name   string
		edit   func(*Manifest)
		substr string
	}{
		{"short name", func(m *Manifest) { m.Name = "tb" }, `name "tb" must be 3 to 64`},
		{"upper-case name", func(m *Manifest) { m.Name = "Thong-bao" }, `name "Thong-bao"`},
		{"name starting with a dash", func(m *Manifest) { m.Name = "-thong" }, `name "-thong"`},
		{"long name", func(m *Manifest) { m.Name = strings.Repeat("a", 65) }, `must be 3 to 64`},
		{"no title", func(m *Manifest) { m.Title = " " }, "title is required"},
		{"bad kind", func(m *Manifest) { m.Kind = "Notice!" }, `kind "Notice!"`},
		{"bad type code", func(m *Manifest) { m.TypeCode = "tb" }, `type_code "tb"`},
		{"standard with words", func(m *Manifest) { m.Standard = "Hướng dẫn 36-HD/VPTW" }, `standard "Hướng dẫn 36-HD/VPTW" must be the symbol`},
		{"standard without issuer", func(m *Manifest) { m.Standard = "36-HD" }, `standard "36-HD"`},
		{"negative cap", func(m *Manifest) { m.MaxPlaceholders = -1 }, "max_placeholders"},
		{"unknown approval", func(m *Manifest) { m.Approval = "always" }, `approval "always" must be "required" or "optional"`},
		{"unknown type", func(m *Manifest) { m.Fields[0].Type = "number" }, `fields.title: unknown type "number"`},
		{"field without a name", func(m *Manifest) { m.Fields[0].Name = "" }, "fields[0]: name is required"},
		{"bad field name", func(m *Manifest) { m.Fields[0].Name = "tiêu đề" }, `name "tiêu đề"`},
		{"duplicate field", func(m *Manifest) { m.Fields[1].Name = "title" }, `the name "title" is used twice`},
		{"max_length on an integer", func(m *Manifest) { m.Fields[2].MaxLength = 3 }, "fields.number: max_length applies"},
		{"min above max", func(m *Manifest) { m.Fields[2].Min = int64p(10); m.Fields[2].Max = int64p(1) }, "min 10 is greater than max 1"},
		{"min on a string", func(m *Manifest) { m.Fields[0].Min = int64p(1) }, "fields.title: min and max apply"},
		{"enum without values", func(m *Manifest) { m.Fields[4].Values = nil }, "fields.secrecy: an enum needs values"},
		{"enum value twice", func(m *Manifest) { m.Fields[4].Values = []string{"A", "A"} }, `the value "A" is listed twice`},
		{"object without fields", func(m *Manifest) { m.Fields[5].Fields = nil }, "fields.signature: an object needs fields"},
		{"list without item", func(m *Manifest) { m.Fields[6].Item = nil }, "fields.sections: a list needs an item"},
		{"bad nested type", func(m *Manifest) { m.Fields[6].Item.Fields[1].Item.Type = "x" }, `fields.sections.item.items.item: unknown type "x"`},
		{"max_items on a string", func(m *Manifest) { m.Fields[0].MaxItems = 2 }, "max_items applies"},
		{"bad placeholder", func(m *Manifest) { m.Placeholders = append(m.Placeholders, "so hieu") }, `placeholder "so hieu" must be a dotted path`},
		{"placeholder twice", func(m *Manifest) { m.Placeholders = append(m.Placeholders, "title") }, `placeholder "title" is listed twice`},
		{"value and parent", func(m *Manifest) { m.Placeholders = append(m.Placeholders, "title.x") }, `placeholder "title" is a value`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := validManifest()
			tc.edit(&m)
			err := m.Check()
			if err == nil || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("want an error containing %q, got %v", tc.substr, err)
			}
		})
	}
}

// decode decodes JSON as the API does: numbers as json.Number.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestManifestValidate(t *testing.T) {
	const valid = `{"title": "Kết luận", "date": "2020-02-29", "number": 15, "secrecy": "MẬT",
		"signature": {"name": "Nguyễn Văn A"},
		"sections": [{"heading": "I", "items": ["một", "hai"]}, {"heading": "II"}],
		"recipients": ["Lưu"]}`
	if errs := validManifest().Validate(decode(t, valid)); errs != nil {
		t.Fatalf("valid data: %v", errs)
	}
	cases := []struct {
		name string
		json string
		want []pathMessage
	}{
		{"required fields missing", `{"recipients": ["a"]}`, []pathMessage{
			{"data.title", "is required"}, {"data.date", "is required"}, {"data.signature", "is required"}}},
		{"null counts as missing", `{"title": null, "date": "2020-01-01", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.title", "is required"}}},
		{"empty required text", `{"title": "  ", "date": "2020-01-01", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.title", "is required and must not be empty"}}},
		{"not a calendar date", `{"title": "a", "date": "2019-13-40", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.date", `must be a date in the form YYYY-MM-DD, got "2019-13-40"`}}},
		{"29 February of a common year", `{"title": "a", "date": "2019-02-29", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.date", `must be a date in the form YYYY-MM-DD, got "2019-02-29"`}}},
		{"date in another form", `{"title": "a", "date": "20/6/2019", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.date", `must be a date in the form YYYY-MM-DD, got "20/6/2019"`}}},
		{"date as a number", `{"title": "a", "date": 20190620, "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.date", `must be a date in the form YYYY-MM-DD, got 20190620`}}},
		{"types", `{"title": 5, "date": "2020-01-01", "number": "15", "signature": "A", "sections": {}, "recipients": ["a"]}`, []pathMessage{
			{"data.title", "must be text, got a number"}, {"data.number", `must be a whole number, got "15"`},
			{"data.signature", "must be an object, got text"}, {"data.sections", "must be a list, got an object"}}},
		{"fraction", `{"title": "a", "date": "2020-01-01", "number": 1.5, "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.number", "must be a whole number, got 1.5"}}},
		{"min and max", `{"title": "a", "date": "2020-01-01", "number": 0, "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.number", "must be at least 1, got 0"}}},
		{"max", `{"title": "a", "date": "2020-01-01", "number": 100000, "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.number", "must be at most 99999, got 100000"}}},
		{"max_length counts characters", `{"title": "Thông báo kết luận dài", "date": "2020-01-01", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.title", "must be at most 20 characters, got 22"}}},
		{"line break in a string", `{"title": "a\nb", "date": "2020-01-01", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.title", "must be a single line (no line breaks)"}}},
		{"enum", `{"title": "a", "date": "2020-01-01", "secrecy": "mật", "signature": {"name": "a"}, "recipients": ["a"]}`, []pathMessage{
			{"data.secrecy", `must be one of "MẬT", "TỐI MẬT" or empty, got "mật"`}}},
		{"nested paths", `{"title": "a", "date": "2020-01-01", "signature": {"name": "a", "rank": 1},
			"sections": [{"heading": "I"}, {"items": ["dài quá", 3]}], "recipients": ["a"]}`, []pathMessage{
			{"data.signature.rank", "is not a field of this template; remove it or check its spelling"},
			{"data.sections[1].heading", "is required"},
			{"data.sections[1].items[0]", "must be at most 5 characters, got 7"},
			{"data.sections[1].items[1]", "must be text, got a number"}}},
		{"too many items", `{"title": "a", "date": "2020-01-01", "signature": {"name": "a"}, "sections": [{"heading": "1"}, {"heading": "2"}, {"heading": "3"}], "recipients": ["a"]}`, []pathMessage{
			{"data.sections", "must have at most 2 items, got 3"}}},
		{"required list empty", `{"title": "a", "date": "2020-01-01", "signature": {"name": "a"}, "recipients": []}`, []pathMessage{
			{"data.recipients", "needs at least one item"}}},
		{"unknown fields sorted", `{"title": "a", "date": "2020-01-01", "signature": {"name": "a"}, "recipients": ["a"], "zeta": 1, "alpha": 2}`, []pathMessage{
			{"data.alpha", "is not a field of this template; remove it or check its spelling"},
			{"data.zeta", "is not a field of this template; remove it or check its spelling"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := pathMessages(validManifest().Validate(decode(t, tc.json)))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestManifestValidateFloat64(t *testing.T) {
	var data map[string]any
	if err := json.Unmarshal([]byte(`{"title": "a", "date": "2020-01-01", "number": 15.0, "signature": {"name": "a"}, "recipients": ["a"]}`), &data); err != nil {
		t.Fatal(err)
	}
	if errs := validManifest().Validate(data); errs != nil {
		t.Errorf("float64 whole number: %v", errs)
	}
	data["number"] = 1e300
	if errs := validManifest().Validate(data); len(errs) != 1 || errs[0].Path != "data.number" {
		t.Errorf("huge number: %v", errs)
	}
}

// The example request of each built-in template validates against its
// manifest.
func TestBuiltinExamplesValidate(t *testing.T) {
	r, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.List() {
		raw, err := os.ReadFile("examples/" + m.Name + ".json")
		if err != nil {
			t.Logf("no example for %s", m.Name)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var req struct {
			Data map[string]any `json:"data"`
		}
		if err := dec.Decode(&req); err != nil {
			t.Fatal(err)
		}
		if errs := m.Validate(req.Data); errs != nil {
			t.Errorf("%s: %v", m.Name, errs)
		}
	}
}

// pathMessage is the part of a FieldError the API returns.
type pathMessage struct{ Path, Message string }

// pathMessages keeps the paths and messages of errs; their reasons are
// checked with the pages that translate them.
func pathMessages(errs []FieldError) []pathMessage {
	var out []pathMessage
	for _, e := range errs {
		out = append(out, pathMessage{e.Path, e.Message})
	}
	return out
}
