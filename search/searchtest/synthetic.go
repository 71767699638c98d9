package searchtest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents/secrecy"
	"vanthu/search"
)

var (
	syntheticTypes   = []string{"NQ", "QĐ", "CT", "KL", "TB", "KH", "HD", "BC", "CV", "QC"}
	syntheticIssuers = []string{"TW", "TU", "ĐU", "HU", "BTGTW", "VPTW", "UBKTTW", "BTCTU"}
	syntheticWords   = strings.Fields(`
		Đảng ủy tỉnh kết luận quyết định nghị quyết chỉ thị thông báo kế hoạch hướng dẫn
		công tác văn thư lưu trữ kiểm tra giám sát xây dựng chỉnh đốn đổi mới phương thức
		lãnh đạo cán bộ đảng viên tổ chức cơ sở chính trị tư tưởng đạo đức lối sống
		phát triển kinh tế xã hội quốc phòng an ninh đối ngoại chuyển đổi số hành chính
		thực hiện tăng cường nâng cao chất lượng hiệu quả nhiệm vụ giải pháp trọng tâm
		năm nhiệm kỳ khóa Ban Thường vụ Chấp hành Trung ương Bộ Chính trị Ban Bí thư
		về việc của và các những được trong đối với theo tình hình kết quả sơ kết tổng kết`)
)

// SyntheticCorpus returns n reproducible entries of random Vietnamese text
// (15–40 syllable titles, 150–400 syllable bodies; syllables drawn with a
// Zipf distribution from about 3,000 syllables, the common administrative
// words first) with realistic numbers,
// types, issuers, years 2000–2025, citations and about 10% secret entries.
// IDs are "s0", "s1", …; entry i has number SyntheticNumber(i).
func SyntheticCorpus(n int) []search.Entry {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := syntheticVocabulary()
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	text := func(words int) string {
		parts := make([]string, words)
		for i := range parts {
			parts[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(parts, " ")
	}
	out := make([]search.Entry, n)
	for i := range out {
		number := SyntheticNumber(i)
		typ, issuer := syntheticParts(i)
		year := 2000 + r.IntN(26)
		e := search.Entry{
			ID:       fmt.Sprintf("s%d", i),
			Number:   number,
			Type:     typ,
			Issuer:   issuer,
			Date:     fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28)),
			Title:    text(15 + r.IntN(26)),
			Body:     text(150 + r.IntN(251)),
			Status:   "issued",
			Template: "synthetic",
			Signer:   "Nguyễn Văn " + syntheticWords[r.IntN(len(syntheticWords))],
		}
		if r.IntN(10) == 0 {
			e.Secrecy = secrecy.Level(1 + r.IntN(3))
		}
		for range r.IntN(4) {
			e.Cites = append(e.Cites, Key(SyntheticNumber(r.IntN(n))))
		}
		out[i] = entry(e)
	}
	return out
}

// SyntheticNumber is the document number of synthetic entry i. Numbers
// repeat across issuers and types, so neighbours such as 124-QĐ/TW and
// 124-QĐ/TU exist.
func SyntheticNumber(i int) string {
	typ, issuer := syntheticParts(i)
	return fmt.Sprintf("%d-%s/%s", 1+i%500, typ, issuer)
}

func syntheticParts(i int) (typ, issuer string) {
	return syntheticTypes[(i/500)%len(syntheticTypes)], syntheticIssuers[(i/5000)%len(syntheticIssuers)]
}

// syntheticVocabulary returns the common words followed by generated
// syllables (onset × rhyme × tone), so rarer syllables come last.
func syntheticVocabulary() []string {
	vocab := slices.Clone(syntheticWords)
	onsets := []string{"b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"}
	rhymes := []string{"a", "ai", "am", "an", "ang", "anh", "ao", "at", "ay", "e", "em", "en", "i", "im", "in", "inh", "o", "oa", "oi", "om", "on", "ong", "u", "ui", "um", "un", "ung", "uy", "ơ", "ơi", "ư", "ưa", "ươi"}
	tones := []string{"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
	for _, tone := range tones {
		for _, o := range onsets {
			for _, rh := range rhymes {
				first, size := utf8.DecodeRuneInString(rh)
				vocab = append(vocab, norm.NFC.String(o+string(first)+tone+rh[size:]))
			}
		}
	}
	return vocab
}
