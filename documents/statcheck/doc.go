// Package statcheck finds the figures of a submitted review report in its
// text and recomputes them: shares ("chiếm 90,68%") against the counts they
// are stated for, and level counts against the total they should add up to.
//
// # What is recognised
//
//   - ratio_share: "107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên,
//     chiếm 90,68%": the share is 107/118.
//   - child_share: "(trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm
//     vụ, chiếm 17,76%)": the share is over the count of the clause it
//     follows (107), as the reporting rules require.
//   - count_share: "5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm
//     16,17%": the share is over the evaluated total stated earlier in the
//     paragraph ("Tổng số đảng viên được đánh giá, xếp loại là 36.449").
//   - total: the statements that set such a base ("tổng số … là N", "có
//     N/M … được đánh giá, xếp loại", "N … được đánh giá"), reported when a
//     figure relies on them or when they contradict themselves ("118/120 …
//     và 3 … chưa đánh giá").
//   - sum: the level counts (xuất sắc, tốt, hoàn thành, không hoàn thành,
//     or "tốt trở lên", hoàn thành, không hoàn thành) that follow a total
//     must add up to it; "không có … không hoàn thành nhiệm vụ" counts as 0.
//
// Numbers may be written "36.449", "94,54", "94.54" (a dot that cannot be a
// thousands separator is a decimal point), with or without a space before
// "%". The verbs "chiếm", "đạt", "tỷ lệ" and "=" introduce a share, and a
// share may stand alone in parentheses ("1.850 đồng chí (15,0%)"). The
// level may be named after the count ("19 chi bộ hoàn thành xuất sắc nhiệm
// vụ"), before it ("Hoàn thành xuất sắc nhiệm vụ: 19 chi bộ", "HTXSNV 19
// chi bộ") or after a parenthesised share ("19 chi bộ (chiếm 16,10%) hoàn
// thành xuất sắc nhiệm vụ"). Dates, document numbers, years and changes
// ("tăng 4 chi bộ", "giảm 0,1%") are not figures to check.
//
// # Verdicts
//
// A stated share is correct when it equals the exact share rounded half-up
// to the number of decimals it is written with: for 33/61 = 54,098…%,
// "54,1%" and "54,10%" are correct, "54,0%" is not. There is no other
// tolerance. A wrong figure gets the correct value and, when the stated
// figure matches another base or a rounding slip, the likely cause. One
// rule is stricter than rounding: "100%" and "0%" (with any decimals) are
// only accepted when exact, since they read as "all" and "none" (512/513
// is 99,81%, not "đạt 100%").
//
// The checker prefers saying "unverifiable" to flagging a correct figure:
// a count share whose base is uncertain (stated in an earlier paragraph, a
// general rather than an evaluated total, or a clause that names no level)
// is "unverifiable" when it does not match, and "ok" when it does.
//
// Offsets are byte offsets into the text given to [Check], also when that
// text is not in NFC.
package statcheck
