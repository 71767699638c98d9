//go:build !linux

package archivetest

import (
	"os"
	"syscall"
)

// sysProcAttr returns nil: process groups and the parent-death signal are
// Linux features here; elsewhere only the server process itself is killed.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// killGroup kills p.
func killGroup(p *os.Process) error { return p.Kill() }
