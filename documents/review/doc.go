// Package review turns the counts of an annual review (kiểm điểm, đánh giá,
// xếp loại chất lượng) into checks, warnings and the Vietnamese sentences
// and tables of the report.
//
// # Levels
//
// Every evaluated subject is in exactly one of four levels (366-QĐ/TW,
// Art. 11): hoàn thành xuất sắc nhiệm vụ ([Counts.Excellent]), hoàn thành
// tốt nhiệm vụ ([Counts.Good]), hoàn thành nhiệm vụ ([Counts.Completed]) and
// không hoàn thành nhiệm vụ ([Counts.NotCompleted]). The four add up to
// [Counts.Evaluated], which may be less than [Category.Total] when some
// subjects were not evaluated (for instance units founded less than six
// months earlier). [Validate] checks this.
//
// # Percentages
//
// Top-level shares are taken over the number evaluated, never over the
// total. The "trong đó … hoàn thành xuất sắc nhiệm vụ" share is taken over
// the enclosing set, "hoàn thành tốt nhiệm vụ trở lên" (Excellent + Good).
// All shares are rounded half-up with two decimals by package vnformat,
// from the counts, never from rounded figures.
//
// # The 20% ceiling
//
// The share of "hoàn thành xuất sắc nhiệm vụ" may not exceed 20% of the
// subjects rated "hoàn thành tốt nhiệm vụ". Whether that base includes the
// excellent ones ("trở lên") differs between texts, so the base is a
// [QuotaBase], "good_or_above" by default. Exceeding the ceiling gives a
// [Warning], not an error: the competent level may grant exceptions.
package review
