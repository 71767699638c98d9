package citation_test

import (
	"fmt"

	"vanthu/documents/citation"
)

func ExampleExtract() {
	text := "Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị và Nghị quyết Trung ương 4 (khóa XII)"
	for _, ref := range citation.Extract(text) {
		fmt.Printf("%s %s %s type word=%q date=%q khóa=%q\n", ref.Kind, ref.Display, ref.Key, ref.TypeWord, ref.Date, ref.Khoa)
	}
	// Output:
	// party 05-CT/TW 5-ct/tw type word="Chỉ thị" date="2016-05-15" khóa=""
	// plenum HNTW4-XII hntw4-xii type word="" date="" khóa="XII"
}

func ExampleParse() {
	for _, q := range []string{"28-CT/TW", "28 – ct / tw", "Chỉ thị số 28-CT/TW", "Đề án 5155", "kết luận"} {
		ref, ok := citation.Parse(q)
		fmt.Printf("%q %v %s\n", q, ok, ref.Key)
	}
	// Output:
	// "28-CT/TW" true 28-ct/tw
	// "28 – ct / tw" true 28-ct/tw
	// "Chỉ thị số 28-CT/TW" true 28-ct/tw
	// "Đề án 5155" true da:5155
	// "kết luận" false
}

func ExampleFormatParty() {
	display := citation.FormatParty(5, "TB", "TU")
	fmt.Println(display, citation.KeyOf(display))
	// Output: 05-TB/TU 5-tb/tu
}
