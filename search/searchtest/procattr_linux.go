package searchtest

import "syscall"

// procAttr puts the server in its own process group, so that Stop can kill
// it with everything it started, and has the kernel kill it if the test
// process dies first.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
