package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain lets the fault test run this test binary as a `vanthu serve`
// child process that it can kill with SIGKILL. The tests never read their
// configuration from the environment of the process: they build a Config
// (testConfig) or give the commands that read the environment a testEnv,
// both without the PDF features unless a test asks for them, so that they
// do not start LibreOffice.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "serve" {
		if err := cmdServe(nil); err != nil {
			fmt.Fprintf(os.Stderr, "vanthu serve: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
