package citation

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// want is the expected outcome for one reference.
type want struct {
	kind     Kind
	display  string
	key      string
	typeWord string
	date     string
	khoa     string
}

// specCases are the examples of the reference table of the citation grammar, in order.
var specCases = []struct {
	name  string
	input string
	want  []want
}{
	{"01 full", "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "2016-05-15", ""}}},
	{"02 date", "Quy định 124-QĐ/TW ngày 04/10/2023",
		[]want{{KindParty, "124-QĐ/TW", "124-qd/tw", "Quy định", "2023-10-04", ""}}},
	{"03 plain", "Quy định 205-QĐ/TW",
		[]want{{KindParty, "205-QĐ/TW", "205-qd/tw", "Quy định", "", ""}}},
	{"04 khoa", "Kết luận số 21-KL/TW khóa XIII",
		[]want{{KindParty, "21-KL/TW", "21-kl/tw", "Kết luận", "", "XIII"}}},
	{"05 DA", "Đề án số 01-ĐA/TU",
		[]want{{KindParty, "01-ĐA/TU", "1-da/tu", "Đề án", "", ""}}},
	{"06 KH", "Kế hoạch số 212-KH/TU",
		[]want{{KindParty, "212-KH/TU", "212-kh/tu", "Kế hoạch", "", ""}}},
	{"07 QDi", "Quy định số 34-QĐi/TU",
		[]want{{KindParty, "34-QĐi/TU", "34-qdi/tu", "Quy định", "", ""}}},
	{"08 so", "Số 15-TB/TU",
		[]want{{KindParty, "15-TB/TU", "15-tb/tu", "", "", ""}}},
	{"09 no diacritics", "quy dinh so 34-qdi/tu",
		[]want{{KindParty, "34-QĐi/TU", "34-qdi/tu", "Quy định", "", ""}}},
	{"10 en dash spaces", "chi thi 28 – CT / TW",
		[]want{{KindParty, "28-CT/TW", "28-ct/tw", "Chỉ thị", "", ""}}},
	{"11 line break", "Hướng dẫn số 16 -\nHD/BTCTW",
		[]want{{KindParty, "16-HD/BTCTW", "16-hd/btctw", "Hướng dẫn", "", ""}}},
	{"12 hyphen missing", "Số 09 KH/ĐU",
		[]want{{KindParty, "09-KH/ĐU", "9-kh/du", "", "", ""}}},
	{"13 TƯ", "Quy định 22-QĐ/TƯ",
		[]want{{KindParty, "22-QĐ/TW", "22-qd/tw", "Quy định", "", ""}}},
	{"14 look-alikes", "Chỉ thị 05\u2011CT\u2215TW",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"15 plenum", "Nghị quyết Trung ương 4 (khóa XII)",
		[]want{{KindPlenum, "HNTW4-XII", "hntw4-xii", "", "", "XII"}}},
	{"16 partial", "Đề án 5155",
		[]want{{KindPartial, "Đề án 5155", "da:5155", "Đề án", "", ""}}},
	{"17 legal", "Thông tư 05/2023/TT-BNV",
		[]want{{KindLegal, "05/2023/TT-BNV", "5/2023/tt-bnv", "Thông tư", "", ""}}},
	{"18 letter", "Công văn số 4021/VPCP-CN",
		[]want{{KindLetter, "4021/VPCP-CN", "4021/vpcp-cn", "Công văn", "", ""}}},
	{"19 law", "Luật số 85/2015/QH13",
		[]want{{KindLegal, "85/2015/QH13", "85/2015/qh13", "Luật", "", ""}}},
	{"20 news dates", "ngày 4.10.2023 của Bộ Chính trị, Quy định 366-QĐ/TW ngày 30.8.2025",
		[]want{{KindParty, "366-QĐ/TW", "366-qd/tw", "Quy định", "2025-08-30", ""}}},
	{"21 all caps", "CHỈ THỊ SỐ 05-CT/TW",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"22 number and plenum", "Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
		[]want{
			{KindParty, "18-NQ/TW", "18-nq/tw", "Nghị quyết", "2017-10-25", ""},
			{KindPlenum, "HNTW6-XII", "hntw6-xii", "", "", "XII"},
		}},
	{"23 admin", "Quyết định số 439/QĐ-TTg",
		[]want{{KindAdmin, "439/QĐ-TTg", "439/qd-ttg", "Quyết định", "", ""}}},
	{"24 NFD", norm.NFD.String("Chỉ thị số 05-CT/TW"),
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"25 glued code", "biến thể COVID-19/SARS-CoV-2 tại Quốc lộ 1A", nil},
	{"26 list", "Nghị quyết số 04-NQ/TW và 05-NQ/TW",
		[]want{
			{KindParty, "04-NQ/TW", "4-nq/tw", "Nghị quyết", "", ""},
			{KindParty, "05-NQ/TW", "5-nq/tw", "", "", ""},
		}},
}

func TestExtractSpec(t *testing.T) {
	if len(specCases) != 26 {
		t.Fatalf("specCases has %d rows, the reference table has 26", len(specCases))
	}
	for _, tc := range specCases {
		t.Run(tc.name, func(t *testing.T) {
			checkRefs(t, tc.input, Extract(tc.input), tc.want)
		})
	}
}

// moreCases cover behaviour beyond the reference table.
var moreCases = []struct {
	name  string
	input string
	want  []want
}{
	{"joint issuer", "Quy chế số 05-QC/BTCTU-BDVTU",
		[]want{{KindParty, "05-QC/BTCTU-BDVTU", "5-qc/btctu-bdvtu", "Quy chế", "", ""}}},
	{"joint issuer spaced", "Quy chế số 05-QC/BTCTU - BDVTU",
		[]want{{KindParty, "05-QC/BTCTU-BDVTU", "5-qc/btctu-bdvtu", "Quy chế", "", ""}}},
	{"dash as punctuation", "Chỉ thị 05-CT/TW – Chỉ thị về đẩy mạnh học tập",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"dash as punctuation caps", "CHỈ THỊ 05-CT/TW - VỀ ĐẨY MẠNH",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"legal decree", "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020",
		[]want{{KindLegal, "30/2020/NĐ-CP", "30/2020/nd-cp", "Nghị định", "2020-03-05", ""}}},
	{"legal without diacritics", "nghi dinh 30/2020/nd-cp",
		[]want{{KindLegal, "30/2020/NĐ-CP", "30/2020/nd-cp", "Nghị định", "", ""}}},
	{"eth for D stroke", "Số 335-BC/\u00d0U",
		[]want{{KindParty, "335-BC/ĐU", "335-bc/du", "", "", ""}}},
	{"issuer restored", "so 07-hd/duk",
		[]want{{KindParty, "07-HD/ĐUK", "7-hd/duk", "", "", ""}}},
	{"HĐ kept", "Số 12-HĐ/TU",
		[]want{{KindParty, "12-HĐ/TU", "12-hd/tu", "", "", ""}}},
	{"letter TTg", "Công văn 777/TTg-TCCV",
		[]want{{KindLetter, "777/TTg-TCCV", "777/ttg-tccv", "Công văn", "", ""}}},
	{"consolidated text", "Văn bản 03/VBHN-VPQH",
		[]want{{KindAdmin, "03/VBHN-VPQH", "3/vbhn-vpqh", "", "", ""}}},
	{"five digits", "Công văn số 15671-CV/VPTW",
		[]want{{KindParty, "15671-CV/VPTW", "15671-cv/vptw", "Công văn", "", ""}}},
	{"six digits", "số 156712-CV/VPTW", nil},
	{"number zero", "Chỉ thị 0-CT/TW", nil},
	{"glued left letter", "mã A12-CT/TW", nil},
	{"glued right letter", "28-CT/ABCDEFGHIJKLMNOPQ", nil},
	{"product code", "máy X-12/BC-3", nil},
	{"date words", "Chỉ thị số 05-CT/TW ngày 20 tháng 6 năm 2019",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "2019-06-20", ""}}},
	{"bad date", "Chỉ thị số 05-CT/TW ngày 32/5/2016",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"date then khoa", "Chỉ thị 05-CT/TW ngày 15/5/2016 (khoá XII)",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "2016-05-15", "XII"}}},
	{"khoa not roman", "Kết luận 21-KL/TW khóa luận", // "khóa luận" is a word, not a term
		[]want{{KindParty, "21-KL/TW", "21-kl/tw", "Kết luận", "", ""}}},
	{"thong bao ket luan", "Thông báo kết luận số 15-TB/TU",
		[]want{{KindParty, "15-TB/TU", "15-tb/tu", "Thông báo kết luận", "", ""}}},
	{"so with colon", "Thông báo số: 15-TB/TU",
		[]want{{KindParty, "15-TB/TU", "15-tb/tu", "Thông báo", "", ""}}},
	{"state admin", "Số: 15/TB-UBND",
		[]want{{KindAdmin, "15/TB-UBND", "15/tb-ubnd", "", "", ""}}},
	{"TW in caps after slash", "QUY ĐỊNH 22-QĐ/TƯ NGÀY 04/10/2023",
		[]want{{KindParty, "22-QĐ/TW", "22-qd/tw", "Quy định", "2023-10-04", ""}}},
	{"partial chi thi", "Chỉ thị 05 ngày 15/5/2016",
		[]want{{KindPartial, "Chỉ thị 5", "ct:5", "Chỉ thị", "2016-05-15", ""}}},
	{"partial quy dinh", "theo Quy định số 205.",
		[]want{{KindPartial, "Quy định 205", "qdi:205", "Quy định", "", ""}}},
	{"partial law", "Luật số 85",
		[]want{{KindPartial, "Luật 85", "luat:85", "Luật", "", ""}}},
	{"partial followed by decimal", "Đề án 5.155", nil},
	{"partial duration", "xây dựng Kế hoạch 5 năm 2021-2025", nil},
	{"partial programme duration", "Chương trình 100 ngày", nil},
	{"partial with year", "Đề án 06 năm 2022",
		[]want{{KindPartial, "Đề án 6", "da:6", "Đề án", "", ""}}},
	{"partial diacritics differ", "mua gạo để ăn 5 ngày", nil},
	{"plenum ordinal words", "Hội nghị lần thứ mười hai Ban Chấp hành Trung ương khóa XIII",
		[]want{{KindPlenum, "HNTW12-XIII", "hntw12-xiii", "", "", "XIII"}}},
	{"plenum roman", "Hội nghị lần thứ IV Ban Chấp hành Trung ương khoá XI",
		[]want{{KindPlenum, "HNTW4-XI", "hntw4-xi", "", "", "XI"}}},
	{"plenum TƯ", "Nghị quyết TƯ 4 khóa XII về xây dựng Đảng",
		[]want{{KindPlenum, "HNTW4-XII", "hntw4-xii", "", "", "XII"}}},
	{"plenum two terms", "Nghị quyết Trung ương 4 (khóa XI, XII)",
		[]want{{KindPlenum, "HNTW4-XI", "hntw4-xi", "", "", "XI"}}},
	{"plenum thu tu caps", "HỘI NGHỊ LẦN THỨ TƯ BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XII",
		[]want{{KindPlenum, "HNTW4-XII", "hntw4-xii", "", "", "XII"}}},
	{"plenum without term", "NQ TW4", nil},
	{"thong tu caps", "THÔNG TƯ 05/2023/TT-BNV",
		[]want{{KindLegal, "05/2023/TT-BNV", "5/2023/tt-bnv", "Thông tư", "", ""}}},
	{"list with shared date", "Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW, ngày 25/10/2017",
		[]want{
			{KindParty, "18-NQ/TW", "18-nq/tw", "Nghị quyết", "", ""},
			{KindParty, "19-NQ/TW", "19-nq/tw", "Nghị quyết", "2017-10-25", ""},
		}},
	{"zero width and soft hyphen", "Chỉ thị 05\u200b-CT/\u00adTW",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"nbsp", "Chỉ\u00a0thị\u00a0số\u00a005-CT/TW",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "Chỉ thị", "", ""}}},
	{"empty", "", nil},
	{"invalid utf8", "Chỉ thị \xff05-CT/TW\xfe",
		[]want{{KindParty, "05-CT/TW", "5-ct/tw", "", "", ""}}},
}

func TestExtractMore(t *testing.T) {
	for _, tc := range moreCases {
		t.Run(tc.name, func(t *testing.T) {
			checkRefs(t, tc.input, Extract(tc.input), tc.want)
		})
	}
}

func checkRefs(t *testing.T, input string, got []Ref, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("Extract(%q) = %d refs %v, want %d", input, len(got), displays(got), len(wants))
	}
	cleaned := []rune(Clean(input))
	for i, w := range wants {
		g := got[i]
		gw := want{g.Kind, g.Display, g.Key, g.TypeWord, g.Date, g.Khoa}
		if gw != w {
			t.Errorf("Extract(%q)[%d] = %+v, want %+v", input, i, gw, w)
		}
		if g.Start < 0 || g.End > len(cleaned) || g.Start >= g.End {
			t.Fatalf("Extract(%q)[%d]: bad offsets %d..%d", input, i, g.Start, g.End)
		}
		if raw := string(cleaned[g.Start:g.End]); raw != g.Raw {
			t.Errorf("Extract(%q)[%d].Raw = %q, cleaned text at offsets = %q", input, i, g.Raw, raw)
		}
	}
}

func displays(refs []Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Display
	}
	return out
}

func TestExtractFields(t *testing.T) {
	tests := []struct {
		input string
		want  Ref
	}{
		{"Chỉ thị số 28 – CT / TW", Ref{
			Kind: KindParty, Raw: "28 - CT / TW", Display: "28-CT/TW", Key: "28-ct/tw",
			Number: 28, Type: "CT", Issuer: "TW", TypeWord: "Chỉ thị", Start: 11, End: 23,
		}},
		{"Nghị định 30/2020/NĐ-CP", Ref{
			Kind: KindLegal, Raw: "30/2020/NĐ-CP", Display: "30/2020/NĐ-CP", Key: "30/2020/nd-cp",
			Number: 30, Type: "NĐ", Issuer: "CP", Year: 2020, TypeWord: "Nghị định", Start: 10, End: 23,
		}},
		{"Luật 85/2015/QH13", Ref{
			Kind: KindLegal, Raw: "85/2015/QH13", Display: "85/2015/QH13", Key: "85/2015/qh13",
			Number: 85, Issuer: "QH13", Year: 2015, TypeWord: "Luật", Start: 5, End: 17,
		}},
		{"4021/VPCP-CN", Ref{
			Kind: KindLetter, Raw: "4021/VPCP-CN", Display: "4021/VPCP-CN", Key: "4021/vpcp-cn",
			Number: 4021, Issuer: "VPCP", Unit: "CN", End: 12,
		}},
		{"Đề án 5155", Ref{
			Kind: KindPartial, Raw: "Đề án 5155", Display: "Đề án 5155", Key: "da:5155",
			Number: 5155, Type: "ĐA", TypeWord: "Đề án", End: 10,
		}},
		{"Nghị quyết Trung ương 4 (khóa XII) ngày 30/10/2016", Ref{
			Kind: KindPlenum, Raw: "Nghị quyết Trung ương 4 (khóa XII)", Display: "HNTW4-XII", Key: "hntw4-xii",
			Number: 4, Khoa: "XII", Date: "2016-10-30", End: 34,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.input, func(t *testing.T) {
			got := Extract(tc.input)
			if len(got) != 1 {
				t.Fatalf("Extract(%q) = %v, want one ref", tc.input, displays(got))
			}
			if !reflect.DeepEqual(got[0], tc.want) {
				t.Errorf("Extract(%q) =\n %+v\nwant\n %+v", tc.input, got[0], tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		input   string
		wantKey string
		wantOK  bool
	}{
		{"28-CT/TW", "28-ct/tw", true},
		{"28-ct/tw", "28-ct/tw", true},
		{"28 - CT/TW", "28-ct/tw", true},
		{"28–CT/TW", "28-ct/tw", true},
		{"28—CT/TW", "28-ct/tw", true},
		{"Chỉ thị số 28-CT/TW", "28-ct/tw", true},
		{"chi thi so 28-ct/tw", "28-ct/tw", true},
		{"  28-CT/TƯ ", "28-ct/tw", true},
		{"05-CT/TW", "5-ct/tw", true},
		{"5-ct/tw", "5-ct/tw", true},
		{"30/2020/NĐ-CP", "30/2020/nd-cp", true},
		{"30/2020/ND-CP", "30/2020/nd-cp", true},
		{"439/QĐ-TTg", "439/qd-ttg", true},
		{"4021/VPCP-CN", "4021/vpcp-cn", true},
		{"Đề án 5155", "da:5155", true},
		{"de an 5155", "da:5155", true},
		{"Nghị quyết Trung ương 4 (khóa XII)", "", false}, // plenum, not a number
		{"kết luận", "", false},
		{"", "", false},
		{"12", "", false},
		{"   ", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.input, func(t *testing.T) {
			ref, ok := Parse(tc.input)
			if ok != tc.wantOK || ref.Key != tc.wantKey {
				t.Errorf("Parse(%q) = (%q, %v), want (%q, %v)", tc.input, ref.Key, ok, tc.wantKey, tc.wantOK)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	refs := Extract("Chỉ thị 05-CT/TW, Chỉ thị số 5-ct/tw, Đề án 5155 và Chỉ thị 05 – CT/TW")
	got := Keys(refs)
	want := []string{"5-ct/tw", "da:5155"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	if got := Keys(nil); len(got) != 0 {
		t.Errorf("Keys(nil) = %q, want empty", got)
	}
}

func TestFormatParty(t *testing.T) {
	tests := []struct {
		number       int
		typ, issuer  string
		display, key string
	}{
		{5, "TB", "TU", "05-TB/TU", "5-tb/tu"},
		{167, "TB", "TU", "167-TB/TU", "167-tb/tu"},
		{28, "CT", "TW", "28-CT/TW", "28-ct/tw"},
		{34, "QĐi", "TU", "34-QĐi/TU", "34-qdi/tu"},
		{34, "qdi", "tu", "34-QĐi/TU", "34-qdi/tu"},
		{22, "QĐ", "TƯ", "22-QĐ/TW", "22-qd/tw"},
		{9, "KH", "ĐU", "09-KH/ĐU", "9-kh/du"},
		{5, "QC", "BTCTU-BDVTU", "05-QC/BTCTU-BDVTU", "5-qc/btctu-bdvtu"},
		{1, "HĐ", "TU", "01-HĐ/TU", "1-hd/tu"},
	}
	for _, tc := range tests {
		t.Run(tc.display, func(t *testing.T) {
			got := FormatParty(tc.number, tc.typ, tc.issuer)
			if got != tc.display {
				t.Errorf("FormatParty(%d, %q, %q) = %q, want %q", tc.number, tc.typ, tc.issuer, got, tc.display)
			}
			if k := KeyOf(got); k != tc.key {
				t.Errorf("KeyOf(%q) = %q, want %q", got, k, tc.key)
			}
		})
	}
}

func TestKeyOf(t *testing.T) {
	tests := []struct{ display, want string }{
		{"05-TB/TU", "5-tb/tu"},
		{"167-TB/TU", "167-tb/tu"},
		{"30/2020/NĐ-CP", "30/2020/nd-cp"},
		{"05/2023/TT-BNV", "5/2023/tt-bnv"},
		{"85/2015/QH13", "85/2015/qh13"},
		{"439/QĐ-TTg", "439/qd-ttg"},
		{"4021/VPCP-CN", "4021/vpcp-cn"},
		{"Đề án 5155", "da:5155"},
		{"HNTW4-XII", "hntw4-xii"},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.display, func(t *testing.T) {
			if got := KeyOf(tc.display); got != tc.want {
				t.Errorf("KeyOf(%q) = %q, want %q", tc.display, got, tc.want)
			}
		})
	}
}

func TestAlternates(t *testing.T) {
	tests := []struct {
		key  string
		want []string
	}{
		{"37-qd/tw", []string{"37-qdi/tw"}},
		{"37-qdi/tw", []string{"37-qd/tw"}},
		{"qdi:205", []string{"qd:205"}},
		{"qd:205", []string{"qdi:205"}},
		{"hntw4-xii", []string{"4-nq/tw"}},
		{"hntw6-xii", []string{"18-nq/tw", "19-nq/tw"}},
		{"5-ct/tw", nil},
		{"da:5155", nil},
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if got := Alternates(tc.key); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Alternates(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestPlenumResolutions(t *testing.T) {
	got := PlenumResolutions("hntw4-xii")
	if len(got) != 1 || got[0] != (PlenumResolution{"04-NQ/TW", "2016-10-30"}) {
		t.Errorf("PlenumResolutions(hntw4-xii) = %v", got)
	}
	got[0].Display = "changed"
	if PlenumResolutions("hntw4-xii")[0].Display != "04-NQ/TW" {
		t.Error("PlenumResolutions returned the table itself")
	}
	if got := PlenumResolutions("hntw99-xii"); got != nil {
		t.Errorf("PlenumResolutions(unknown) = %v, want nil", got)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"28\u2013CT\u2215TW", "28-CT/TW"},
		{"\u00d0U \u00f0u", "ĐU đu"},
		{"a\u00a0b\u202fc\td", "a b c d"},
		{"a\u200bb\ufeffc\u00add", "abcd"},
		{norm.NFD.String("Chỉ thị"), "Chỉ thị"},
		{"e\u200b\u0301", "e"}, // a mark left alone after NFC is dropped
		{"\xff", "\ufffd"},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTables checks the invariants the grammar relies on: every display
// spelling folds back to its key, and keys are plain folded codes.
func TestTables(t *testing.T) {
	for _, table := range []map[string]string{typeCodes, typeCodesWithD, issuerCodes} {
		for k, d := range table {
			if got := strings.ToLower(strings.ReplaceAll(d, "Đ", "d")); got != k {
				t.Errorf("display %q folds to %q, want its key %q", d, got, k)
			}
		}
	}
	for _, w := range typeWords {
		if w.code != "luat" {
			if _, ok := typeCodes[w.code]; !ok {
				t.Errorf("type word %q: code %q is not in typeCodes", w.folded, w.code)
			}
		}
		if got := KeyOf(w.display + " 7"); got != w.code+":7" {
			t.Errorf("KeyOf(%q) = %q, want %q", w.display+" 7", got, w.code+":7")
		}
	}
	for key, rs := range plenumResolutions {
		for _, r := range rs {
			if ref, ok := Parse(r.Display); !ok || ref.Display != r.Display {
				t.Errorf("plenum %s: %q is not a display form", key, r.Display)
			}
		}
	}
}

func TestNFCStable(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if !nfcStable(r) {
			continue
		}
		s := string(r)
		if !norm.NFC.IsNormalString(s) || !norm.NFC.PropertiesString(s).BoundaryBefore() {
			t.Errorf("U+%04X is not stable under NFC", r)
		}
	}
}

// TestExtractConcurrent runs Extract from several goroutines; under -race
// it checks that the shared tables and lazy caches are safe.
func TestExtractConcurrent(t *testing.T) {
	want := displays(Extract(benchText))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := displays(Extract(benchText)); !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent Extract = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
