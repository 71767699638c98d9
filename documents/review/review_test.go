package review

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := baseCategory()
	for _, tc := range []struct {
		name string
		c    func() Category
		want []Issue
	}{
		{"valid", baseCategory, nil},
		{
			name: "levels do not add up",
			c: func() Category {
				c := baseCategory()
				c.NotCompleted = 1
				return c
			},
			want: []Issue{{"data.categories[0].evaluated", "đảng bộ cơ sở: 19 + 88 + 9 + 1 = 117, khác số được đánh giá, xếp loại 118"}},
		},
		{
			name: "evaluated above total",
			c: func() Category {
				c := baseCategory()
				c.Total = 100
				return c
			},
			want: []Issue{{"data.categories[0].evaluated", "đảng bộ cơ sở: số được đánh giá, xếp loại 118 lớn hơn tổng số 100"}},
		},
		{
			name: "negative counts",
			c: func() Category {
				c := baseCategory()
				c.Total, c.Completed = -1, -9
				return c
			},
			want: []Issue{
				{"data.categories[0].total", "đảng bộ cơ sở: tổng số không được âm (-1)"},
				{"data.categories[0].completed", "đảng bộ cơ sở: số hoàn thành nhiệm vụ không được âm (-9)"},
			},
		},
		{
			name: "missing label and group",
			c: func() Category {
				c := baseCategory()
				c.Label, c.Group = " ", ""
				return c
			},
			want: []Issue{
				{"data.categories[0].label", "đối tượng thứ 1: chưa nhập tên đối tượng (ví dụ: đảng bộ cơ sở, đảng viên)"},
				{"data.categories[0].group", "đối tượng thứ 1: chưa chọn nhóm đối tượng (organizations, members, leadership_collectives hoặc leaders)"},
			},
		},
		{
			name: "unknown group",
			c: func() Category {
				c := baseCategory()
				c.Group = "cells"
				return c
			},
			want: []Issue{{"data.categories[0].group", `đảng bộ cơ sở: nhóm đối tượng "cells" không hợp lệ, phải là organizations, members, leadership_collectives hoặc leaders`}},
		},
		{
			name: "previous year",
			c: func() Category {
				c := baseCategory()
				c.Previous = &Previous{Year: 2022, Counts: Counts{Evaluated: 36449, Excellent: 5893, Good: 27654, Completed: 2702, NotCompleted: -1}}
				return c
			},
			want: []Issue{{"data.categories[0].previous.not_completed", "đảng bộ cơ sở, năm 2022: số không hoàn thành nhiệm vụ không được âm (-1)"}},
		},
		{
			name: "previous year does not add up, no year",
			c: func() Category {
				c := baseCategory()
				c.Previous = &Previous{Counts: Counts{Evaluated: 36449, Excellent: 5893, Good: 27654, Completed: 2702, NotCompleted: 199}}
				return c
			},
			want: []Issue{
				{"data.categories[0].previous.year", "đảng bộ cơ sở: năm so sánh không hợp lệ (0)"},
				{"data.categories[0].previous.evaluated", "đảng bộ cơ sở, năm 0: 5.893 + 27.654 + 2.702 + 199 = 36.448, khác số được đánh giá, xếp loại 36.449"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Validate([]Category{tc.c()})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Validate:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
	// Paths carry the index of the category.
	bad := baseCategory()
	bad.Good = 87
	got := Validate([]Category{ok, bad})
	if len(got) != 1 || got[0].Path != "data.categories[1].evaluated" {
		t.Errorf("Validate of two categories = %q", got)
	}
}

func workedExample() Category {
	// §9.4: 485/513 good or above, 92 of them excellent, 393 good.
	return Category{
		Label: "chi bộ", Group: GroupOrganizations, Total: 513,
		Counts: Counts{Evaluated: 513, Excellent: 92, Good: 393, Completed: 20, NotCompleted: 8},
	}
}

func TestQuotaWarnings(t *testing.T) {
	over := Category{
		Label: "đảng viên", Group: GroupMembers, Total: 600,
		Counts: Counts{Evaluated: 600, Excellent: 120, Good: 350, Completed: 130},
	}
	for _, tc := range []struct {
		name string
		cats []Category
		base QuotaBase
		cap  int
		want []Warning
	}{
		{"good or above: within", []Category{workedExample()}, QuotaGoodOrAbove, 20, nil},
		{"default base is good or above", []Category{workedExample()}, "", 0, nil},
		{"unknown base is good or above", []Category{workedExample()}, "whatever", 20, nil},
		{
			name: "good only: over, readings disagree",
			cats: []Category{workedExample()}, base: QuotaGoodOnly, cap: 20,
			want: []Warning{{
				Category: 0, Label: "chi bộ", Code: CodeExcellentOverQuota, Share: "23,41%", Cap: "78",
				Message: "chi bộ: số hoàn thành xuất sắc nhiệm vụ là 92, bằng 23,41% số hoàn thành tốt nhiệm vụ (393), vượt mức tối đa 20% là 78. Nếu tính trên số hoàn thành tốt nhiệm vụ trở lên (485) thì tỷ lệ là 18,97%, mức tối đa là 97, không vượt.",
			}},
		},
		{
			name: "good or above: over under both readings",
			cats: []Category{workedExample(), over}, base: QuotaGoodOrAbove, cap: 20,
			want: []Warning{{
				Category: 1, Label: "đảng viên", Code: CodeExcellentOverQuota, Share: "25,53%", Cap: "94",
				Message: "đảng viên: số hoàn thành xuất sắc nhiệm vụ là 120, bằng 25,53% số hoàn thành tốt nhiệm vụ trở lên (470), vượt mức tối đa 20% là 94.",
			}},
		},
		{
			name: "wider cap",
			cats: []Category{over}, base: QuotaGoodOrAbove, cap: 26,
			want: nil,
		},
		{
			name: "good only with no good",
			cats: []Category{{Label: "chi bộ", Group: GroupOrganizations, Total: 3, Counts: Counts{Evaluated: 3, Excellent: 3}}},
			base: QuotaGoodOnly, cap: 20,
			want: []Warning{{
				Category: 0, Label: "chi bộ", Code: CodeExcellentOverQuota, Share: "—", Cap: "0",
				Message: "chi bộ: số hoàn thành xuất sắc nhiệm vụ là 3, bằng — số hoàn thành tốt nhiệm vụ (0), vượt mức tối đa 20% là 0.",
			}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := QuotaWarnings(tc.cats, tc.base, tc.cap)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("QuotaWarnings:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestQuotaBaseValid(t *testing.T) {
	for b, want := range map[QuotaBase]bool{"": true, QuotaGoodOrAbove: true, QuotaGoodOnly: true, "good": false} {
		if b.Valid() != want {
			t.Errorf("QuotaBase(%q).Valid() = %v", b, !want)
		}
	}
}

func TestWarningJSON(t *testing.T) {
	b, err := json.Marshal(Warning{Category: 2, Label: "chi bộ", Code: CodeExcellentOverQuota, Message: "m", Share: "23,41%", Cap: "78"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"category":2,"label":"chi bộ","code":"excellent_over_quota","message":"m","share":"23,41%","cap":"78"}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}

func TestCategoryJSON(t *testing.T) {
	in := `{"label":"đảng bộ cơ sở","group":"organizations","total":120,"evaluated":118,"excellent":19,"good":88,"completed":9,"not_completed":2,"not_evaluated_note":"do mới thành lập chưa đủ 6 tháng","previous":{"year":2022,"evaluated":110,"excellent":15,"good":88,"completed":5,"not_completed":2}}`
	var c Category
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	if c.Evaluated != 118 || c.NotCompleted != 2 || c.Previous == nil || c.Previous.Year != 2022 || c.Previous.Excellent != 15 {
		t.Errorf("decoded %+v", c)
	}
}

func TestTable(t *testing.T) {
	got := Table(baseCategory())
	want := []Row{
		{LevelExcellent, "Hoàn thành xuất sắc nhiệm vụ", "19", "16,10%"},
		{LevelGood, "Hoàn thành tốt nhiệm vụ", "88", "74,58%"},
		{LevelCompleted, "Hoàn thành nhiệm vụ", "9", "7,63%"},
		{LevelNotCompleted, "Không hoàn thành nhiệm vụ", "2", "1,69%"},
		{LevelGoodOrAbove, "Hoàn thành tốt nhiệm vụ trở lên", "107", "90,68%"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Table:\n got %+v\nwant %+v", got, want)
	}
	none := Table(Category{Label: "chi bộ", Total: 5})
	for _, r := range none {
		if r.Count != "0" || r.Percent != "—" {
			t.Errorf("Table of nobody evaluated: %+v", r)
		}
	}
	members := Table(Category{Label: "đảng viên", Total: 37120, Counts: Counts{Evaluated: 36449, Excellent: 5893, Good: 27654, Completed: 2702, NotCompleted: 200}})
	if members[1].Count != "27.654" || members[1].Percent != "75,87%" || members[4].Count != "33.547" {
		t.Errorf("Table with thousands: %+v", members)
	}
}

func TestSummary(t *testing.T) {
	got := Summary([]Category{
		baseCategory(),
		{Label: " đảng viên ", Total: 37120, Counts: Counts{Evaluated: 36449, Excellent: 5893, Good: 27654, Completed: 2902}},
		{Label: "chi bộ", Total: 5},
	})
	want := []SummaryRow{
		{"1", "đảng bộ cơ sở", "120", "118", "19 (16,10%)", "88 (74,58%)", "9 (7,63%)", "2 (1,69%)"},
		{"2", "đảng viên", "37.120", "36.449", "5.893 (16,17%)", "27.654 (75,87%)", "2.902 (7,96%)", "0"},
		{"3", "chi bộ", "5", "0", "0", "0", "0", "0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summary:\n got %+v\nwant %+v", got, want)
	}
}
