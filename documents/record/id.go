package record

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"
)

var idRe = regexp.MustCompile(`^[0-9a-f]{24}$`)

// ValidID reports whether id has the form of a document id. Anything else is
// answered as "not found" and never reaches the archive.
func ValidID(id string) bool { return idRe.MatchString(id) }

// NewID returns a time-ordered id: 12 hex digits of milliseconds since the
// epoch, then 12 random hex digits.
func NewID(now time.Time) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("record: crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%012x%s", now.UnixMilli()&0xffffffffffff, hex.EncodeToString(b[:]))
}
