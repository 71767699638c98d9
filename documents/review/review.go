package review

// Groups of subjects a [Category] may belong to.
const (
	GroupOrganizations         = "organizations"          // tổ chức đảng
	GroupMembers               = "members"                // đảng viên
	GroupLeadershipCollectives = "leadership_collectives" // tập thể lãnh đạo, quản lý
	GroupLeaders               = "leaders"                // cán bộ lãnh đạo, quản lý
)

// Groups lists the valid values of [Category.Group].
var Groups = []string{GroupOrganizations, GroupMembers, GroupLeadershipCollectives, GroupLeaders}

// Level keys used by [Row.Key].
const (
	LevelExcellent    = "excellent"     // hoàn thành xuất sắc nhiệm vụ
	LevelGood         = "good"          // hoàn thành tốt nhiệm vụ
	LevelCompleted    = "completed"     // hoàn thành nhiệm vụ
	LevelNotCompleted = "not_completed" // không hoàn thành nhiệm vụ
	LevelGoodOrAbove  = "good_or_above" // hoàn thành tốt nhiệm vụ trở lên
)

// Level names as reports print them.
const (
	nameExcellent    = "hoàn thành xuất sắc nhiệm vụ"
	nameGood         = "hoàn thành tốt nhiệm vụ"
	nameCompleted    = "hoàn thành nhiệm vụ"
	nameNotCompleted = "không hoàn thành nhiệm vụ"
	nameGoodOrAbove  = "hoàn thành tốt nhiệm vụ trở lên"
)

// Counts are the results of one evaluation: Evaluated subjects, each in one
// of the four disjoint levels.
type Counts struct {
	Evaluated    int64 `json:"evaluated"`
	Excellent    int64 `json:"excellent"`     // hoàn thành xuất sắc nhiệm vụ
	Good         int64 `json:"good"`          // hoàn thành tốt nhiệm vụ
	Completed    int64 `json:"completed"`     // hoàn thành nhiệm vụ
	NotCompleted int64 `json:"not_completed"` // không hoàn thành nhiệm vụ
}

// GoodOrAbove returns Excellent + Good, the "hoàn thành tốt nhiệm vụ trở
// lên" set.
func (c Counts) GoodOrAbove() int64 { return c.Excellent + c.Good }

// levelSum returns the sum of the four levels.
func (c Counts) levelSum() int64 { return c.Excellent + c.Good + c.Completed + c.NotCompleted }

// Previous holds the results of an earlier year, for comparisons.
type Previous struct {
	Year int `json:"year"`
	Counts
}

// Category is one kind of subject in a report, such as "đảng bộ cơ sở" or
// "đảng viên". Label is the noun the report repeats ("có 19 đảng bộ cơ sở
// hoàn thành xuất sắc nhiệm vụ"); Group is one of [Groups]. Total is the
// number of subjects, of which Evaluated were rated; NotEvaluatedNote says
// why the others were not ("do mới thành lập chưa đủ 6 tháng").
type Category struct {
	Label string `json:"label"`
	Group string `json:"group"`
	Total int64  `json:"total"`
	Counts
	NotEvaluatedNote string    `json:"not_evaluated_note,omitempty"`
	Previous         *Previous `json:"previous,omitempty"`
}

// Issue is a validation error. Path names the offending field the way the
// API receives it ("data.categories[0].evaluated"); Message is Vietnamese,
// for the clerk who typed the figures.
type Issue struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}
