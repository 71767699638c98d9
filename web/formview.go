package web

import (
	"strconv"
	"strings"

	"vanthu/documents/vnformat"
	"vanthu/templates"
)

// formField is one field of the compose form as the templates show it.
type formField struct {
	Path, ID, Name, Label, Type string
	Required                    bool
	MaxLength                   int
	Min, Max                    string
	MaxItems                    int
	Value                       string
	Options                     []option
	Children                    []*formField
	Items                       []*formField
	New                         *formField // an empty item, for the script to copy
	Errors                      []string
	IsItem                      bool
	Index                       int
	Counts                      *countsView
	Wide                        bool
	ItemLabel                   string // label of a list's items
	Count                       string // role in a review category's counts table
	Note                        string // a sentence of help of its own
}

type option struct {
	Value, Label string
	Selected     bool
}

// countsView is the counts table of one category of a review report.
type countsView struct {
	Evaluated *formField
	Rows      []countRow
	GoodPlus  string // count of "hoàn thành tốt nhiệm vụ trở lên"
	GoodPct   string
	Over      bool
	Excellent string
	Share     string
	Cap       string
	BaseCount string
	QuotaPct  int
	GoodOnly  bool
}

type countRow struct {
	Field   *formField
	Percent string
}

// formBuilder builds the fields and remembers each path's label, for the
// error summary.
type formBuilder struct {
	errs       map[string][]string
	labels     map[string]string
	order      map[string]int
	quotaBase  string
	quotaPct   int
	countsList string // path of the list whose items get a counts table
}

func fieldID(path string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "", "_", "-")
	return "f-" + r.Replace(path)
}

func (b *formBuilder) build(f templates.Field, path, parentLabel string, v any, isItem bool, index int) *formField {
	ff := &formField{
		Path: path, ID: fieldID(path), Name: f.Name, Label: f.Label, Type: f.Type, Required: f.Required,
		MaxLength: f.MaxLength, MaxItems: f.MaxItems, Errors: b.errs[path], IsItem: isItem, Index: index,
	}
	if ff.Label == "" {
		ff.Label = f.Name
	}
	full := ff.Label
	if isItem {
		full += " " + strconv.Itoa(index+1)
	}
	if parentLabel != "" {
		full = parentLabel + " › " + ff.Label
	}
	b.labels[path] = full
	if b.order != nil {
		b.order[path] = len(b.order)
	}
	if f.Min != nil {
		ff.Min = strconv.FormatInt(*f.Min, 10)
	}
	if f.Max != nil {
		ff.Max = strconv.FormatInt(*f.Max, 10)
	}
	switch f.Type {
	case templates.TypeObject:
		m, _ := v.(map[string]any)
		for _, c := range f.Fields {
			ff.Children = append(ff.Children, b.build(c, path+"."+c.Name, full, m[c.Name], false, 0))
		}
		if isItem && strings.HasPrefix(path, b.countsList+"[") {
			ff.Counts = b.counts(ff)
		}
	case templates.TypeList:
		l, _ := v.([]any)
		if f.Item != nil {
			ff.ItemLabel = f.Item.Label
			for i, e := range l {
				ff.Items = append(ff.Items, b.build(*f.Item, path+"["+strconv.Itoa(i)+"]", full, e, true, i))
			}
			nb := &formBuilder{labels: map[string]string{}, quotaBase: b.quotaBase, quotaPct: b.quotaPct, countsList: b.countsList}
			ff.New = nb.build(*f.Item, path+"[__new__]", full, nil, true, len(l))
		}
	default:
		s, _ := v.(string)
		ff.Value = s
		ff.Wide = f.Type == templates.TypeText || f.MaxLength > 300
		if f.Type == templates.TypeEnum {
			for _, o := range f.Values {
				ff.Options = append(ff.Options, option{Value: o, Label: enumLabel(f.Name, o), Selected: o == s})
			}
		}
	}
	return ff
}

// countFields are the fields of a review category shown in its table.
var countFields = []string{"excellent", "good", "completed", "not_completed"}

// counts takes the count fields of a category out of its children into a
// table with their percentages of the evaluated count, as the report will
// print them, and checks the ceiling on "hoàn thành xuất sắc".
func (b *formBuilder) counts(ff *formField) *countsView {
	byName := map[string]*formField{}
	var rest []*formField
	for _, c := range ff.Children {
		byName[c.Name] = c
	}
	if byName["evaluated"] == nil {
		return nil
	}
	for _, n := range countFields {
		if byName[n] == nil {
			return nil
		}
	}
	cv := &countsView{Evaluated: byName["evaluated"], QuotaPct: b.quotaPct, GoodOnly: b.quotaBase == "good_only"}
	cv.Evaluated.Count = "evaluated"
	inTable := map[string]bool{"evaluated": true}
	num := func(f *formField) (int64, bool) {
		d, err := vnformat.ParseNumber(strings.ReplaceAll(f.Value, " ", ""))
		if err != nil {
			return 0, false
		}
		return d.Int64()
	}
	evaluated, evOK := num(cv.Evaluated)
	pct := func(n int64, ok bool) string {
		if !ok || !evOK || evaluated <= 0 {
			return "—"
		}
		s, err := vnformat.PercentSign(n, evaluated, 2)
		if err != nil {
			return "—"
		}
		return s
	}
	vals := map[string]int64{}
	all := true
	for _, n := range countFields {
		inTable[n] = true
		byName[n].Count = n
		v, ok := num(byName[n])
		vals[n] = v
		all = all && ok
		cv.Rows = append(cv.Rows, countRow{Field: byName[n], Percent: pct(v, ok)})
	}
	gp := vals["excellent"] + vals["good"]
	cv.GoodPlus = vnformat.Int(gp)
	cv.GoodPct = pct(gp, all)
	base := gp
	if b.quotaBase == "good_only" {
		base = vals["good"]
	}
	limit := int64(b.quotaPct) * base / 100
	if all && vals["excellent"] > limit {
		cv.Over = true
		cv.Excellent, cv.Cap, cv.BaseCount = vnformat.Int(vals["excellent"]), vnformat.Int(limit), vnformat.Int(base)
		if s, err := vnformat.PercentSign(vals["excellent"], base, 2); err == nil {
			cv.Share = s
		} else {
			cv.Share = "—"
		}
	}
	for _, c := range ff.Children {
		if !inTable[c.Name] {
			rest = append(rest, c)
		}
	}
	ff.Children = rest
	return cv
}

// enumLabel is the Vietnamese text of an enumerated value.
func enumLabel(field, v string) string {
	switch v {
	case "":
		switch field {
		case "secrecy":
			return "Không mật"
		case "urgency":
			return "Không khẩn"
		}
		return "(không chọn)"
	case "organizations":
		return "Tổ chức đảng"
	case "members":
		return "Đảng viên"
	case "leadership_collectives":
		return "Tập thể lãnh đạo, quản lý"
	case "leaders":
		return "Cán bộ lãnh đạo, quản lý"
	}
	return v
}
