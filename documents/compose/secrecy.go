package compose

import (
	"encoding/json"

	"vanthu/documents/secrecy"
)

// Secrecy is the secrecy mark the data of a request names (its "secrecy"
// field), read without the manifest check: "" when the data is not an
// object or names none. It lets a refused request be audited at the level
// the document would have had.
func Secrecy(raw json.RawMessage) secrecy.Mark {
	data, err := DecodeData(raw)
	if err != nil {
		return ""
	}
	mark, _ := data["secrecy"].(string)
	return secrecy.Mark(mark)
}
