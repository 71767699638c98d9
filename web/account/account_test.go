package account

import (
	"context"
	"errors"
	"testing"
	"time"

	"vanthu/documents/archive/fsarchive"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("một câu mật khẩu dài")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"một câu mật khẩu dài", true}, {"một câu mật khẩu dai", false}, {"", false}} {
		ok, err := CheckPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	if _, err := HashPassword("ngắn"); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("a 4-character password: %v", err)
	}
	if _, err := CheckPassword("$argon2id$v=19$m=1,t=1$x$y", "a"); err == nil {
		t.Error("a malformed hash was accepted")
	}
}

func TestSessions(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	s, err := NewSessions(key, 30*time.Minute, 12*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	sess := Session{ID: NewID(), Login: "vanthu", Epoch: 2, Created: now.Unix(), Seen: now.Unix()}
	v := s.Encode(sess)
	other, _ := NewSessions([]byte("another key of at least 32 bytes!!"), time.Hour, time.Hour)
	for _, tc := range []struct {
		name  string
		codec *Sessions
		value string
		at    time.Time
		ok    bool
	}{
		{"fresh", s, v, now.Add(time.Minute), true},
		{"idle too long", s, v, now.Add(31 * time.Minute), false},
		{"forged payload", s, "eyJpIjoieCIsImwiOiJhZG1pbiJ9" + v[len(v)-44:], now, false},
		{"other key", other, v, now, false},
		{"garbage", s, "abc", now, false},
	} {
		got, err := tc.codec.Decode(tc.value, tc.at)
		if (err == nil) != tc.ok || (tc.ok && got != sess) {
			t.Errorf("%s: %+v, %v", tc.name, got, err)
		}
	}
	old := sess
	old.Created = now.Add(-13 * time.Hour).Unix()
	if _, err := s.Decode(s.Encode(old), now); err == nil {
		t.Error("a session past its lifetime was accepted")
	}
	tok := s.Token("s:" + sess.ID)
	if !s.CheckToken("s:"+sess.ID, tok) || s.CheckToken("s:other", tok) || s.CheckToken("s:"+sess.ID, "") {
		t.Error("CSRF token check")
	}
	if _, err := NewSessions([]byte("short"), time.Hour, time.Hour); err == nil {
		t.Error("a short key was accepted")
	}
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(15*time.Minute, 3, 5)
	now := time.Unix(1_800_000_000, 0)
	th.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if w := th.Wait("a", "1.2.3.4"); w != 0 {
			t.Fatalf("attempt %d throttled", i)
		}
		th.Fail("a", "1.2.3.4")
	}
	if w := th.Wait("a", "5.6.7.8"); w != 15*time.Minute {
		t.Errorf("login after 3 failures: wait %v", w)
	}
	if w := th.Wait("b", "1.2.3.4"); w != 0 {
		t.Errorf("another login from the address after 3 failures: wait %v", w)
	}
	th.Fail("b", "1.2.3.4")
	th.Fail("c", "1.2.3.4")
	if w := th.Wait("d", "1.2.3.4"); w == 0 {
		t.Error("the address was not throttled after 5 failures")
	}
	now = now.Add(16 * time.Minute)
	if w := th.Wait("a", "1.2.3.4"); w != 0 {
		t.Errorf("after the window: wait %v", w)
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	arc, err := fsarchive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer arc.Close()
	st := NewStore(arc)
	pw, err := st.EnsureAdmin(ctx)
	if err != nil || len(pw) != 16 {
		t.Fatalf("EnsureAdmin: %q %v", pw, err)
	}
	if again, _ := st.EnsureAdmin(ctx); again != "" {
		t.Fatal("a second administrator was created")
	}
	if _, err := st.Authenticate(ctx, "ADMIN", pw); err != nil {
		t.Fatalf("admin sign-in: %v", err)
	}
	u, err := st.Add(ctx, NewUser{Login: "vanthu", Name: "Nguyễn Thị A", Role: "clerk", Password: "mat-khau-dai-du"}, "admin")
	if err != nil || u.Epoch != 1 {
		t.Fatalf("add: %+v %v", u, err)
	}
	if _, err := st.Add(ctx, NewUser{Login: "vanthu", Name: "B", Role: "clerk", Password: "mat-khau-dai-du"}, "admin"); !errors.Is(err, ErrExists) {
		t.Errorf("a taken login: %v", err)
	}
	for _, bad := range []NewUser{
		{Login: "Văn", Name: "x", Role: "clerk", Password: "mat-khau-dai-du"},
		{Login: "ok", Name: "x", Role: "boss", Password: "mat-khau-dai-du"},
		{Login: "ok", Name: "x", Role: "clerk", Clearance: "MẬT LẮM", Password: "mat-khau-dai-du"},
		{Login: "ok", Name: "x", Role: "clerk", Password: "ngắn"},
	} {
		if _, err := st.Add(ctx, bad, "admin"); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	d, err := st.SetDisabled(ctx, "vanthu", true, "admin")
	if err != nil || !d.Disabled || d.Epoch != 2 || d.Revision != 2 {
		t.Fatalf("disable: %+v %v", d, err)
	}
	if _, err := st.Authenticate(ctx, "vanthu", "mat-khau-dai-du"); !errors.Is(err, ErrDisabled) {
		t.Errorf("a disabled account signed in: %v", err)
	}
	if _, err := st.Authenticate(ctx, "nobody", "mat-khau-dai-du"); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("unknown login: %v", err)
	}
	list, err := st.List(ctx)
	if err != nil || len(list) != 2 || list[1].Login != "vanthu" || !list[1].Disabled {
		t.Fatalf("list: %+v %v", list, err)
	}
	id := NewID()
	if ended, _ := st.SessionEnded(ctx, id); ended {
		t.Fatal("a new session is ended")
	}
	if err := st.EndSession(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ended, _ := st.SessionEnded(ctx, id); !ended {
		t.Fatal("an ended session is still open")
	}
}
