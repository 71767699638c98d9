package meiliindex

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// encodedPrefix marks IDs stored in base64url form. Plain IDs never start
// with it, so the mapping is one to one.
const encodedPrefix = "_"

// maxIDBytes is Meilisearch's limit for document IDs.
const maxIDBytes = 511

// docID maps an entry ID to a valid Meilisearch document ID.
func docID(id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("meiliindex: empty entry ID")
	}
	out := id
	if !plainID(id) {
		out = encodedPrefix + base64.RawURLEncoding.EncodeToString([]byte(id))
	}
	if len(out) > maxIDBytes {
		return "", fmt.Errorf("meiliindex: entry ID %q is too long", id)
	}
	return out, nil
}

// entryID reverses docID.
func entryID(doc string) string {
	if rest, ok := strings.CutPrefix(doc, encodedPrefix); ok {
		if b, err := base64.RawURLEncoding.DecodeString(rest); err == nil {
			return string(b)
		}
	}
	return doc
}

// plainID reports whether id can be stored as it is.
func plainID(id string) bool {
	if strings.HasPrefix(id, encodedPrefix) {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}
