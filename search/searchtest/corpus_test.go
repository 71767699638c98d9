package searchtest

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"28-CT/TW", "28-ct/tw"},
		{"05-CT/TW", "5-ct/tw"},
		{"124-QĐ/TW", "124-qd/tw"},
		{"30/2020/NĐ-CP", "30/2020/nd-cp"},
		{"0", "0"},
		{"00-KL/TW", "0-kl/tw"},
		{" 167-TB/TU ", "167-tb/tu"},
	}
	for _, tc := range tests {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSyntheticCorpus(t *testing.T) {
	a, b := SyntheticCorpus(50), SyntheticCorpus(50)
	for i := range a {
		if a[i].Title != b[i].Title || a[i].ID != b[i].ID {
			t.Fatalf("entry %d differs between runs", i)
		}
		if a[i].NumberKey != Key(SyntheticNumber(i)) {
			t.Errorf("entry %d: key %q, want %q", i, a[i].NumberKey, Key(SyntheticNumber(i)))
		}
	}
}
