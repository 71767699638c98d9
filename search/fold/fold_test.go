package fold

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Đảng Cộng sản Việt Nam", "dang cong san viet nam"},
		{"KẾT LUẬN", "ket luan"},
		{norm.NFD.String("Quyết định"), "quyet dinh"},
		{"Ðà Nẵng", "da nang"}, // Icelandic eth look-alike
		{"văn hoá, văn hóa", "van hoa, van hoa"},
		{"124-QĐ/TW", "124-qd/tw"},
		{"", ""},
	} {
		if got := String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRuneIsOneToOne(t *testing.T) {
	for _, r := range "ĐđÐðẢảỨứỰựÂâĂăƠơƯư" {
		if f := Rune(r); f == 0 || f > 'z' {
			t.Errorf("Rune(%q) = %q", r, f)
		}
	}
}

func TestCompact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"124-QĐ/TW", "124QDTW"},
		{"30/2020/NĐ-CP", "302020NDCP"},
		{"05-QC/BTCTU-BDVTU", "05QCBTCTUBDVTU"},
	} {
		if got := Compact(tc.in); got != tc.want {
			t.Errorf("Compact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
