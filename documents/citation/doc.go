// Package citation finds references to Party and State documents ("số và ký
// hiệu") in Vietnamese text and normalises them for display, storage and
// search. The same functions normalise user queries, so "28-CT/TW",
// "28-ct/tw", "28 - CT/TW", "28–CT/TW" and "Chỉ thị số 28-CT/TW" all give the
// search key "28-ct/tw".
//
// # Kinds of reference
//
//   - party: 05-CT/TW, 05-QC/BTCTU-BDVTU (number-TYPE/ISSUER)
//   - legal: 30/2020/NĐ-CP, and laws 85/2015/QH13
//   - admin: 439/QĐ-TTg (state administrative documents)
//   - letter: 4021/VPCP-CN (state công văn: issuer and drafting unit, no type)
//   - plenum: "Nghị quyết Trung ương 4 (khóa XII)" → HNTW4-XII
//   - partial: a type word and a number without a symbol, "Đề án 5155"
//
// # Pipeline
//
// [Clean] normalises the text (NFC, dash and slash look-alikes, Ð → Đ, odd
// spaces, invisible characters) without changing what a reader sees; rune
// offsets in [Ref] refer to the cleaned text. A matching copy is then folded
// one rune to one rune (lower case, no diacritics, đ → d, see
// vanthu/search/fold), so offsets in the copy equal offsets in the cleaned
// text: patterns run on the copy and the original spelling (Đ, case) is read
// back from the cleaned text. "TƯ" standing for "TW" is recognised before
// folding, since folding would turn it into "TU" (tỉnh ủy).
//
// Patterns are tried in a fixed order, each masking what earlier ones took:
// legal, law, party, party without hyphen, admin/letter, plenum, partial. A
// match must not be glued on its left to a letter, digit, "/", "." or "-"
// (this rejects COVID-19/SARS-CoV-2) and must not be followed by a letter or
// digit. Around each match the package reads the preceding type word ("Chỉ
// thị số"), a following date ("ngày 15/5/2016", "ngày 20 tháng 6 năm 2019")
// and a following term ("khóa XIII").
//
// # Display forms and keys
//
// Display forms write numbers with at least two digits and restore the
// official spelling of codes (QĐ, QĐi, CTr, ĐU, TTg). Search keys are the
// display forms folded, with the number written without leading zeros:
// "05-CT/TW" → "5-ct/tw". Partial references use "{type code}:{number}",
// e.g. "da:5155". The code tables in tables.go are data and may be edited.
//
// The behaviour is pinned by a table of reference examples, round-trip
// properties and fuzz targets in the tests.
package citation
