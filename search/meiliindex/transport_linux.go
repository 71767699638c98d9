package meiliindex

import (
	"context"
	"net"
	"syscall"
)

// dialContext dials TCP connections that acknowledge received data at once.
//
// Meilisearch writes a response's headers and body separately without
// TCP_NODELAY, so on a kept-alive connection the body waits for the ACK of the
// headers, which Linux delays by up to 40 ms. TCP_QUICKACK is not sticky, so
// it is set again before every read.
func dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return c, nil
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return c, nil
	}
	return &quickAckConn{TCPConn: tc, raw: raw}, nil
}

type quickAckConn struct {
	*net.TCPConn
	raw syscall.RawConn
}

func (c *quickAckConn) Read(b []byte) (int, error) {
	_ = c.raw.Control(func(fd uintptr) {
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
	return c.TCPConn.Read(b)
}
