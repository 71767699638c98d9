package templates

import "fmt"

// FieldError names one invalid input field by its path, e.g. "data.sections[1].heading".
// Path and Message are what the API returns; Reason and the values after it
// say the same for a program (the web pages write the message in
// Vietnamese from them) and are not part of the JSON. A FieldError built
// by one of the constructors below has a Reason; others have none.
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Reason  Reason `json:"-"`
	// Min and Max are the bounds the value broke and Got the size or number
	// given, for the reasons that name them.
	Min, Max, Got int64 `json:"-"`
	// Value is the text given, for the reasons that quote it.
	Value string `json:"-"`
}

// Reason says why a field was refused, independent of the wording of the
// message.
type Reason string

// The reasons of the field errors made by the constructors below.
const (
	ReasonRequired           Reason = "required"             // Required, RequiredNotEmpty
	ReasonNeedsItem          Reason = "needs_item"           // NeedsItem
	ReasonUnknownField       Reason = "unknown_field"        // UnknownField
	ReasonTooLong            Reason = "too_long"             // TooLong: Max, Got
	ReasonNotInteger         Reason = "not_integer"          // NotInteger
	ReasonBelowMin           Reason = "below_min"            // BelowMin: Min, Got
	ReasonAboveMax           Reason = "above_max"            // AboveMax: Max, Got
	ReasonBadDate            Reason = "bad_date"             // BadDate, BadTime
	ReasonNotOneOf           Reason = "not_one_of"           // NotOneOf
	ReasonTooManyItems       Reason = "too_many_items"       // TooManyItems: Max, Got
	ReasonNotSingleLine      Reason = "not_single_line"      // NotSingleLine
	ReasonAboveClearance     Reason = "above_clearance"      // AboveClearance: Value
	ReasonQueryTooLong       Reason = "query_too_long"       // QueryTooLong: Max
	ReasonNotDocumentNumber  Reason = "not_document_number"  // NotDocumentNumber: Value
	ReasonIntegerRange       Reason = "integer_range"        // IntegerRange: Min, Max, Value
	ReasonBadYear            Reason = "bad_year"             // BadYear: Value
	ReasonBadCode            Reason = "bad_code"             // BadTypeCode, BadIssuerCode
	ReasonDraftsClerksOnly   Reason = "drafts_clerks_only"   // DraftsClerksOnly
	ReasonNumberFromRegister Reason = "number_from_register" // NumberFromRegister
	ReasonIssuedNeedsNumber  Reason = "issued_needs_number"  // IssuedNeedsNumber
)

// Required is a required field that was not given (or null).
func Required(path string) FieldError {
	return FieldError{Path: path, Message: "is required", Reason: ReasonRequired}
}

// RequiredNotEmpty is a required text or choice given empty.
func RequiredNotEmpty(path string) FieldError {
	return FieldError{Path: path, Message: "is required and must not be empty", Reason: ReasonRequired}
}

// NeedsItem is a required list given empty.
func NeedsItem(path string) FieldError {
	return FieldError{Path: path, Message: "needs at least one item", Reason: ReasonNeedsItem}
}

// UnknownField is a field the template does not declare.
func UnknownField(path string) FieldError {
	return FieldError{Path: path, Message: "is not a field of this template; remove it or check its spelling", Reason: ReasonUnknownField}
}

// TooLong is a text of got characters, over its limit of max.
func TooLong(path string, max, got int) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be at most %d characters, got %d", max, got),
		Reason: ReasonTooLong, Max: int64(max), Got: int64(got)}
}

// NotInteger is a value v of an integer field that is not a whole number.
func NotInteger(path string, v any) FieldError {
	return FieldError{Path: path, Message: "must be a whole number, got " + describeValue(v), Reason: ReasonNotInteger}
}

// BelowMin is a number got below its minimum min.
func BelowMin(path string, min, got int64) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be at least %d, got %d", min, got),
		Reason: ReasonBelowMin, Min: min, Got: got}
}

// AboveMax is a number got above its maximum max.
func AboveMax(path string, max, got int64) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be at most %d, got %d", max, got),
		Reason: ReasonAboveMax, Max: max, Got: got}
}

// BadDate is a value v of a date field that is not a day written YYYY-MM-DD.
func BadDate(path string, v any) FieldError {
	return FieldError{Path: path, Message: "must be a date in the form YYYY-MM-DD, got " + describeValue(v), Reason: ReasonBadDate}
}

// BadTime is a parameter v that is neither a day written YYYY-MM-DD nor an
// RFC 3339 time.
func BadTime(path, v string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be a date (YYYY-MM-DD) or an RFC 3339 time, got %q", v),
		Reason: ReasonBadDate, Value: v}
}

// BadMark is a secrecy mark v that is not one of the four (empty, MẬT,
// TỐI MẬT, TUYỆT MẬT).
func BadMark(path, v string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be empty or one of MẬT, TỐI MẬT, TUYỆT MẬT, got %q", v),
		Reason: ReasonNotOneOf, Value: v}
}

// NotOneOf is a value v of a choice that is not one of values.
func NotOneOf(path string, values []string, v any) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be one of %s, got %s", quoteList(values), describeValue(v)), Reason: ReasonNotOneOf}
}

// TooManyItems is a list of got items, over its limit of max.
func TooManyItems(path string, max, got int) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must have at most %d items, got %d", max, got),
		Reason: ReasonTooManyItems, Max: int64(max), Got: int64(got)}
}

// NotSingleLine is a one-line text with a line break.
func NotSingleLine(path string) FieldError {
	return FieldError{Path: path, Message: "must be a single line (no line breaks)", Reason: ReasonNotSingleLine}
}

// AboveClearance is a secrecy mark above the clearance of the person.
func AboveClearance(path, mark string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("%q is above your clearance", mark), Reason: ReasonAboveClearance, Value: mark}
}

// QueryTooLong is a search text longer than max characters.
func QueryTooLong(path string, max int) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("is longer than %d characters", max), Reason: ReasonQueryTooLong, Max: int64(max)}
}

// NotDocumentNumber is a text v that is not a document number; examples
// are numbers of the expected form ("28-CT/TW").
func NotDocumentNumber(path, v, examples string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("%q is not a document number (expected e.g. %s)", v, examples),
		Reason: ReasonNotDocumentNumber, Value: v}
}

// IntegerRange is a parameter v that is not an integer from min to max.
func IntegerRange(path string, min, max int, v string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be an integer between %d and %d, got %q", min, max, v),
		Reason: ReasonIntegerRange, Min: int64(min), Max: int64(max), Value: v}
}

// BadYear is a parameter v that is not a year.
func BadYear(path, v string) FieldError {
	return FieldError{Path: path, Message: fmt.Sprintf("must be a year such as 2025, got %q", v), Reason: ReasonBadYear, Value: v}
}

// BadTypeCode is a text that cannot be a document type code.
func BadTypeCode(path string) FieldError {
	return FieldError{Path: path, Message: "is not a type code (e.g. TB, BC)", Reason: ReasonBadCode}
}

// BadIssuerCode is a text that cannot be an issuer code.
func BadIssuerCode(path string) FieldError {
	return FieldError{Path: path, Message: "is not an issuer code (e.g. TU)", Reason: ReasonBadCode}
}

// DraftsClerksOnly refuses drafts to a reader who may not see them.
func DraftsClerksOnly(path string) FieldError {
	return FieldError{Path: path, Message: "drafts are visible to clerks only", Reason: ReasonDraftsClerksOnly}
}

// NumberFromRegister refuses a number set by hand by someone other than an
// administrator.
func NumberFromRegister(path string) FieldError {
	return FieldError{Path: path, Message: "numbers are taken from the register; only an administrator may set one by hand",
		Reason: ReasonNumberFromRegister}
}

// IssuedNeedsNumber refuses to render an issued document without a number.
func IssuedNeedsNumber(path string) FieldError {
	return FieldError{Path: path, Message: "an issued document needs a number", Reason: ReasonIssuedNeedsNumber}
}
