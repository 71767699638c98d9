//go:build !linux

package searchtest

import "syscall"

// procAttr puts the server in its own process group, so that Stop can kill
// it with everything it started. Without Pdeathsig (Linux only) a server can
// outlive a test process that is killed.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
