package citation

// Kind classifies a reference.
type Kind string

// Kinds of reference.
const (
	KindParty   Kind = "party"   // 05-CT/TW, 05-QC/BTCTU-BDVTU
	KindLegal   Kind = "legal"   // 30/2020/NĐ-CP, 85/2015/QH13
	KindAdmin   Kind = "admin"   // 439/QĐ-TTg
	KindLetter  Kind = "letter"  // 4021/VPCP-CN
	KindPlenum  Kind = "plenum"  // HNTW4-XII
	KindPartial Kind = "partial" // Đề án 5155
)

// Ref is one reference found in a text.
type Ref struct {
	Kind Kind
	// Raw is the reference as printed in the cleaned text (see [Clean]),
	// e.g. "28 - CT / TW"; for plenum and partial references it includes
	// the words that name them.
	Raw string
	// Display is the normalised display form: "05-CT/TW", "30/2020/NĐ-CP",
	// "439/QĐ-TTg", "4021/VPCP-CN", "HNTW4-XII", "Đề án 5155".
	Display string
	// Key is the search key: Display folded, number without leading zeros
	// ("5-ct/tw", "hntw4-xii"); "{type code}:{number}" for partial
	// references ("da:5155").
	Key string
	// Number is the document number (the plenum number for plenums).
	Number int
	// Type is the display type code, "CT"; empty for letters, laws and
	// plenums, and for partial references to laws.
	Type string
	// Issuer is the display issuer code: "TW", "BTCTU-BDVTU", "CP", "QH13";
	// for letters the issuing body ("VPCP"); empty for plenums and partial
	// references.
	Issuer string
	// Unit is the drafting unit of a letter ("CN" in 4021/VPCP-CN).
	Unit string
	// Year is the year in the number of legal references (2020 in
	// 30/2020/NĐ-CP), otherwise 0.
	Year int
	// TypeWord is the canonical spelling of the type word before the number
	// ("Chỉ thị"), or of the word naming a partial reference; empty if none.
	TypeWord string
	// Date is the ISO date following the number ("2016-05-15"), or empty.
	Date string
	// Khoa is the term following the reference, or naming a plenum ("XIII").
	Khoa string
	// Start and End are rune offsets of Raw in the cleaned text.
	Start, End int
}
