package registercsv

import "testing"

func TestSafe(t *testing.T) {
	got := Safe("=HYPERLINK(\"x\")", "+1", "-2", "@a", "Số 01-TB/TU", "", "\tx")
	want := []string{"'=HYPERLINK(\"x\")", "'+1", "'-2", "'@a", "Số 01-TB/TU", "", "'\tx"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %q, want %q", i, got[i], want[i])
		}
	}
}
