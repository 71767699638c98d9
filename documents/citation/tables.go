package citation

// This file holds the editable data of the grammar: type codes, issuer codes,
// type words and plenum aliases. Keys are folded forms (lower case, no
// diacritics, đ → d). Regular expressions that depend on these tables are
// built from them at package initialisation, so edits take effect on the next
// build; the tables must not be modified at run time.

// typeCodes maps a folded document type code to its display spelling. A code
// that appears here is a "known type code": it enables the hyphen-less party
// pattern ("Số 09 KH/ĐU") and distinguishes an administrative number
// (439/QĐ-TTg) from a letter (4021/VPCP-CN). Every display value must fold
// back to its key.
//
// Sources: 36-HD/VPTW (Party codes), NĐ 30/2020/NĐ-CP Phụ lục III (state codes).
var typeCodes = map[string]string{
	"nq":   "NQ",   // Nghị quyết
	"qd":   "QĐ",   // Quyết định; Politburo/Secretariat Quy định
	"qdi":  "QĐi",  // Quy định (committee level)
	"qyd":  "QyĐ",  // Quy định (state)
	"ct":   "CT",   // Chỉ thị
	"kl":   "KL",   // Kết luận
	"qc":   "QC",   // Quy chế
	"tt":   "TT",   // Thông tri (Party), Thông tư (state)
	"hd":   "HD",   // Hướng dẫn; HĐ (hợp đồng) when written with Đ, see typeCodesWithD
	"tb":   "TB",   // Thông báo, thông báo kết luận
	"tc":   "TC",   // Thông cáo
	"bc":   "BC",   // Báo cáo
	"kh":   "KH",   // Kế hoạch
	"ctr":  "CTr",  // Chương trình
	"da":   "ĐA",   // Đề án (more frequent than DA, dự án)
	"pa":   "PA",   // Phương án
	"ttr":  "TTr",  // Tờ trình
	"cv":   "CV",   // Công văn (Party)
	"bb":   "BB",   // Biên bản
	"bs":   "BS",   // Bản sao (Party)
	"qho":  "QHo",  // Quy hoạch
	"ggt":  "GGT",  // Giấy giới thiệu
	"gcn":  "GCN",  // Giấy chứng nhận
	"gdd":  "GĐĐ",  // Giấy đi đường [unverified]
	"gnp":  "GNP",  // Giấy nghỉ phép
	"gm":   "GM",   // Giấy mời
	"pg":   "PG",   // Phiếu gửi
	"pc":   "PC",   // Phiếu chuyển
	"pb":   "PB",   // Phiếu báo
	"nd":   "NĐ",   // Nghị định
	"ttlt": "TTLT", // Thông tư liên tịch
	"nqlt": "NQLT", // Nghị quyết liên tịch
	"vbhn": "VBHN", // Văn bản hợp nhất
	"sy":   "SY",   // Bản sao y
	"trs":  "TrS",  // Bản trích sao
	"sl":   "SL",   // Bản sao lục
}

// typeCodesWithD overrides typeCodes when the original spelling of the code
// contains Đ: folding merges HĐ into HD, and only the original can tell them
// apart.
var typeCodesWithD = map[string]string{
	"hd": "HĐ",
}

// issuerCodes restores the spelling of a folded issuer code (one hyphen-
// separated component of the issuer) whose original has no Đ, e.g. text typed
// without diacritics. Codes not listed are written in upper case. When the
// original spelling has Đ, it is kept as written (upper-cased) instead.
var issuerCodes = map[string]string{
	"du":            "ĐU",   // Đảng ủy
	"duk":           "ĐUK",  // Đảng ủy Khối
	"dd":            "ĐĐ",   // Đảng đoàn
	"bcsd":          "BCSĐ", // Ban cán sự đảng
	"bcd":           "BCĐ",  // Ban chỉ đạo
	"bcdtw":         "BCĐTW",
	"dh":            "ĐH", // Đại hội
	"bdntw":         "BĐNTW",
	"bxdd":          "BXDĐ", // Ban Xây dựng Đảng
	"ubktdu":        "UBKTĐU",
	"vpdu":          "VPĐU",
	"duqs":          "ĐUQS",
	"duca":          "ĐUCA",
	"dubp":          "ĐUBP",
	"thu":           "ThU", // Thị ủy / Thành ủy thuộc tỉnh
	"ttg":           "TTg", // Thủ tướng Chính phủ
	"bgddt":         "BGDĐT",
	"hdnd":          "HĐND",
	"ctn":           "CTN",
	"dctubtwmttqvn": "ĐCTUBTWMTTQVN",
}

// typeWord is a word naming a document type, as it precedes a number.
type typeWord struct {
	folded  string // matching form, words separated by one space
	display string // canonical spelling
	code    string // folded type code used in partial keys ("da:5155")

	syllables [][]rune // display in lower case, split into syllables
}

// word builds a typeWord entry.
func word(folded, display, code string) typeWord {
	return typeWord{folded: folded, display: display, code: code}
}

// typeWords lists the type words recognised before a number. Longer words
// that start with a shorter one ("thông báo kết luận", "thông báo") are
// resolved by the pattern, which tries longer words first.
var typeWords = []typeWord{
	word("nghi quyet lien tich", "Nghị quyết liên tịch", "nqlt"),
	word("thong tu lien tich", "Thông tư liên tịch", "ttlt"),
	word("nghi quyet", "Nghị quyết", "nq"),
	word("nghi dinh", "Nghị định", "nd"),
	word("quyet dinh", "Quyết định", "qd"),
	// A partial "Quy định số N" defaults to the committee-level QĐi series;
	// search should also try qd:N (see Alternates).
	word("quy dinh", "Quy định", "qdi"),
	word("chi thi", "Chỉ thị", "ct"),
	word("ket luan", "Kết luận", "kl"),
	word("quy che", "Quy chế", "qc"),
	word("thong tri", "Thông tri", "tt"),
	word("thong tu", "Thông tư", "tt"),
	word("huong dan", "Hướng dẫn", "hd"),
	word("thong bao ket luan", "Thông báo kết luận", "tb"),
	word("thong bao", "Thông báo", "tb"),
	word("thong cao", "Thông cáo", "tc"),
	word("bao cao", "Báo cáo", "bc"),
	word("ke hoach", "Kế hoạch", "kh"),
	word("chuong trinh hanh dong", "Chương trình hành động", "ctr"),
	word("chuong trinh", "Chương trình", "ctr"),
	word("de an", "Đề án", "da"),
	word("du an", "Dự án", "da"),
	word("phuong an", "Phương án", "pa"),
	word("to trinh", "Tờ trình", "ttr"),
	word("cong van", "Công văn", "cv"),
	word("bien ban", "Biên bản", "bb"),
	// Laws have no type code; their partial key uses the word itself.
	word("luat", "Luật", "luat"),
}

// PlenumResolution is a resolution issued by a plenum of the Party Central
// Committee.
type PlenumResolution struct {
	Display string // display form, "04-NQ/TW"
	Date    string // ISO date of issue, "2016-10-30"
}

// plenumResolutions maps plenum keys to the resolutions the plenum issued.
// Plenums are usually cited by name ("Nghị quyết Trung ương 4 khóa XII")
// while documents carry numbers; this table links the two.
//
// [unverified] The entries are well known but have not been checked against
// the originals; verify before relying on them.
var plenumResolutions = map[string][]PlenumResolution{
	"hntw4-xi":  {{"12-NQ/TW", "2012-01-16"}},
	"hntw8-xi":  {{"28-NQ/TW", "2013-10-25"}, {"29-NQ/TW", "2013-11-04"}},
	"hntw4-xii": {{"04-NQ/TW", "2016-10-30"}},
	"hntw5-xii": {{"10-NQ/TW", "2017-06-03"}, {"11-NQ/TW", "2017-06-03"}, {"12-NQ/TW", "2017-06-03"}},
	"hntw6-xii": {{"18-NQ/TW", "2017-10-25"}, {"19-NQ/TW", "2017-10-25"}},
	"hntw7-xii": {{"26-NQ/TW", "2018-05-19"}, {"27-NQ/TW", "2018-05-21"}, {"28-NQ/TW", "2018-05-23"}},
}

// vietOrdinals maps folded Vietnamese ordinals (as in "Hội nghị lần thứ
// sáu") to numbers.
var vietOrdinals = map[string]int{
	"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
	"muoi": 10, "muoi mot": 11, "muoi hai": 12, "muoi ba": 13, "muoi bon": 14, "muoi lam": 15,
	"muoi sau": 16, "muoi bay": 17, "muoi tam": 18, "muoi chin": 19,
}
