package documents

import (
	"context"
	"errors"
	"testing"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
)

// TestRefusalsKeepSecrecy: every refusal about a secret draft (a clerk's
// issuing, a delete by someone else, the refusal the API layer records)
// carries the draft's secrecy: an administrator without clearance never
// sees an event naming it, and it is not counted for them either.
func TestRefusalsKeepSecrecy(t *testing.T) {
	s, _ := newTestService(t, &failingSigner{})
	author := WithActor(context.Background(), Actor{Name: "chuyên viên", Role: role.Clerk, Clearance: 2})
	other := WithActor(context.Background(), Actor{Name: "văn thư khác", Role: role.Clerk, Clearance: 2})
	req := noticeRequest(t, func(d map[string]any) { d["secrecy"] = "TỐI MẬT" })
	req.Issue = false
	draft, err := s.Create(author, req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Issue(author, draft.ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a clerk issued: %v", err)
	}
	if err := s.Delete(other, draft.ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("someone else deleted the draft: %v", err)
	}
	s.Audit(other, "refused", draft.ID, "refused", "DELETE /api/v1/documents/"+draft.ID)
	issueReq := req
	issueReq.Issue = true
	if _, err := s.Create(author, issueReq); !errors.Is(err, ErrForbidden) {
		t.Fatalf("a clerk issued on create: %v", err)
	}

	for _, tc := range []struct {
		clearance secrecy.Level
		want      int // events naming or about the secret draft
	}{{0, 0}, {1, 0}, {2, 5}, {3, 5}} {
		admin := WithActor(context.Background(), Actor{Name: "quản trị", Role: role.Admin, Clearance: tc.clearance})
		events, truncated, err := s.AuditLog(admin, AuditParams{})
		if err != nil {
			t.Fatal(err)
		}
		secret := 0
		for _, ev := range events {
			if ev.Document == draft.ID || ev.Secrecy > 0 {
				secret++
			}
		}
		// create ok, issue refused, delete refused, API refusal, issue-on-create refused
		if secret != tc.want || truncated {
			t.Errorf("clearance %d: %d events about the secret draft (truncated %v), want %d: %+v", tc.clearance, secret, truncated, tc.want, events)
		}
	}
}
