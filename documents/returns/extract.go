package returns

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/review"
	"vanthu/documents/statcheck"
)

// Extraction is what [FromText] takes from a unit's report.
type Extraction struct {
	Text       string // the NFC text the offsets refer to
	Categories []review.Category
	Figures    []Figure
	Findings   []statcheck.Claim
	Summary    statcheck.Summary
	// Blocked lists what keeps the figures from being used: figures the
	// checker found wrong or could not verify, figures not found, counts
	// that do not add up. Empty means the figures are usable.
	Blocked []Issue
}

// levels of a category a text states, in field order.
var fieldNames = []string{"total", "evaluated", "excellent", "good", "completed", "not_completed"}

// zeroLevels are the level phrases of "không có <label> <level>", longest
// first so that "hoàn thành nhiệm vụ" does not match inside another.
var zeroLevels = []struct{ phrase, level string }{
	{"hoàn thành tốt nhiệm vụ trở lên", review.LevelGoodOrAbove},
	{"hoàn thành xuất sắc nhiệm vụ", review.LevelExcellent},
	{"hoàn thành tốt nhiệm vụ", review.LevelGood},
	{"không hoàn thành nhiệm vụ", review.LevelNotCompleted},
	{"hoàn thành nhiệm vụ", review.LevelCompleted},
}

// FromText takes the figures of every category of d from the text of a
// unit's report, through the figure checker: each category's statements
// ("Có 118/120 đảng bộ cơ sở được đánh giá, xếp loại", "107/118 … hoàn
// thành tốt nhiệm vụ trở lên", "(trong đó có 19 … hoàn thành xuất sắc
// nhiệm vụ …)", "9/118 … hoàn thành nhiệm vụ", "không có … không hoàn
// thành nhiệm vụ") are found by the category's label, and every figure
// taken records where it came from. A claim the checker finds wrong or
// cannot verify blocks the figures, as does a figure not found or counts
// that do not add up.
func FromText(d *Definition, text string) Extraction {
	text = norm.NFC.String(text)
	rep := statcheck.Check(text)
	ex := Extraction{Text: text, Findings: rep.Claims, Summary: rep.Summary}
	labels := make([]*regexp.Regexp, len(d.Categories))
	for i, c := range d.Categories {
		labels[i] = regexp.MustCompile(`(?i)(^|[^\pL])` + regexp.QuoteMeta(c.Label) + `($|[^\pL])`)
	}
	// Assign every claim to the category whose label it names (the longest
	// such label), or else to the category of the claim before it.
	owner := make([]int, len(rep.Claims))
	cur := -1
	for i, cl := range rep.Claims {
		best := -1
		for k, re := range labels {
			if re.MatchString(cl.Text) && (best < 0 || len(d.Categories[k].Label) > len(d.Categories[best].Label)) {
				best = k
			}
		}
		if best >= 0 && (cl.Kind == statcheck.KindTotal || cur < 0 || best != cur) {
			cur = best
		}
		owner[i] = cur
	}
	// The span of each category: from its first claim to the first claim
	// of another category.
	start := make([]int, len(d.Categories))
	end := make([]int, len(d.Categories))
	for k := range start {
		start[k], end[k] = -1, -1
	}
	for i, cl := range rep.Claims {
		k := owner[i]
		if k < 0 {
			if cl.Verdict != statcheck.VerdictOK {
				ex.Blocked = append(ex.Blocked, Issue{Path: "text", Message: claimMessage(cl)})
			}
			continue
		}
		if start[k] < 0 || cl.Start < start[k] {
			start[k] = cl.Start
		}
	}
	for k := range start {
		if start[k] < 0 {
			continue
		}
		end[k] = len(text)
		for j := range start {
			if j != k && start[j] > start[k] && start[j] < end[k] {
				end[k] = start[j]
			}
		}
	}
	ex.Categories = make([]review.Category, len(d.Categories))
	for k, def := range d.Categories {
		path := fmt.Sprintf("categories[%d]", k)
		t := taker{ex: &ex, path: path, text: text, got: map[string]Figure{}}
		for i, cl := range rep.Claims {
			if owner[i] != k {
				continue
			}
			if cl.Verdict != statcheck.VerdictOK {
				t.block("", "%s: %s", def.Label, claimMessage(cl))
			}
			t.claim(cl)
		}
		if start[k] >= 0 {
			t.zeros(def.Label, start[k], end[k])
		}
		ex.Categories[k] = t.category(def)
	}
	return ex
}

// claimMessage describes a claim the checker did not accept.
func claimMessage(cl statcheck.Claim) string {
	what := "không kiểm chứng được"
	if cl.Verdict == statcheck.VerdictWrong {
		what = "sai"
	}
	return fmt.Sprintf("số liệu %s «%s» (byte %d–%d): %s", what, cl.Text, cl.Start, cl.End, cl.Message)
}

// taker collects the figures of one category.
type taker struct {
	ex   *Extraction
	path string
	text string
	got  map[string]Figure // by level key or field name
}

func (t *taker) block(field, format string, args ...any) {
	p := t.path
	if field != "" {
		p += "." + field
	}
	t.ex.Blocked = append(t.ex.Blocked, Issue{Path: p, Message: fmt.Sprintf(format, args...)})
}

// set records a figure, blocking when the text gives two different values.
func (t *taker) set(field string, v int64, start, end int) {
	if old, ok := t.got[field]; ok {
		if old.Value != v {
			t.block(field, "văn bản nêu hai số khác nhau: %s (byte %d) và %s (byte %d)", strconv.FormatInt(old.Value, 10), old.Start, strconv.FormatInt(v, 10), start)
		}
		return
	}
	t.got[field] = Figure{Path: t.path + "." + field, Value: v, Start: start, End: end, Excerpt: t.text[start:end]}
}

func (t *taker) claim(cl statcheck.Claim) {
	part, okPart := count(cl.Part)
	whole, okWhole := count(cl.Whole)
	switch cl.Kind {
	case statcheck.KindTotal:
		if okPart {
			t.set("evaluated", part, cl.Start, cl.End)
		}
		if okWhole && strings.Contains(cl.Stated, "/") {
			t.set("total", whole, cl.Start, cl.End)
		}
	case statcheck.KindRatioShare, statcheck.KindChildShare, statcheck.KindCountShare:
		if cl.Kind == statcheck.KindRatioShare && cl.Level == "" && okPart && okWhole && strings.Contains(strings.ToLower(cl.Text), "được đánh giá") {
			// "12/12 đảng bộ cơ sở được đánh giá, xếp loại, đạt 100%"
			t.set("evaluated", part, cl.Start, cl.End)
			t.set("total", whole, cl.Start, cl.End)
			return
		}
		if !okPart || cl.Level == "" {
			return
		}
		t.set(cl.Level, part, cl.Start, cl.End)
		if cl.Kind == statcheck.KindRatioShare && okWhole {
			t.set("evaluated", whole, cl.Start, cl.End)
		}
	}
}

// zeros records the levels the text says nobody reached ("không có đảng
// viên không hoàn thành nhiệm vụ") between start and end.
func (t *taker) zeros(label string, start, end int) {
	seg := t.text[start:end]
	for _, z := range zeroLevels {
		re := regexp.MustCompile(`(?i)(không có ` + regexp.QuoteMeta(label) + ` (?:nào )?` + regexp.QuoteMeta(z.phrase) + `)(?:$|[^\pL])`)
		for _, m := range re.FindAllStringSubmatchIndex(seg, -1) {
			s, e := start+m[2], start+m[3]
			if z.level == review.LevelGoodOrAbove {
				t.set(review.LevelExcellent, 0, s, e)
				t.set(review.LevelGood, 0, s, e)
				continue
			}
			t.set(z.level, 0, s, e)
		}
	}
}

// category assembles the counts, deriving "hoàn thành tốt nhiệm vụ" from
// "trở lên" minus the excellent ones when the text states it that way.
func (t *taker) category(def CategoryDef) review.Category {
	if _, ok := t.got[review.LevelGood]; !ok {
		above, okA := t.got[review.LevelGoodOrAbove]
		ex, okE := t.got[review.LevelExcellent]
		if okA && okE {
			s, e := min(above.Start, ex.Start), max(above.End, ex.End)
			t.got[review.LevelGood] = Figure{Path: t.path + ".good", Value: above.Value - ex.Value, Start: s, End: e, Excerpt: t.text[s:e],
				Derived: fmt.Sprintf("%d − %d (hoàn thành tốt nhiệm vụ trở lên trừ hoàn thành xuất sắc nhiệm vụ)", above.Value, ex.Value)}
		}
	}
	c := review.Category{Label: def.Label, Group: def.Group}
	dst := map[string]*int64{"total": &c.Total, "evaluated": &c.Evaluated, "excellent": &c.Excellent, "good": &c.Good, "completed": &c.Completed, "not_completed": &c.NotCompleted}
	complete := true
	for _, f := range fieldNames {
		fig, ok := t.got[f]
		if !ok {
			complete = false
			t.block(f, "%s: không tìm thấy số %s trong văn bản; nhập lại bằng tay", def.Label, fieldLabel(f))
			continue
		}
		*dst[f] = fig.Value
		t.ex.Figures = append(t.ex.Figures, fig)
	}
	if complete {
		for _, is := range review.Validate([]review.Category{c}) {
			is.Path = strings.Replace(is.Path, "data.categories[0]", t.path, 1)
			t.ex.Blocked = append(t.ex.Blocked, is)
		}
	}
	return c
}

func fieldLabel(f string) string {
	switch f {
	case "total":
		return "tổng số"
	case "evaluated":
		return "được đánh giá, xếp loại"
	case "excellent":
		return "hoàn thành xuất sắc nhiệm vụ"
	case "good":
		return "hoàn thành tốt nhiệm vụ"
	case "completed":
		return "hoàn thành nhiệm vụ"
	}
	return "không hoàn thành nhiệm vụ"
}

// count reads a whole count as the checker writes it ("2.950").
func count(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", "")
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 0
}
