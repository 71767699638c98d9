package returns

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/review"
)

// Limits of a definition.
const (
	MaxUnits      = 500
	MaxCategories = 100
	maxName       = 200
)

var codeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// ValidCode reports whether code can name a unit: 1 to 40 lower-case ASCII
// letters, digits, '-' and '_', starting with a letter or digit.
func ValidCode(code string) bool { return codeRe.MatchString(code) }

// clean trims and NFC-normalises a name.
func clean(s string) string { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) }

// fold is the form labels are compared in.
func fold(s string) string { return strings.ToLower(clean(s)) }

// ValidateDefinition cleans d in place and returns every problem.
func ValidateDefinition(d *Definition) []Issue {
	var issues []Issue
	add := func(path, msg string, args ...any) {
		issues = append(issues, Issue{Path: path, Message: fmt.Sprintf(msg, args...)})
	}
	if d.Year < 1930 || d.Year > 2100 {
		add("year", "năm đánh giá, xếp loại phải từ 1930 đến 2100 (đã nhập %d)", d.Year)
	}
	d.Title = clean(d.Title)
	if d.Title == "" || len([]rune(d.Title)) > 500 {
		add("title", "tên đợt tổng hợp là bắt buộc, tối đa 500 ký tự")
	}
	switch {
	case len(d.Units) == 0:
		add("units", "chưa có đơn vị nào (mỗi đơn vị gồm mã và tên)")
	case len(d.Units) > MaxUnits:
		add("units", "tối đa %d đơn vị, đã nhập %d", MaxUnits, len(d.Units))
	}
	codes, names := map[string]int{}, map[string]int{}
	for i := range d.Units {
		u := &d.Units[i]
		u.Code, u.Name = strings.TrimSpace(u.Code), clean(u.Name)
		path := fmt.Sprintf("units[%d]", i)
		if !ValidCode(u.Code) {
			add(path+".code", "mã đơn vị %q không hợp lệ: 1–40 chữ thường không dấu, chữ số, '-' hoặc '_' (ví dụ: mai-chau)", u.Code)
		} else if j, dup := codes[u.Code]; dup {
			add(path+".code", "mã đơn vị %q trùng với units[%d]", u.Code, j)
		}
		codes[u.Code] = i
		if u.Name == "" || len([]rune(u.Name)) > maxName {
			add(path+".name", "tên đơn vị là bắt buộc, tối đa %d ký tự", maxName)
		} else if j, dup := names[fold(u.Name)]; dup {
			add(path+".name", "tên đơn vị %q trùng với units[%d]", u.Name, j)
		}
		names[fold(u.Name)] = i
	}
	switch {
	case len(d.Categories) == 0:
		add("categories", "chưa có đối tượng nào (ví dụ: đảng bộ cơ sở, đảng viên)")
	case len(d.Categories) > MaxCategories:
		add("categories", "tối đa %d đối tượng, đã nhập %d", MaxCategories, len(d.Categories))
	}
	labels := map[string]int{}
	for i := range d.Categories {
		c := &d.Categories[i]
		c.Label, c.Group = clean(c.Label), strings.TrimSpace(c.Group)
		path := fmt.Sprintf("categories[%d]", i)
		if c.Label == "" || len([]rune(c.Label)) > maxName {
			add(path+".label", "tên đối tượng là bắt buộc, tối đa %d ký tự", maxName)
		} else if j, dup := labels[fold(c.Label)]; dup {
			add(path+".label", "đối tượng %q trùng với categories[%d]", c.Label, j)
		}
		labels[fold(c.Label)] = i
		if !slices.Contains(review.Groups, c.Group) {
			add(path+".group", "nhóm đối tượng %q không hợp lệ, phải là %s", c.Group, strings.Join(review.Groups, ", "))
		}
	}
	return issues
}

// Normalize matches a unit's categories to the definition by label (case
// and spacing aside), takes label and group from the definition, and
// validates the counts as a review report's (review.Validate). The result
// is in the order of the definition. Issues name the input's paths
// ("categories[2].evaluated"); with issues the result is nil.
func Normalize(d *Definition, in []review.Category) ([]review.Category, []Issue) {
	var issues []Issue
	index := map[string]int{}
	for i, c := range d.Categories {
		index[fold(c.Label)] = i
	}
	out := make([]review.Category, len(d.Categories))
	seen := make([]int, len(d.Categories))
	for i := range seen {
		seen[i] = -1
	}
	for i, c := range in {
		path := fmt.Sprintf("categories[%d]", i)
		k, ok := index[fold(c.Label)]
		switch {
		case !ok:
			issues = append(issues, Issue{Path: path + ".label", Message: fmt.Sprintf("đối tượng %q không có trong đợt tổng hợp (%s)", clean(c.Label), labelList(d))})
			continue
		case seen[k] >= 0:
			issues = append(issues, Issue{Path: path + ".label", Message: fmt.Sprintf("đối tượng %q đã nhập ở categories[%d]", clean(c.Label), seen[k])})
			continue
		case c.Group != "" && c.Group != d.Categories[k].Group:
			issues = append(issues, Issue{Path: path + ".group", Message: fmt.Sprintf("%s thuộc nhóm %q, không phải %q", d.Categories[k].Label, d.Categories[k].Group, c.Group)})
		}
		seen[k] = i
		c.Label, c.Group = d.Categories[k].Label, d.Categories[k].Group
		c.NotEvaluatedNote = clean(c.NotEvaluatedNote)
		out[k] = c
		for _, is := range review.Validate([]review.Category{c}) {
			is.Path = strings.Replace(is.Path, "data.categories[0]", path, 1)
			issues = append(issues, is)
		}
	}
	for k, i := range seen {
		if i < 0 {
			issues = append(issues, Issue{Path: "categories", Message: fmt.Sprintf("thiếu số liệu của đối tượng %q", d.Categories[k].Label)})
		}
	}
	if len(issues) > 0 {
		return nil, issues
	}
	return out, nil
}

func labelList(d *Definition) string {
	labels := make([]string, len(d.Categories))
	for i, c := range d.Categories {
		labels[i] = c.Label
	}
	return strings.Join(labels, "; ")
}
