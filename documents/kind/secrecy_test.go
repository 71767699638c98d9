package kind

import (
	"errors"
	"testing"

	"vanthu/documents/secrecy"
	"vanthu/templates"
)

// TestParseSecrecy: a secrecy mark given as a string must be one of the
// four, for every kind (a generic template's header included): one that is
// not understood is refused naming data.secrecy, never read as public.
func TestParseSecrecy(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind Kind
		mark any
		want secrecy.Level
		bad  bool
	}{
		{"notice", KindNotice, "TỐI MẬT", secrecy.ToiMat, false},
		{"notice, lower case", KindNotice, " mật ", secrecy.Mat, false},
		{"notice, empty", KindNotice, "", secrecy.None, false},
		{"notice, unknown", KindNotice, "BÍ MẬT", secrecy.None, true},
		{"review report, unknown", KindReviewReport, "BÍ MẬT", secrecy.None, true},
		{"generic", KindGeneric, "TUYỆT MẬT", secrecy.TuyetMat, false},
		{"generic, unknown", KindGeneric, "BÍ MẬT", secrecy.None, true},
		{"generic, not a string", KindGeneric, 3, secrecy.None, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse(templates.Manifest{Kind: string(tc.kind)}, map[string]any{"secrecy": tc.mark})
			if tc.bad {
				var ve *ValidationError
				if !errors.As(err, &ve) || ve.Fields[0].Path != "data.secrecy" ||
					ve.Fields[0].Message != `must be empty or one of MẬT, TỐI MẬT, TUYỆT MẬT, got "BÍ MẬT"` {
					t.Fatalf("got %v, want a refusal naming data.secrecy", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Head().Secrecy.Level(); got != tc.want {
				t.Errorf("level %d, want %d", got, tc.want)
			}
		})
	}
}
