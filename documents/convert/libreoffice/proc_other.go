//go:build !linux

package libreoffice

import "syscall"

// groupAttr puts a child in a process group of its own, so that killing the
// group also ends the processes it forks (soffice runs soffice.bin).
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
