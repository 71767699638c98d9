package documents

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"vanthu/documents/citation"
	"vanthu/search/fold"
)

var idRe = regexp.MustCompile(`^[0-9a-f]{24}$`)

// ValidID reports whether id has the form of a document id. Anything else is
// answered as "not found" and never reaches the archive.
func ValidID(id string) bool { return idRe.MatchString(id) }

// newID returns a time-ordered id: 12 hex digits of milliseconds since the
// epoch, then 12 random hex digits.
func newID(now time.Time) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("documents: crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%012x%s", now.UnixMilli()&0xffffffffffff, hex.EncodeToString(b[:]))
}

func numberKey(display string) string { return citation.KeyOf(display) }

func compact(display string) string { return fold.Compact(display) }
