package review

import (
	"fmt"
	"slices"
	"strings"

	"vanthu/documents/vnformat"
)

// Validate checks the counts of every category and returns one [Issue] per
// problem, in field order; nil means the data are consistent. It checks that
// labels are present, groups are valid, counts are not negative, Evaluated
// does not exceed Total and the four levels add up to Evaluated, and the
// same for Previous, whose Year must be positive.
func Validate(cats []Category) []Issue {
	var issues []Issue
	for i, c := range cats {
		issues = append(issues, validateCategory(i, c)...)
	}
	return issues
}

func validateCategory(i int, c Category) []Issue {
	path := fmt.Sprintf("data.categories[%d]", i)
	name := labelOf(c)
	var issues []Issue
	add := func(field, msg string, args ...any) {
		issues = append(issues, Issue{Path: path + "." + field, Message: fmt.Sprintf(msg, args...)})
	}
	if name == "" {
		name = fmt.Sprintf("đối tượng thứ %d", i+1)
		add("label", "%s: chưa nhập tên đối tượng (ví dụ: đảng bộ cơ sở, đảng viên)", name)
	}
	switch {
	case c.Group == "":
		add("group", "%s: chưa chọn nhóm đối tượng (%s)", name, groupList())
	case !slices.Contains(Groups, c.Group):
		add("group", "%s: nhóm đối tượng %q không hợp lệ, phải là %s", name, c.Group, groupList())
	}
	if c.Total < 0 {
		add("total", "%s: tổng số không được âm (%s)", name, vnformat.Int(c.Total))
	}
	issues = append(issues, validateCounts(path, name, c.Counts)...)
	if c.Total >= 0 && c.Evaluated >= 0 && c.Evaluated > c.Total {
		add("evaluated", "%s: số được đánh giá, xếp loại %s lớn hơn tổng số %s",
			name, vnformat.Int(c.Evaluated), vnformat.Int(c.Total))
	}
	if p := c.Previous; p != nil {
		if p.Year <= 0 {
			add("previous.year", "%s: năm so sánh không hợp lệ (%d)", name, p.Year)
		}
		issues = append(issues, validateCounts(path+".previous", fmt.Sprintf("%s, năm %d", name, p.Year), p.Counts)...)
	}
	return issues
}

// validateCounts checks signs and the level sum of one set of counts.
func validateCounts(path, name string, c Counts) []Issue {
	var issues []Issue
	fields := []struct {
		field, what string
		v           int64
	}{
		{"evaluated", "số được đánh giá, xếp loại", c.Evaluated},
		{"excellent", "số " + nameExcellent, c.Excellent},
		{"good", "số " + nameGood, c.Good},
		{"completed", "số " + nameCompleted, c.Completed},
		{"not_completed", "số " + nameNotCompleted, c.NotCompleted},
	}
	negative := false
	for _, f := range fields {
		if f.v < 0 {
			negative = true
			issues = append(issues, Issue{
				Path:    path + "." + f.field,
				Message: fmt.Sprintf("%s: %s không được âm (%s)", name, f.what, vnformat.Int(f.v)),
			})
		}
	}
	if !negative && c.levelSum() != c.Evaluated {
		issues = append(issues, Issue{
			Path: path + ".evaluated",
			Message: fmt.Sprintf("%s: %s + %s + %s + %s = %s, khác số được đánh giá, xếp loại %s",
				name, vnformat.Int(c.Excellent), vnformat.Int(c.Good), vnformat.Int(c.Completed),
				vnformat.Int(c.NotCompleted), vnformat.Int(c.levelSum()), vnformat.Int(c.Evaluated)),
		})
	}
	return issues
}

func groupList() string {
	return strings.Join(Groups[:len(Groups)-1], ", ") + " hoặc " + Groups[len(Groups)-1]
}
