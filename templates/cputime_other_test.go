//go:build !unix

package templates

func cpuTime() int64 { return -1 }
