package returns

import (
	"reflect"
	"strings"
	"testing"

	"vanthu/documents/review"
)

func testDefinition() *Definition {
	return &Definition{Year: 2025, Title: "Tổng hợp", Units: []Unit{{"mai-chau", "Huyện ủy Mai Châu"}},
		Categories: []CategoryDef{
			{"đảng bộ cơ sở", review.GroupOrganizations},
			{"chi bộ trực thuộc đảng ủy cơ sở", review.GroupOrganizations},
			{"đảng viên", review.GroupMembers},
		}}
}

func narrativeOf(cats []review.Category) string {
	var b strings.Builder
	b.WriteString("Ban Thường vụ Huyện ủy báo cáo kết quả năm 2025 như sau:\n")
	for i, c := range cats {
		b.WriteString(string(rune('1'+i)) + "- Đối với " + c.Label + "\n" + review.Narrative(c) + "\n")
	}
	return b.String()
}

func TestFromText(t *testing.T) {
	d := testDefinition()
	want := []review.Category{
		{Label: "đảng bộ cơ sở", Group: review.GroupOrganizations, Total: 12, Counts: review.Counts{Evaluated: 12, Excellent: 2, Good: 9, Completed: 1}},
		{Label: "chi bộ trực thuộc đảng ủy cơ sở", Group: review.GroupOrganizations, Total: 86, Counts: review.Counts{Evaluated: 85, Excellent: 0, Good: 80, Completed: 3, NotCompleted: 2}},
		{Label: "đảng viên", Group: review.GroupMembers, Total: 2950, Counts: review.Counts{Evaluated: 2901, Excellent: 450, Good: 2250, Completed: 190, NotCompleted: 11}},
	}
	text := narrativeOf(want)
	for _, tc := range []struct {
		name    string
		text    string
		blocked []string // paths
	}{
		{"generated narrative", text, nil},
		{"decomposed text", strings.NewReplacer("ả", "a\u0309").Replace(text), nil},
		{"rounding slip", strings.Replace(text, "chiếm 93,07%", "chiếm 93,10%", 1), []string{"categories[2]"}},
		{"category left out", strings.Replace(text, "2- Đối với chi bộ", "", 1)[:strings.Index(text, "2- Đối với")], []string{"categories[1].total", "categories[2].total"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := FromText(d, tc.text)
			var paths []string
			for _, b := range ex.Blocked {
				paths = append(paths, b.Path)
			}
			if tc.blocked == nil {
				if len(paths) > 0 {
					t.Fatalf("blocked: %+v", ex.Blocked)
				}
				if !reflect.DeepEqual(ex.Categories, want) {
					t.Fatalf("categories:\n got %+v\nwant %+v", ex.Categories, want)
				}
				if len(ex.Figures) != 18 {
					t.Errorf("%d figures with sources, want 18", len(ex.Figures))
				}
				for _, f := range ex.Figures {
					if ex.Text[f.Start:f.End] != f.Excerpt || f.Excerpt == "" {
						t.Errorf("figure %s: excerpt %q does not match the text at %d–%d", f.Path, f.Excerpt, f.Start, f.End)
					}
				}
				return
			}
			for _, p := range tc.blocked {
				found := false
				for _, got := range paths {
					found = found || got == p
				}
				if !found {
					t.Errorf("not blocked at %s; blocked: %v", p, ex.Blocked)
				}
			}
		})
	}
}

// TestFromTextOtherWording takes figures written level first and counted in
// "đồng chí", with evaluated counts in the "a/b" form: each belongs to the
// category named before it.
func TestFromTextOtherWording(t *testing.T) {
	d := &Definition{Categories: []CategoryDef{{"tổ chức cơ sở đảng", review.GroupOrganizations}, {"đảng viên", review.GroupMembers}}}
	text := "1. Đối với tổ chức cơ sở đảng\nTổng số tổ chức cơ sở đảng là 32; đã đánh giá, xếp loại 32/32 tổ chức cơ sở đảng. " +
		"Kết quả: Hoàn thành xuất sắc nhiệm vụ: 5 tổ chức, chiếm 15,63%; hoàn thành tốt nhiệm vụ: 24 tổ chức, chiếm 75%; " +
		"hoàn thành nhiệm vụ: 3 tổ chức, chiếm 9,38%; không có tổ chức cơ sở đảng không hoàn thành nhiệm vụ.\n" +
		"2. Đối với đảng viên\nTổng số đảng viên được đánh giá, xếp loại là 2.901/2.950 đồng chí. Trong đó: 450 đồng chí hoàn thành " +
		"xuất sắc nhiệm vụ, chiếm 15,51%; 2.250 đồng chí hoàn thành tốt nhiệm vụ, chiếm 77,56%; 190 đồng chí hoàn thành nhiệm vụ, " +
		"chiếm 6,55%; 11 đồng chí không hoàn thành nhiệm vụ, chiếm 0,38%."
	ex := FromText(d, text)
	got := ex.Categories[0]
	if got.Total != 32 || got.Excellent != 5 || got.Good != 24 || got.Completed != 3 || got.NotCompleted != 0 {
		t.Errorf("tổ chức cơ sở đảng: %+v", got)
	}
	if ex.Categories[1].Excellent != 450 || ex.Categories[1].NotCompleted != 11 {
		t.Errorf("đảng viên: %+v", ex.Categories[1])
	}
	// The checker reads "đã đánh giá, xếp loại 32/32" and "được đánh giá,
	// xếp loại là 2.901/2.950": every figure is taken, so nothing blocks.
	if got.Evaluated != 32 || ex.Categories[1].Evaluated != 2901 || ex.Categories[1].Total != 2950 {
		t.Errorf("evaluated counts in the a/b form were not taken: %+v, %+v", got, ex.Categories[1])
	}
	if len(ex.Blocked) != 0 {
		t.Errorf("a report whose every figure is readable blocked the unit: %+v", ex.Blocked)
	}
}
