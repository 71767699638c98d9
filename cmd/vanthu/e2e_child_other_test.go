//go:build !linux

package main

import "syscall"

// childProcAttr: no parent-death signal outside Linux; the test's cleanup
// kills the child.
func childProcAttr() *syscall.SysProcAttr { return nil }
