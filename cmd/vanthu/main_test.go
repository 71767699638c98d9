package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain serves two purposes. Tests start servers without the PDF
// features unless they ask for them (cfg.PDF.Mode = PDFAuto, or
// VANTHU_PDF=auto for a command that reads the environment), so that they do not
// start LibreOffice; and the fault test runs this test binary as a
// `vanthu serve` child process that it can kill with SIGKILL.
func TestMain(m *testing.M) {
	if _, ok := os.LookupEnv("VANTHU_PDF"); !ok {
		os.Setenv("VANTHU_PDF", "off")
	}
	if os.Getenv(childEnv) == "serve" {
		if err := cmdServe(nil); err != nil {
			fmt.Fprintf(os.Stderr, "vanthu serve: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
