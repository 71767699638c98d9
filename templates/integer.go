package templates

// Integer is the one reader of whole numbers in request data, used both by
// manifest validation and by the code that uses the values: a JSON number
// holding a whole value is that value however it is written (100, 1e2,
// 100.0, 1E2), anything else is not an integer (ok false). Values beyond
// ±2^53 written as fractions or exponents are refused, since float64 no
// longer holds them exactly.
func Integer(v any) (n int64, ok bool) { return toInt(v) }
