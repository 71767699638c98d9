//go:build !linux

package testserver

import (
	"os"
	"syscall"
)

// sysProcAttr returns nil: process groups and the parent-death signal are
// Linux features here; elsewhere only the server process itself is killed,
// and a server can outlive a test binary that is killed.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// killGroup kills the process pid.
func killGroup(pid int) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Kill()
}
