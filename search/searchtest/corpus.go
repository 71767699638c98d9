package searchtest

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/search"
	"vanthu/search/fold"
)

// Key returns the citation search key of a display number the way the
// citation grammar does for the forms used here: folded, lower case, with
// the leading zeros of the number removed ("05-CT/TW" → "5-ct/tw").
func Key(display string) string {
	k := fold.String(strings.TrimSpace(display))
	digits := 0
	for digits < len(k) && k[digits] >= '0' && k[digits] <= '9' {
		digits++
	}
	if digits > 1 {
		trimmed := strings.TrimLeft(k[:digits], "0")
		if trimmed == "" {
			trimmed = "0"
		}
		k = trimmed + k[digits:]
	}
	return k
}

// NumberQuery returns the query a caller builds for text that is itself a
// document number: Text, TextNumberKey and TextNumberCompact set.
func NumberQuery(display string) search.Query {
	return search.Query{Text: display, TextNumberKey: Key(display), TextNumberCompact: fold.Compact(display)}
}

// entry fills the derived fields of e: number key and compact form from
// Number, Year from Date.
func entry(e search.Entry) search.Entry {
	if e.Number != "" {
		e.NumberKey = Key(e.Number)
		e.NumberCompact = fold.Compact(e.Number)
	}
	if len(e.Date) >= 4 && e.Year == 0 {
		for _, c := range e.Date[:4] {
			e.Year = e.Year*10 + int(c-'0')
		}
	}
	return e
}

// Corpus returns the entries the suite indexes. Visible (not secret) entries,
// newest first: h, d, e, b, a, c. Secret entries: f (MẬT) and g (TỐI MẬT, the
// same number as a). d is stored in NFD; e has no diacritics at all.
func Corpus() []search.Entry {
	return []search.Entry{
		entry(search.Entry{
			ID: "a", Number: "124-QĐ/TW", Type: "QĐ", Issuer: "TW", Date: "2019-05-10",
			Title:  "Quy định về công tác kiểm tra, giám sát của Đảng",
			Body:   "Căn cứ Điều lệ Đảng; căn cứ Chỉ thị số 28-CT/TW, Bộ Chính trị quy định như sau về kiểm tra và giám sát.",
			Cites:  []string{Key("28-CT/TW")},
			Status: "issued", Signer: "Trần Văn Bình", Template: "quy-dinh",
		}),
		entry(search.Entry{
			ID: "b", Number: "124-QĐ/TU", Type: "QĐ", Issuer: "TU", Date: "2021-03-02",
			Title:  "Quyết định thành lập Ban chỉ đạo chuyển đổi số",
			Body:   "Ban Thường vụ Tỉnh ủy quyết định thành lập Ban chỉ đạo chuyển đổi số của tỉnh.",
			Status: "issued", Signer: "Lê Thị Hoa", Template: "quyet-dinh",
		}),
		entry(search.Entry{
			ID: "c", Number: "12-CT/TW", Type: "CT", Issuer: "TW", Date: "2018-01-15",
			Title:  "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác văn thư",
			Body:   "Tiếp tục thực hiện Chỉ thị số 28-CT/TW, các cấp ủy chỉ đạo chặt chẽ công tác văn thư, lưu trữ.",
			Cites:  []string{Key("28-CT/TW")},
			Status: "issued", Template: "chi-thi",
		}),
		entry(search.Entry{
			ID: "d", Number: "167-TB/TU", Type: "TB", Issuer: "TU", Date: "2023-07-20",
			Title:  norm.NFD.String("Thông báo kết luận của Thường trực Tỉnh ủy"),
			Body:   norm.NFD.String("Kết luận của đồng chí Bí thư Tỉnh ủy về công tác xây dựng Đảng. Thực hiện Quy định số 124-QĐ/TW của Bộ Chính trị."),
			Cites:  []string{Key("124-QĐ/TW")},
			Status: "issued", Template: "thong-bao",
		}),
		entry(search.Entry{
			ID: "e", Number: "05-KL/TW", Type: "KL", Issuer: "TW", Date: "2021-08-01",
			Title:  "Ket luan ve doi moi phuong thuc lanh dao",
			Body:   "Ket luan cua Bo Chinh tri <b>ve</b> doi moi phuong thuc lanh dao & cam ket thuc hien.",
			Status: "issued", Template: "ket-luan",
		}),
		entry(search.Entry{
			ID: "f", Number: "28-CT/TW", Type: "CT", Issuer: "TW", Date: "2020-11-11", Secrecy: search.SecrecyMat,
			Title:  "Chỉ thị mật về kết luận và quyết định nhân sự",
			Body:   "Kết luận về quyết định nhân sự, Đảng ủy thực hiện Quy định số 124-QĐ/TW.",
			Cites:  []string{Key("124-QĐ/TW")},
			Status: "issued", Template: "chi-thi",
		}),
		entry(search.Entry{
			ID: "g", Number: "124-QĐ/TW", Type: "QĐ", Issuer: "TW", Date: "2022-06-06", Secrecy: search.SecrecyToiMat,
			Title:  "Quy định tối mật về kết luận kiểm tra của Đảng",
			Body:   "Quyết định và kết luận theo Chỉ thị số 28-CT/TW.",
			Cites:  []string{Key("28-CT/TW")},
			Status: "issued", Template: "quy-dinh",
		}),
		entry(search.Entry{
			ID: "h", Type: "NQ", Issuer: "ĐU", Date: "2024-02-01",
			Title:  "Dự thảo nghị quyết về đầu tư công",
			Body:   "Đảng ủy quyết định chủ trương đầu tư công trung hạn.",
			Status: "draft", Template: "nghi-quyet",
		}),
	}
}

// visibleByDate lists the IDs of the non-secret corpus entries, newest first.
var visibleByDate = []string{"h", "d", "e", "b", "a", "c"}
