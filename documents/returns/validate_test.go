package returns

import (
	"errors"
	"math"
	"strings"
	"testing"

	"vanthu/documents/review"
)

func TestValidateDefinition(t *testing.T) {
	good := func() *Definition {
		return &Definition{Year: 2025, Title: " Tổng hợp  năm 2025 ", Units: []Unit{{"viet-tri", "Thành ủy  Việt Trì"}, {"phu-tho", "Thị ủy Phú Thọ"}},
			Categories: []CategoryDef{{"đảng viên", review.GroupMembers}}}
	}
	for _, tc := range []struct {
		name string
		edit func(d *Definition)
		want []string // paths
	}{
		{"valid", func(*Definition) {}, nil},
		{"year", func(d *Definition) { d.Year = 25 }, []string{"year"}},
		{"no title", func(d *Definition) { d.Title = " " }, []string{"title"}},
		{"no units", func(d *Definition) { d.Units = nil }, []string{"units"}},
		{"code with capitals and spaces", func(d *Definition) { d.Units[1].Code = "Phu Tho" }, []string{"units[1].code"}},
		{"duplicate code", func(d *Definition) { d.Units[1].Code = "viet-tri" }, []string{"units[1].code"}},
		{"duplicate name", func(d *Definition) { d.Units[1].Name = "thành ủy việt trì" }, []string{"units[1].name"}},
		{"no name", func(d *Definition) { d.Units[0].Name = "" }, []string{"units[0].name"}},
		{"bad group", func(d *Definition) { d.Categories[0].Group = "party" }, []string{"categories[0].group"}},
		{"duplicate label", func(d *Definition) {
			d.Categories = append(d.Categories, CategoryDef{"Đảng  viên", review.GroupMembers})
		}, []string{"categories[1].label"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := good()
			tc.edit(d)
			var got []string
			for _, is := range ValidateDefinition(d) {
				got = append(got, is.Path)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("issues at %v, want %v", got, tc.want)
			}
		})
	}
	d := good()
	ValidateDefinition(d)
	if d.Title != "Tổng hợp năm 2025" || d.Units[0].Name != "Thành ủy Việt Trì" {
		t.Errorf("not cleaned: %q %q", d.Title, d.Units[0].Name)
	}
}

func TestNormalize(t *testing.T) {
	d := testDefinition()
	cat := func(label string, total, ev, exc, good, comp, notc int64) review.Category {
		return review.Category{Label: label, Total: total, Counts: review.Counts{Evaluated: ev, Excellent: exc, Good: good, Completed: comp, NotCompleted: notc}}
	}
	all := func() []review.Category {
		return []review.Category{
			cat("Đảng viên", 100, 98, 10, 80, 6, 2), // another order and case
			cat("đảng bộ cơ sở", 10, 10, 1, 8, 1, 0),
			cat("chi bộ trực thuộc  đảng ủy cơ sở", 20, 20, 2, 16, 2, 0),
		}
	}
	out, issues := Normalize(d, all())
	if len(issues) > 0 {
		t.Fatal(issues)
	}
	if out[0].Label != "đảng bộ cơ sở" || out[2].Label != "đảng viên" || out[2].Group != review.GroupMembers || out[2].Evaluated != 98 {
		t.Errorf("not in definition order: %+v", out)
	}
	for _, tc := range []struct {
		name string
		edit func([]review.Category) []review.Category
		want string
	}{
		{"unknown label", func(c []review.Category) []review.Category { c[0].Label = "đoàn viên"; return c }, "categories[0].label categories"},
		{"twice", func(c []review.Category) []review.Category { c[1].Label = "đảng viên"; return c }, "categories[1].label categories"},
		{"missing", func(c []review.Category) []review.Category { return c[:2] }, "categories"},
		{"wrong group", func(c []review.Category) []review.Category { c[0].Group = review.GroupLeaders; return c }, "categories[0].group"},
		{"levels", func(c []review.Category) []review.Category { c[1].Good++; return c }, "categories[1].evaluated"},
		{"evaluated above total", func(c []review.Category) []review.Category { c[1].Total = 9; return c }, "categories[1].evaluated"},
		{"negative", func(c []review.Category) []review.Category { c[2].Completed = -2; return c }, "categories[2].completed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, issues := Normalize(d, tc.edit(all()))
			var got []string
			for _, is := range issues {
				got = append(got, is.Path)
			}
			if strings.Join(got, " ") != tc.want || out != nil {
				t.Errorf("issues at %v, want %s", got, tc.want)
			}
		})
	}
}

func TestConsolidate(t *testing.T) {
	d := testDefinition()
	d.Units = []Unit{{"a", "Huyện ủy Cao Phong"}, {"b", "Huyện ủy Đà Bắc"}, {"c", "Huyện ủy Kim Bôi"}, {"d", "Huyện ủy Lạc Thủy"}}
	rev := func(code string, n int64, prevYear int) *Revision {
		r := &Revision{Unit: code, Revision: 1}
		for _, c := range d.Categories {
			cat := review.Category{Label: c.Label, Group: c.Group, Total: 10 * n, Counts: review.Counts{Evaluated: 9 * n, Excellent: n, Good: 6 * n, Completed: n, NotCompleted: n}}
			if prevYear > 0 {
				cat.Previous = &review.Previous{Year: prevYear, Counts: review.Counts{Evaluated: n, Good: n}}
			}
			r.Categories = append(r.Categories, cat)
		}
		return r
	}
	blocked := rev("c", 100, 0)
	blocked.Blocked = []Issue{{Path: "categories[0].total", Message: "không tìm thấy"}}
	c, err := Consolidate(d, map[string]*Revision{"a": rev("a", 1, 2024), "b": rev("b", 2, 2024), "c": blocked})
	if err != nil {
		t.Fatal(err)
	}
	if c.Received != 2 || c.Complete || strings.Join(c.Missing, ",") != "d" || strings.Join(c.Blocked, ",") != "c" {
		t.Errorf("states: %+v", c)
	}
	got := c.Categories[2]
	if got.Total != 30 || got.Evaluated != 27 || got.Excellent != 3 || got.Good != 18 || got.NotCompleted != 3 {
		t.Errorf("sum %+v", got)
	}
	if got.Previous == nil || got.Previous.Year != 2024 || got.Previous.Evaluated != 3 {
		t.Errorf("previous year %+v", got.Previous)
	}
	if c.Units[2].State != StateBlocked || c.Units[3].State != StateMissing || len(c.Units[2].Blocked) != 1 {
		t.Errorf("unit states %+v", c.Units)
	}
	// Last year's figures from some units only are not summed.
	c, _ = Consolidate(d, map[string]*Revision{"a": rev("a", 1, 2024), "b": rev("b", 2, 0)})
	if c.Categories[0].Previous != nil {
		t.Errorf("partial previous year summed: %+v", c.Categories[0].Previous)
	}
	huge := rev("a", math.MaxInt64/10, 0)
	if _, err := Consolidate(d, map[string]*Revision{"a": huge, "b": huge}); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow: %v", err)
	}
}
