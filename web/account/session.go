package account

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Session is the content of a session cookie.
type Session struct {
	ID      string `json:"i"`
	Login   string `json:"l"`
	Epoch   int    `json:"e"`
	Created int64  `json:"c"` // Unix seconds: start of the absolute lifetime
	Seen    int64  `json:"s"` // Unix seconds: last use, for the idle timeout
}

// ErrBadSession is returned for a cookie that is malformed, forged or
// expired.
var ErrBadSession = errors.New("account: invalid or expired session")

// Sessions signs and checks session cookies.
type Sessions struct {
	key      []byte
	Idle     time.Duration
	Lifetime time.Duration
}

// NewSessions returns a codec signing with key (at least 32 bytes).
func NewSessions(key []byte, idle, lifetime time.Duration) (*Sessions, error) {
	if len(key) < 32 {
		return nil, fmt.Errorf("account: the session key must have at least 32 bytes, got %d", len(key))
	}
	if idle <= 0 || lifetime <= 0 {
		return nil, errors.New("account: idle timeout and lifetime must be positive")
	}
	k := sha256.Sum256(append([]byte("vanthu session v1\x00"), key...))
	return &Sessions{key: k[:], Idle: idle, Lifetime: lifetime}, nil
}

// NewID returns a fresh random session id.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("account: crypto/rand failed: %v", err))
	}
	return hex.EncodeToString(b[:])
}

func (s *Sessions) mac(purpose, msg string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// Encode returns the cookie value of a session.
func (s *Sessions) Encode(sess Session) string {
	b, _ := json.Marshal(sess)
	payload := base64.RawURLEncoding.EncodeToString(b)
	return payload + "." + base64.RawURLEncoding.EncodeToString(s.mac("session", payload))
}

// Decode checks a cookie value's signature and its idle and absolute
// limits at now.
func (s *Sessions) Decode(value string, now time.Time) (Session, error) {
	payload, sig, ok := strings.Cut(value, ".")
	if !ok {
		return Session{}, ErrBadSession
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac("session", payload)) {
		return Session{}, ErrBadSession
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return Session{}, ErrBadSession
	}
	var sess Session
	if err := json.Unmarshal(b, &sess); err != nil || sess.ID == "" || sess.Login == "" {
		return Session{}, ErrBadSession
	}
	created, seen := time.Unix(sess.Created, 0), time.Unix(sess.Seen, 0)
	if now.Sub(created) > s.Lifetime || now.Sub(seen) > s.Idle || seen.After(now.Add(time.Minute)) {
		return Session{}, ErrBadSession
	}
	return sess, nil
}

// Token returns the CSRF token bound to a value (a session id, or the
// random value of a pre-session cookie).
func (s *Sessions) Token(bound string) string {
	return base64.RawURLEncoding.EncodeToString(s.mac("csrf", bound))
}

// CheckToken reports whether token is the CSRF token bound to value.
func (s *Sessions) CheckToken(bound, token string) bool {
	got, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil && bound != "" && hmac.Equal(got, s.mac("csrf", bound))
}
