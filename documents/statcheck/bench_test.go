package statcheck

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func BenchmarkCheck(b *testing.B) {
	raw, err := os.ReadFile("testdata/report_correct.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 100} {
		text := strings.Repeat(string(raw)+"\n\n", n)
		b.Run(fmt.Sprintf("%dx", n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Check(text)
			}
		})
	}
}
