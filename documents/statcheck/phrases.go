package statcheck

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Level keys, as in package review, plus "completed_or_above".
const (
	levelExcellent        = "excellent"
	levelGood             = "good"
	levelCompleted        = "completed"
	levelNotCompleted     = "not_completed"
	levelGoodOrAbove      = "good_or_above"
	levelCompletedOrAbove = "completed_or_above"
	// The older scale (before 2018): "trong sạch vững mạnh", its
	// "tiêu biểu" part, then "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm
	// vụ" and "yếu kém" (counted as not completed).
	levelStrong      = "strong"
	levelStrongModel = "strong_model"
)

// levelPhrases are the lower-case wordings of each level. When several
// match, the one starting first wins, then the longest: "không hoàn thành
// nhiệm vụ" before "hoàn thành nhiệm vụ", "hoàn thành tốt nhiệm vụ trở lên"
// before "hoàn thành tốt nhiệm vụ".
var levelPhrases = []struct{ phrase, level string }{
	{"hoàn thành tốt nhiệm vụ trở lên", levelGoodOrAbove},
	{"tốt nhiệm vụ trở lên", levelGoodOrAbove},
	{"tốt trở lên", levelGoodOrAbove},
	{"httnv trở lên", levelGoodOrAbove},
	{"hoàn thành nhiệm vụ trở lên", levelCompletedOrAbove},
	{"htnv trở lên", levelCompletedOrAbove},
	{"hoàn thành xuất sắc nhiệm vụ", levelExcellent},
	{"hoàn thành xuất sắc", levelExcellent},
	{"xuất sắc nhiệm vụ", levelExcellent},
	{"htxsnv", levelExcellent},
	{"hoàn thành tốt nhiệm vụ", levelGood},
	{"hoàn thành tốt", levelGood},
	{"httnv", levelGood},
	{"không hoàn thành nhiệm vụ", levelNotCompleted},
	{"chưa hoàn thành nhiệm vụ", levelNotCompleted},
	{"vi phạm tư cách", levelNotCompleted},
	{"yếu kém", levelNotCompleted},
	{"yếu, kém", levelNotCompleted},
	{"trong sạch vững mạnh tiêu biểu", levelStrongModel},
	{"trong sạch, vững mạnh tiêu biểu", levelStrongModel},
	{"vững mạnh tiêu biểu", levelStrongModel},
	{"tsvm tiêu biểu", levelStrongModel},
	{"trong sạch vững mạnh", levelStrong},
	{"trong sạch, vững mạnh", levelStrong},
	{"tsvm", levelStrong},
	{"không hoàn thành", levelNotCompleted},
	{"khtnv", levelNotCompleted},
	{"hoàn thành nhiệm vụ", levelCompleted},
	{"htnv", levelCompleted},
}

// classifyLevel returns the level named in a squashed clause, or "".
func classifyLevel(clause string) string {
	level, _ := findLevel(clause)
	return level
}

// findLevel returns the level named in a squashed clause and the phrase
// that names it.
func findLevel(clause string) (level, phrase string) {
	bestAt := len(clause) + 1
	for _, p := range levelPhrases {
		at := indexWord(clause, p.phrase)
		if at < 0 {
			continue
		}
		if at < bestAt || (at == bestAt && len(p.phrase) > len(phrase)) {
			level, phrase, bestAt = p.level, p.phrase, at
		}
	}
	return level, phrase
}

// levelAtEnd returns the level named at the very end of a squashed lead-in,
// before an optional ":" or "là" ("hoàn thành xuất sắc nhiệm vụ:",
// "trong đó: htxsnv"), and the number of words of the phrase. A level
// named earlier in the lead-in does not count.
func levelAtEnd(lead string) (level string, words int) {
	lead = strings.TrimSpace(strings.TrimSuffix(lead, ":"))
	lead = strings.TrimSpace(strings.TrimSuffix(lead, " là"))
	lead = strings.TrimSpace(strings.TrimSuffix(lead, " có"))
	best := ""
	for _, p := range levelPhrases {
		at := len(lead) - len(p.phrase)
		if at < 0 || lead[at:] != p.phrase || (at > 0 && isLetterByteBefore(lead, at)) {
			continue
		}
		if len(p.phrase) > len(best) {
			level, best = p.level, p.phrase
		}
	}
	return level, len(strings.Fields(best))
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(phrase)
		if (i == 0 || !isLetterByteBefore(s, i)) && (end == len(s) || !isLetterAt(s, end)) {
			return i
		}
		from = i + 1
	}
}

func isLetterByteBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

var (
	evaluatedRe    = regexp.MustCompile(`(?:^|\s)(?:đánh giá|xếp loại)(?:\s|,|$)`)
	notEvaluatedRe = regexp.MustCompile(`(?:chưa|không|miễn)(?:\s+(?:được|có|bị|phải|đủ thời gian))?\s+(?:đánh giá|xếp loại)`)
)

// classifyEvaluation tells whether a squashed clause says the subjects were
// evaluated ("được đánh giá, xếp loại") or not ("chưa đánh giá").
func classifyEvaluation(clause string) (evaluated, notEvaluated bool) {
	if notEvaluatedRe.MatchString(clause) {
		return false, true
	}
	return evaluatedRe.MatchString(clause), false
}

// childLeadRe matches the lead-in of a figure inside a "trong đó" clause.
var childLeadRe = regexp.MustCompile(`trong đó\s*:?\s*(?:có|là|gồm)?\s*(?:không có)?$`)

// skipWords are words that, right before a number, show it is not a count
// of subjects: a change, a date, a document number, an approximation.
var skipWords = map[string]bool{
	"tăng": true, "giảm": true, "hơn": true, "thêm": true, "năm": true, "ngày": true,
	"tháng": true, "quý": true, "khóa": true, "khoá": true, "lần": true, "số": true,
	"thứ": true, "điều": true, "khoản": true, "mục": true, "phần": true, "chương": true,
	"đợt": true, "kỳ": true, "kì": true, "lớp": true, "tuổi": true, "trang": true,
	"khoảng": true, "gần": true, "trên": true, "dưới": true, "ngoài": true, "xấp": true,
	"xỉ": true, "hiệu": true, "giờ": true, "phút": true, "mẫu": true, "phụ": true, "lục": true,
}

// leadSkips reports whether a squashed lead-in ends with a word that
// disqualifies the number after it.
func leadSkips(lead string) bool {
	fields := strings.Fields(lead)
	if len(fields) == 0 {
		return false
	}
	last := strings.Trim(fields[len(fields)-1], "-+•*–")
	return skipWords[last]
}

// Subjects of counts: party members or party organisations. A share is
// only taken over a base of the same subject.
const (
	subjectMember = "member"
	subjectOrg    = "org"
)

var subjectPhrases = []struct{ phrase, subject string }{
	{"đảng viên", subjectMember}, {"đồng chí", subjectMember}, {"đ c", subjectMember},
	{"tổ chức", subjectOrg}, {"tccsđ", subjectOrg}, {"cơ sở đảng", subjectOrg},
	{"đảng bộ", subjectOrg}, {"chi bộ", subjectOrg},
}

// classifySubject returns the subject named first in a squashed clause.
func classifySubject(clause string) string {
	best, at := "", len(clause)+1
	for _, p := range subjectPhrases {
		if i := indexWord(clause, p.phrase); i >= 0 && i < at {
			best, at = p.subject, i
		}
	}
	return best
}

// compatible reports whether a count of subject a may be a share of a
// base of subject b ("" is unknown and fits both).
func compatible(a, b string) bool { return a == "" || b == "" || a == b }
