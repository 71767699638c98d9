package vnformat

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Date formats t as Party document headers do: "ngày 20 tháng 6 năm 2019".
// Days below 10 and the months 1 and 2 take a leading zero ("ngày 03 tháng
// 4 năm 2018", "ngày 09 tháng 01 năm 2026"). The fields are read in t's own
// location.
func Date(t time.Time) string {
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return "ngày " + NumberPadded(t.Day()) + " tháng " + month + " năm " + strconv.Itoa(t.Year())
}

// PlaceDate formats the place-and-date line of a header: "Hòa Bình, ngày 20
// tháng 6 năm 2019". The place is trimmed and normalised to NFC; when it is
// empty only [Date] is returned.
func PlaceDate(place string, t time.Time) string {
	place = norm.NFC.String(strings.TrimSpace(place))
	if place == "" {
		return Date(t)
	}
	return place + ", " + Date(t)
}

var romanTable = []struct {
	value  int
	symbol string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"},
	{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"},
	{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

// Roman returns n in Roman numerals, as used for section headings and
// congress numbers ("I", "IV", "XIII", "XX"). Values from 4000 upward repeat
// "M"; zero and negative values give "".
func Roman(n int) string {
	var b strings.Builder
	for _, r := range romanTable {
		for n >= r.value {
			b.WriteString(r.symbol)
			n -= r.value
		}
	}
	return b.String()
}
