package libreoffice

import "syscall"

// groupAttr puts a child in a process group of its own, so that killing the
// group also ends the processes it forks (soffice runs soffice.bin), and
// kills it when vanthu dies.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
