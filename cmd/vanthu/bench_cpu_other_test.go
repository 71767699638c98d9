//go:build !unix

package main

import "time"

// processCPU is not measured here; settle waits a fixed time instead.
func processCPU() (time.Duration, bool) { return 0, false }
