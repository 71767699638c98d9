// Package statcheck finds the figures of a submitted review report in its
// text and recomputes them: shares ("chiếm 90,68%") against the counts they
// are stated for, level counts against the total they should add up to,
// changes against the previous figure, and the rows of tables.
//
// # What is recognised
//
//   - ratio_share: "107/118 đảng bộ cơ sở hoàn thành tốt nhiệm vụ trở lên,
//     chiếm 90,68%", also "90,68% (107/118)": the share is 107/118.
//   - child_share: "(trong đó có 19 đảng bộ cơ sở hoàn thành xuất sắc nhiệm
//     vụ, chiếm 17,76%)": the share is over the count of the clause it
//     follows (107), as the reporting rules require.
//   - count_share: "5.893 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm
//     16,17%": the share is over a base stated before (see Bases).
//   - total: the statements that set a base ("tổng số … là N", "có N/M …
//     được đánh giá, xếp loại", "đánh giá N chi bộ", "hiện có N tổ chức cơ
//     sở đảng"), reported when a figure relies on them or when they
//     contradict themselves ("118/120 … và 3 … chưa đánh giá").
//   - sum: the level counts that follow a base must add up to it; "không
//     có … không hoàn thành nhiệm vụ" counts as 0; the parts listed after a
//     count ("08 (có 01 đảng bộ và 07 chi bộ)") must add up to it.
//   - change: "49 đồng chí - giảm 2 đồng chí, tỷ lệ 3,92% so với nhiệm kỳ
//     trước" (over 49 + 2) and "tăng 126 so với năm 2022 (1.108)" (the
//     current count minus last year's). A change without last year's
//     figure is not checkable and is not reported.
//   - table_share, table_sum: lines of cells separated by tabs or "|" (a
//     table pasted from Word, or read from a DOCX by [CheckDOCX]) with a
//     count column and a share column: shares over the total row ("Tổng
//     số", "Tổng cộng", "… được đánh giá"), else over the level rows' sum;
//     level rows against the total row.
//
// Levels are named in the current scale (hoàn thành xuất sắc / tốt / hoàn
// thành / không hoàn thành nhiệm vụ, "tốt nhiệm vụ trở lên", HTXSNV…) and
// in the older one (trong sạch vững mạnh, "… tiêu biểu", hoàn thành tốt
// nhiệm vụ, hoàn thành nhiệm vụ, yếu kém, vi phạm tư cách), after the
// count, before it ("Hoàn thành xuất sắc nhiệm vụ: 19 chi bộ", "… là 15
// đảng viên") or after a parenthesised share. Numbers may be written
// "36.449", "94,54", "94.54", with or without a space before "%"; "chiếm",
// "đạt", "bằng", "tỷ lệ" and "=" introduce a share. Dates, document
// numbers, years and spans of years are not figures.
//
// # Bases
//
// Every count and base has a subject, party members or organisations, and
// a share is only taken over a base of its subject; a new statement of the
// evaluated count ("Đối với chi bộ trực thuộc…, có 147/147 …") replaces the
// base of the figures after it. The candidate bases of a count share are,
// in this order: the evaluated count in force, the whole of its "N/M"
// statement, the general total of the paragraph, the figure a "trong đó"
// lead-in refers to, the "tốt nhiệm vụ trở lên" count for an excellent
// count of the same sentence, and the sum of the levels stated when the
// base is not an evaluated count.
//
// # Verdicts
//
// A stated share is correct over a base when it equals the exact share
// rounded half-up to the number of decimals it is written with: for 33/61
// = 54,098…%, "54,1%" and "54,10%" are correct, "54,0%" is not. A claim is
//
//   - ok when it is correct over one candidate base; the message names the
//     base when it is not the first ("Đúng khi tính trên 545 (tổng số)…");
//   - wrong only when it is correct over none and the base is certain: the
//     evaluated count of its category stated in the same paragraph, the
//     denominator written in the claim, the clause a "trong đó" share
//     belongs to, a total the levels add up to, or the only base in the
//     text when no whole number of subjects gives the stated share. The
//     message gives the correct value and, when it can tell, the likely
//     cause: another base, rounding half-down or half-to-even, truncation,
//     a neighbouring numerator (a typo);
//   - unverifiable otherwise, with the bases tried and, when some whole
//     number would give the share, that number.
//
// "100%" and "0%" (with any decimals) are only accepted when exact, since
// they read as "all" and "none" (512/513 is 99,81%, not "đạt 100%").
// Approximate shares ("gần 59%", "trên 4,8%") are unverifiable, with the
// exact share. Levels that add up to more than their total are wrong; to a
// different total, wrong when the total is an evaluated count.
//
// Offsets are byte offsets into the text given to [Check], also when that
// text is not in NFC; for [CheckDOCX], into Report.Text.
//
// # Accuracy
//
// testdata/corpus holds 23 reports published by provincial, district and
// grassroots boards, each with its source address, and labels.json the
// hand-made label of each of their figures; TestCorpus compares the
// checker with them and fails on any false alarm or missed slip.
package statcheck
