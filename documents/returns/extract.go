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
// thành nhiệm vụ") belong to the category whose label they name or, when
// they name none ("450 đồng chí …"), to the one named last before them
// ("2- Đối với đảng viên"); every figure taken records where it came from. A claim the checker finds wrong or
// cannot verify blocks the figures, as does a figure not found or counts
// that do not add up.
func FromText(d *Definition, text string) Extraction {
	text = norm.NFC.String(text)
	rep := statcheck.Check(text)
	ex := Extraction{Text: text, Findings: rep.Claims, Summary: rep.Summary}
	owner := owners(d, text, rep.Claims)
	for i, cl := range rep.Claims {
		if owner[i] < 0 && cl.Verdict != statcheck.VerdictOK {
			ex.Blocked = append(ex.Blocked, Issue{Path: "text", Message: claimMessage(cl)})
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
		t.zeros(def.Label)
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
		switch {
		case okPart && strings.Contains(cl.Stated, "/"), okPart && strings.Contains(strings.ToLower(cl.Text), "đánh giá"):
			t.set("evaluated", part, cl.Start, cl.End)
		case okPart:
			t.set("total", part, cl.Start, cl.End) // "Tổng số đảng viên là 2.950"
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
// viên không hoàn thành nhiệm vụ"); the phrase names the category itself.
func (t *taker) zeros(label string) {
	seg, start := t.text, 0
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

// owners assigns every claim to a category of d: the one whose label the
// claim names (the longest, when several do), or else the one named last
// in the text before it ("2- Đối với đảng viên", "Tổng số đảng viên …"),
// or -1 before any label.
func owners(d *Definition, text string, claims []statcheck.Claim) []int {
	type mention struct{ start, end, cat int }
	var ms []mention
	for k, c := range d.Categories {
		re := regexp.MustCompile(`(?i)(?:^|[^\pL])(` + regexp.QuoteMeta(c.Label) + `)(?:$|[^\pL])`)
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			ms = append(ms, mention{m[2], m[3], k})
		}
	}
	// A mention inside a longer one ("chi bộ" in "chi bộ trực thuộc") is
	// the longer label's.
	kept := ms[:0]
	for _, m := range ms {
		inner := false
		for _, o := range ms {
			if o.start <= m.start && m.end <= o.end && o.end-o.start > m.end-m.start {
				inner = true
			}
		}
		if !inner {
			kept = append(kept, m)
		}
	}
	out := make([]int, len(claims))
	for i, cl := range claims {
		out[i] = -1
		best, bestInside := -1, -1
		for j, m := range kept {
			switch {
			case m.start >= cl.Start && m.end <= cl.End:
				if bestInside < 0 || len(d.Categories[m.cat].Label) > len(d.Categories[bestInside].Label) {
					bestInside = m.cat
				}
			case m.end <= cl.Start && (best < 0 || m.start > kept[best].start):
				best = j
			}
		}
		switch {
		case bestInside >= 0:
			out[i] = bestInside
		case best >= 0:
			out[i] = kept[best].cat
		}
	}
	return out
}
