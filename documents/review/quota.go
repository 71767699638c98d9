package review

import (
	"fmt"
	"strings"

	"vanthu/documents/vnformat"
)

// QuotaBase selects what the 20% ceiling on "hoàn thành xuất sắc nhiệm vụ"
// is taken of.
type QuotaBase string

// Quota bases. The empty QuotaBase means [QuotaGoodOrAbove].
const (
	// QuotaGoodOrAbove takes the ceiling of Excellent + Good ("hoàn thành
	// tốt nhiệm vụ trở lên"), the reading of most local guidance. Default.
	QuotaGoodOrAbove QuotaBase = "good_or_above"
	// QuotaGoodOnly takes the ceiling of Good alone.
	QuotaGoodOnly QuotaBase = "good_only"
)

// DefaultCapPercent is the ceiling used when QuotaWarnings is given a
// non-positive percentage.
const DefaultCapPercent = 20

// CodeExcellentOverQuota is the [Warning.Code] of an excellent count above
// the ceiling.
const CodeExcellentOverQuota = "excellent_over_quota"

// Valid reports whether b is empty or one of the defined bases.
func (b QuotaBase) Valid() bool {
	return b == "" || b == QuotaGoodOrAbove || b == QuotaGoodOnly
}

// Warning reports a category whose excellent count exceeds the ceiling.
// Share is Excellent over the chosen base ("23,41%", "—" when the base is
// zero) and Cap the largest allowed count ("78"). Message is Vietnamese.
type Warning struct {
	Category int    `json:"category"` // index in the slice given to QuotaWarnings
	Label    string `json:"label"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Share    string `json:"share"`
	Cap      string `json:"cap"`
}

// quotaFigures is the ceiling under one reading.
type quotaFigures struct {
	base  QuotaBase
	count int64 // the base count
	cap   int64 // floor(capPercent × count / 100)
	share string
}

func figures(c Counts, base QuotaBase, capPercent int) quotaFigures {
	q := quotaFigures{base: base, count: c.GoodOrAbove()}
	if base == QuotaGoodOnly {
		q.count = c.Good
	}
	q.cap = int64(capPercent) * q.count / 100
	q.share = "—"
	if s, err := vnformat.PercentSign(c.Excellent, q.count, 2); err == nil {
		q.share = s
	}
	return q
}

func (q quotaFigures) baseName() string {
	if q.base == QuotaGoodOnly {
		return "số " + nameGood
	}
	return "số " + nameGoodOrAbove
}

// QuotaWarnings applies the ceiling of capPercent% (20 in current rules;
// [DefaultCapPercent] when capPercent ≤ 0) to every category: the cap is
// floor(capPercent × base / 100), the base being Excellent + Good for
// [QuotaGoodOrAbove] (also used for an empty or unknown base) or Good for
// [QuotaGoodOnly]. A category with more excellent subjects than the cap gets
// a warning. When the other reading of the base would not exceed the cap,
// the message says so and gives both figures.
func QuotaWarnings(cats []Category, base QuotaBase, capPercent int) []Warning {
	if base != QuotaGoodOnly {
		base = QuotaGoodOrAbove
	}
	if capPercent <= 0 {
		capPercent = DefaultCapPercent
	}
	other := QuotaGoodOnly
	if base == QuotaGoodOnly {
		other = QuotaGoodOrAbove
	}
	var warnings []Warning
	for i, c := range cats {
		q := figures(c.Counts, base, capPercent)
		if c.Excellent <= q.cap {
			continue
		}
		label := labelOf(c)
		var msg strings.Builder
		fmt.Fprintf(&msg, "%s: số %s là %s, bằng %s %s (%s), vượt mức tối đa %d%% là %s.",
			label, nameExcellent, vnformat.Int(c.Excellent), q.share, q.baseName(),
			vnformat.Int(q.count), capPercent, vnformat.Int(q.cap))
		if o := figures(c.Counts, other, capPercent); c.Excellent <= o.cap {
			fmt.Fprintf(&msg, " Nếu tính trên %s (%s) thì tỷ lệ là %s, mức tối đa là %s, không vượt.",
				o.baseName(), vnformat.Int(o.count), o.share, vnformat.Int(o.cap))
		}
		warnings = append(warnings, Warning{
			Category: i,
			Label:    label,
			Code:     CodeExcellentOverQuota,
			Message:  msg.String(),
			Share:    q.share,
			Cap:      vnformat.Int(q.cap),
		})
	}
	return warnings
}
