package citation

import (
	"strings"

	"vanthu/search/fold"
)

// Parse normalises a query that is, or contains, one document number of kind
// party, legal, admin, letter or partial, and returns the first such
// reference. "28-CT/TW", "28-ct/tw", "28 - CT/TW", "28–CT/TW" and "Chỉ thị số
// 28-CT/TW" all give Key "28-ct/tw". ok is false when s holds no number
// ("kết luận", "12", "").
func Parse(s string) (ref Ref, ok bool) {
	for _, r := range Extract(s) {
		if r.Kind != KindPlenum {
			return r, true
		}
	}
	return Ref{}, false
}

// Keys returns the search keys of refs without duplicates, in order of first
// appearance.
func Keys(refs []Ref) []string {
	keys := make([]string, 0, len(refs))
	seen := make(map[string]bool, len(refs))
	for _, r := range refs {
		if !seen[r.Key] {
			seen[r.Key] = true
			keys = append(keys, r.Key)
		}
	}
	return keys
}

// FormatParty returns the display form of a Party document number, without
// "Số": FormatParty(5, "TB", "TU") = "05-TB/TU", FormatParty(167, "TB", "TU")
// = "167-TB/TU". The codes are respelled like extracted ones, so "qd" gives
// "QĐ" and "TƯ" gives "TW".
func FormatParty(number int, typeCode, issuerCode string) string {
	return pad2(number) + "-" + respell(typeCode, typeDisplay) + "/" + respellIssuer(issuerCode)
}

// KeyOf returns the search key of a display form: KeyOf("05-TB/TU") =
// "5-tb/tu", KeyOf("Đề án 5155") = "da:5155". Forms the grammar does not
// read as one reference (plenum codes such as "HNTW4-XII") are folded, with
// leading zeros removed from a leading number.
func KeyOf(display string) string {
	display = strings.TrimSpace(display)
	if refs := Extract(display); len(refs) == 1 && refs[0].Start == 0 && refs[0].End == len([]rune(Clean(display))) {
		return refs[0].Key
	}
	k := fold.String(display)
	for len(k) > 1 && k[0] == '0' && isASCIIDigit(k[1]) {
		k = k[1:]
	}
	return k
}

// Alternates returns other keys worth trying when a search for key finds
// nothing: the QĐ/QĐi twin of a Party number ("37-qd/tw" ↔ "37-qdi/tw"),
// "qd:N" for a partial "qdi:N" and back, and the resolutions issued by a
// plenum ("hntw4-xii" → "4-nq/tw"). QĐ and QĐi are distinct series and are
// never merged.
func Alternates(key string) []string {
	if rs, ok := plenumResolutions[key]; ok {
		out := make([]string, 0, len(rs))
		for _, r := range rs {
			out = append(out, KeyOf(r.Display))
		}
		return out
	}
	if code, n, ok := strings.Cut(key, ":"); ok {
		switch code {
		case "qdi":
			return []string{"qd:" + n}
		case "qd":
			return []string{"qdi:" + n}
		}
		return nil
	}
	num, rest, ok := strings.Cut(key, "-")
	if !ok || num == "" || strings.Trim(num, "0123456789") != "" {
		return nil
	}
	switch {
	case strings.HasPrefix(rest, "qd/"):
		return []string{num + "-qdi/" + rest[len("qd/"):]}
	case strings.HasPrefix(rest, "qdi/"):
		return []string{num + "-qd/" + rest[len("qdi/"):]}
	}
	return nil
}

// PlenumResolutions returns the resolutions issued by the plenum with the
// given key ("hntw4-xii"), or nil if none are recorded. The table is
// unverified data; see tables.go.
func PlenumResolutions(key string) []PlenumResolution {
	rs := plenumResolutions[key]
	if rs == nil {
		return nil
	}
	return append([]PlenumResolution(nil), rs...)
}

// respell spells a code given by a caller with the rules used for extracted
// codes. Input that is not a plain code is upper-cased unchanged.
func respell(code string, spell func([]rune, []byte) string) string {
	cr := cleanRunes(strings.TrimSpace(code))
	fb := foldCopy(cr)
	for _, c := range fb {
		if !isASCIILower(c) && !isASCIIDigit(c) {
			return strings.ToUpper(code)
		}
	}
	if len(fb) == 0 {
		return ""
	}
	return spell(cr, fb)
}

// respellIssuer respells each hyphen-separated component of an issuer code.
func respellIssuer(code string) string {
	parts := strings.Split(Clean(code), "-")
	for i, p := range parts {
		parts[i] = respell(p, issuerDisplay)
	}
	return strings.Join(parts, "-")
}
