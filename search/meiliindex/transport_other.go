//go:build !linux

package meiliindex

import (
	"context"
	"net"
)

// dialContext dials plain TCP connections; the delayed-ACK workaround of the
// Linux build is not needed or not available elsewhere.
func dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}
