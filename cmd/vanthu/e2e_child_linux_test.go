package main

import "syscall"

// childProcAttr has the kernel kill the vanthu child if the test binary
// dies first, so no server outlives the test.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
