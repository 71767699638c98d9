package archivekey

import (
	"testing"
	"time"
)

// TestRoundTrip: every key built here parses back to what built it, and
// keys of other kinds are refused.
func TestRoundTrip(t *testing.T) {
	const id = "0192b1c2d3e4a1b2c3d4e5f6"
	for _, tc := range []struct {
		key  string
		want DocKey
	}{
		{DOCX(id, 3), DocKey{ID: id, Rev: 3, File: DOCXFile}},
		{Manifest(id, 12), DocKey{ID: id, Rev: 12, File: ManifestFile}},
		{Signature(id, 1), DocKey{ID: id, Rev: 1, File: SignatureFile}},
		{ReplacedBy(id, "b"), DocKey{ID: id, ReplacedBy: "b"}},
	} {
		got, ok := ParseDoc(tc.key)
		if !ok || got != tc.want {
			t.Errorf("ParseDoc(%q) = %+v, %v; want %+v", tc.key, got, ok, tc.want)
		}
	}
	if !(DocKey{ID: id, Rev: 2, File: ManifestFile}).IsManifest() || (DocKey{ID: id, Rev: 2, File: DOCXFile}).IsManifest() {
		t.Error("IsManifest")
	}
	if _, ok := ParseDoc("register/tu/tb/2020-10-15/000001"); ok {
		t.Error("a register key parsed as a document key")
	}

	series := Series("TU", "QĐ", "2020-10-15")
	if series != "register/tu/qd/2020-10-15/" {
		t.Errorf("Series = %q", series)
	}
	e, ok := ParseEntry(Entry(series, 167))
	if !ok || e.Number != 167 || e.Void || e.Series() != series || e.Issuer != "tu" || e.Type != "qd" {
		t.Errorf("ParseEntry = %+v, %v", e, ok)
	}
	v, ok := ParseEntry(Void(Entry(series, 5)))
	if !ok || !v.Void || v.Number != 5 || v.Entry != Entry(series, 5) {
		t.Errorf("ParseEntry(void) = %+v, %v", v, ok)
	}
	if _, ok := ParseEntry(series + "abc"); ok {
		t.Error("a non-numeric register key parsed")
	}

	pid, rev, ok := ParsePending(PendingMarker(id, 4))
	if !ok || pid != id || rev != 4 {
		t.Errorf("ParsePending = %q %d %v", pid, rev, ok)
	}
	if pid, rev, ok := ParsePending(Pending + id); !ok || pid != id || rev != 0 {
		t.Errorf("ParsePending(legacy) = %q %d %v", pid, rev, ok)
	}

	at := time.Date(2026, 1, 9, 23, 59, 0, 5, time.UTC)
	day, ok := AuditDay(AuditEvent(at, "ab12cd34"))
	if !ok || !day.Equal(time.Date(2026, 1, 9, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("AuditDay = %v %v", day, ok)
	}
	for _, tc := range []struct {
		from, to time.Time
		want     string
	}{
		{at, at.AddDate(0, 0, 3), "audit/2026/01/"},
		{at, at.AddDate(0, 3, 0), "audit/2026/"},
		{at, at.AddDate(1, 0, 0), "audit/"},
		{time.Time{}, at, "audit/"},
	} {
		if got := AuditRange(tc.from, tc.to); got != tc.want {
			t.Errorf("AuditRange(%v, %v) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}

	tk, ok := ParseTemplate(TemplateRev("bien-ban", 2) + TemplateManifest)
	if !ok || tk != (TemplateKey{Name: "bien-ban", Rev: 2, File: TemplateManifest}) {
		t.Errorf("ParseTemplate = %+v %v", tk, ok)
	}
	code, urev, file, ok := ParseReturnUnit(id, ReturnUnitRev(id, "HU01", 7)+"revision.json")
	if !ok || code != "HU01" || urev != 7 || file != "revision.json" {
		t.Errorf("ParseReturnUnit = %q %d %q %v", code, urev, file, ok)
	}
}
