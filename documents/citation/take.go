package citation

import (
	"strconv"
	"strings"
)

// numberIssuer reads group 1 of a match as the number and group g as the
// issuer; ok is false when the number is zero or the match does not start
// and end at word boundaries.
func (x *extractor) numberIssuer(m []int, g int) (n int, iss issuerMatch, ok bool) {
	n = x.number(m[2], m[3])
	if n == 0 || !x.leftOK(m[0]) {
		return 0, issuerMatch{}, false
	}
	iss = x.issuer(m[2*g], m[2*g+1])
	if !x.rightOK(iss.end) {
		return 0, issuerMatch{}, false
	}
	return n, iss, true
}

// takeLegal builds a legal reference from a reLegal match:
// 1 number, 2 year, 3 type code, 4 issuer.
func (x *extractor) takeLegal(m []int) (Ref, bool) {
	n, iss, ok := x.numberIssuer(m, 4)
	if !ok {
		return Ref{}, false
	}
	year := string(x.fb[m[4]:m[5]])
	typ := x.typeCode(m[6], m[7])
	ref := Ref{
		Kind:    KindLegal,
		Number:  n,
		Type:    typ,
		Issuer:  iss.display,
		Display: pad2(n) + "/" + year + "/" + typ + "-" + iss.display,
		Key:     strconv.Itoa(n) + "/" + year + "/" + string(x.fb[m[6]:m[7]]) + "-" + iss.key,
		Start:   m[0],
		End:     iss.end,
	}
	ref.Year, _ = strconv.Atoi(year)
	x.context(&ref)
	return ref, true
}

// takeLaw builds a law reference from a reLaw match: 1 number, 2 year, 3 QHk.
func (x *extractor) takeLaw(m []int) (Ref, bool) {
	n := x.number(m[2], m[3])
	if n == 0 || !x.leftOK(m[0]) || !x.rightOK(m[1]) {
		return Ref{}, false
	}
	year := string(x.fb[m[4]:m[5]])
	qh := string(x.fb[m[6]:m[7]])
	issuer := strings.ToUpper(qh)
	ref := Ref{
		Kind:    KindLegal,
		Number:  n,
		Issuer:  issuer,
		Display: pad2(n) + "/" + year + "/" + issuer,
		Key:     strconv.Itoa(n) + "/" + year + "/" + qh,
		Start:   m[0],
		End:     m[1],
	}
	ref.Year, _ = strconv.Atoi(year)
	x.context(&ref)
	return ref, true
}

// takeParty builds a party reference from a reParty or reParty0 match:
// 1 number, 2 type code, 3 issuer.
func (x *extractor) takeParty(m []int) (Ref, bool) {
	n, iss, ok := x.numberIssuer(m, 3)
	if !ok {
		return Ref{}, false
	}
	typ := x.typeCode(m[4], m[5])
	ref := Ref{
		Kind:    KindParty,
		Number:  n,
		Type:    typ,
		Issuer:  iss.display,
		Display: pad2(n) + "-" + typ + "/" + iss.display,
		Key:     strconv.Itoa(n) + "-" + string(x.fb[m[4]:m[5]]) + "/" + iss.key,
		Start:   m[0],
		End:     iss.end,
	}
	x.context(&ref)
	return ref, true
}

// takeParty0 accepts a hyphen-less party number only with a known type code.
func (x *extractor) takeParty0(m []int) (Ref, bool) {
	if _, known := typeCodes[string(x.fb[m[4]:m[5]])]; !known {
		return Ref{}, false
	}
	return x.takeParty(m)
}

// takeAdmin builds an admin reference, or a letter when group 2 is not a
// type code, from a reAdmin match: 1 number, 2 type code or issuer, 3 issuer
// or drafting unit.
func (x *extractor) takeAdmin(m []int) (Ref, bool) {
	n, iss, ok := x.numberIssuer(m, 3)
	if !ok {
		return Ref{}, false
	}
	code := string(x.fb[m[4]:m[5]])
	ref := Ref{Number: n, Start: m[0], End: iss.end}
	if _, known := typeCodes[code]; known {
		ref.Kind = KindAdmin
		ref.Type = x.typeCode(m[4], m[5])
		ref.Issuer = iss.display
		ref.Display = pad2(n) + "/" + ref.Type + "-" + iss.display
	} else {
		ref.Kind = KindLetter
		ref.Issuer = issuerDisplay(x.cr[m[4]:m[5]], x.fb[m[4]:m[5]])
		ref.Unit = iss.display
		ref.Display = pad2(n) + "/" + ref.Issuer + "-" + iss.display
	}
	ref.Key = strconv.Itoa(n) + "/" + code + "-" + iss.key
	x.context(&ref)
	return ref, true
}

// takePlenum builds a plenum reference from a rePlenum match: 1 ordinal in
// words, digits or Roman numerals, or 2 digits; 3 term.
func (x *extractor) takePlenum(m []int) (Ref, bool) {
	end := m[1]
	for end > m[0] && (x.fb[end-1] == ' ' || x.fb[end-1] == '\t') {
		end--
	}
	if !x.leftOK(m[0]) || !x.rightOK(end) {
		return Ref{}, false
	}
	var n int
	if m[2] >= 0 {
		n = plenumOrdinal(x.fb[m[2]:m[3]])
	} else {
		n = x.number(m[4], m[5])
	}
	khoa := x.fb[m[6]:m[7]]
	if n == 0 || roman(khoa) == 0 {
		return Ref{}, false
	}
	k := strings.ToUpper(string(khoa))
	n2 := strconv.Itoa(n)
	ref := Ref{
		Kind:    KindPlenum,
		Number:  n,
		Khoa:    k,
		Display: "HNTW" + n2 + "-" + k,
		Key:     "hntw" + n2 + "-" + string(khoa),
		Start:   m[0],
		End:     end,
	}
	ref.Date, _ = x.date(end)
	return ref, true
}

// takePartial builds a partial reference from offsets laid out like a
// match of srcPartialPrefix+reNum: 1 type word, 2 number.
func (x *extractor) takePartial(m []int) (Ref, bool) {
	n := x.number(m[4], m[5])
	end := m[5]
	if n == 0 || !x.leftOK(m[0]) || !x.rightOK(end) || !x.partialFollowOK(end) {
		return Ref{}, false
	}
	tw := x.typeWordAt(m[2], m[3])
	if tw == nil {
		return Ref{}, false
	}
	date, dateEnd := x.date(end)
	if (tw.code == "kh" || tw.code == "ctr") && date == "" && reUnitAfter.Match(x.fb[end:min(len(x.fb), end+8)]) {
		return Ref{}, false // "Kế hoạch 5 năm": a plan's duration, not its number
	}
	ns := strconv.Itoa(n)
	ref := Ref{
		Kind:     KindPartial,
		Number:   n,
		Type:     typeCodes[tw.code],
		TypeWord: tw.display,
		Display:  tw.display + " " + ns,
		Key:      tw.code + ":" + ns,
		Date:     date,
		Khoa:     x.khoa(dateEnd),
		Start:    m[0],
		End:      end,
	}
	return ref, true
}

// partialFollowOK checks what follows the number of a partial reference:
// not a letter, digit, "/" or "-", and "." or "," only when no digit
// follows them ("Đề án 5155." but not "Đề án 06.2022").
func (x *extractor) partialFollowOK(end int) bool {
	if end >= len(x.fb) {
		return true
	}
	switch c := x.fb[end]; {
	case c == '.' || c == ',':
		return end+1 >= len(x.fb) || !isASCIIDigit(x.fb[end+1])
	case c == '/' || c == '-' || isASCIILower(c) || isASCIIDigit(c):
		return false
	}
	return true
}
