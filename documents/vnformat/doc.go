// Package vnformat writes and reads numbers, percentages, dates and ordinal
// markers the way Vietnamese Party documents print them.
//
// # Numbers
//
// The thousands separator is "." and the decimal mark is ",": 1.234.567 and
// 94,54. [Int] formats counts, [ParseNumber] reads both forms back into an
// exact [Decimal]; a lone dot that cannot be a thousands group ("94.54") is
// read as a decimal point.
//
// # Percentages
//
// Reports round shares half-up (1/32 = 3,125% is written 3,13%), whereas
// CLDR-based formatters round half-to-even. [Percent] and [PercentDecimal]
// therefore compute from the integer counts with integer arithmetic only:
//
//	q = (2·|part|·100·10^d + whole) / (2·whole)
//
// and place the decimal comma d digits from the right. No floating point is
// involved anywhere in this package.
//
// # Dates
//
// [Date] and [PlaceDate] follow the header convention of Party documents:
// days below 10 and the months January and February take a leading zero
// ("ngày 09 tháng 01 năm 2026"), other months do not ("ngày 03 tháng 4 năm
// 2018").
package vnformat
