package archivecheck

import (
	"context"
	"errors"
	"time"

	"vanthu/documents/archive"
	"vanthu/documents/archivekey"
)

// Health says whether the backends answer, for readiness probes. It names
// no document and no error detail, so it may be served without a token.
type Health struct {
	Archive string `json:"archive"` // "ok" or "unavailable"
	Index   string `json:"index"`   // "ok" or "unavailable"
}

// Ready reports whether the service can do its work: it can as long as the
// archive answers, since documents are archived (and indexed later) while
// the index is down.
func (h Health) Ready() bool { return h.Archive == "ok" }

// healthTimeout bounds each probe.
const healthTimeout = 3 * time.Second

// Probe probes the archive (a listing) and the index (its ping).
func Probe(ctx context.Context, a archive.Archive, ping func(context.Context) error) Health {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	status := func(err error) string {
		if err != nil {
			return "unavailable"
		}
		return "ok"
	}
	h := Health{Index: status(ping(ctx))}
	// A listing that stops at its first key: one request at most.
	err := a.Keys(ctx, archivekey.Pending, func(string) error { return errStopProbe })
	if errors.Is(err, errStopProbe) {
		err = nil
	}
	h.Archive = status(err)
	return h
}

var errStopProbe = errors.New("probe done")
