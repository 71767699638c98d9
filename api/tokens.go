package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"vanthu/documents"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
)

// TokenFile is the on-disk form of VANTHU_TOKENS_FILE. Only SHA-256 hashes of
// tokens are stored.
type TokenFile struct {
	Tokens []TokenEntry `json:"tokens"`
}

// TokenEntry maps a token hash to an identity.
type TokenEntry struct {
	SHA256    string       `json:"sha256"`
	Name      string       `json:"name"`
	Role      role.Role    `json:"role"`
	Clearance secrecy.Mark `json:"clearance"`
}

// entryText is a TokenEntry with its role and clearance as written, so that
// a bad role or clearance is reported with its entry.
type entryText struct {
	TokenEntry
	Role      string `json:"role"`
	Clearance string `json:"clearance"`
}

// Tokens resolves API tokens to actors. It re-reads its file when the file
// changes, so `vanthu token add` takes effect without a restart.
type Tokens struct {
	mu      sync.RWMutex
	entries []TokenEntry
	path    string
	modTime time.Time
	size    int64
	log     *slog.Logger
}

// LoadTokens reads a tokens file and checks every entry.
func LoadTokens(path string) (*Tokens, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read tokens file: %w", err)
	}
	entries, err := readTokens(path)
	if err != nil {
		return nil, err
	}
	return &Tokens{entries: entries, path: path, modTime: fi.ModTime(), size: fi.Size(), log: slog.Default()}, nil
}

func readTokens(path string) ([]TokenEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read tokens file: %w", err)
	}
	var tf struct {
		Tokens []entryText `json:"tokens"`
	}
	if err := json.Unmarshal(b, &tf); err != nil {
		return nil, fmt.Errorf("parse tokens file %s: %w", path, err)
	}
	entries := make([]TokenEntry, 0, len(tf.Tokens))
	for i, e := range tf.Tokens {
		if len(e.SHA256) != 64 {
			return nil, fmt.Errorf("tokens file %s: entry %d: sha256 must be 64 hex digits", path, i)
		}
		r, err := role.Parse(e.Role)
		if err != nil {
			return nil, fmt.Errorf("tokens file %s: entry %d: %w", path, i, err)
		}
		e.TokenEntry.Role = r
		mark, err := secrecy.Parse(e.Clearance)
		if err != nil {
			return nil, fmt.Errorf("tokens file %s: entry %d: clearance %q is not MẬT, TỐI MẬT or TUYỆT MẬT", path, i, e.Clearance)
		}
		e.TokenEntry.Clearance = mark
		entries = append(entries, e.TokenEntry)
	}
	return entries, nil
}

// refresh re-reads the file when its size or time changed. A file that no
// longer parses keeps the previous tokens in force and is logged.
func (t *Tokens) refresh() {
	if t.path == "" {
		return
	}
	fi, err := os.Stat(t.path)
	if err != nil {
		return
	}
	t.mu.RLock()
	same := fi.ModTime().Equal(t.modTime) && fi.Size() == t.size
	t.mu.RUnlock()
	if same {
		return
	}
	entries, err := readTokens(t.path)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.modTime, t.size = fi.ModTime(), fi.Size()
	if err != nil {
		t.log.Error("tokens file changed but cannot be used; keeping the previous tokens", "err", err)
		return
	}
	t.entries = entries
}

// NewToken returns a fresh random token and its SHA-256 hash.
func NewToken() (token, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	token = "vt_" + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken returns the hex SHA-256 of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// AddToken appends an identity to the tokens file at path (created if
// missing, mode 0600) and returns the new token, which is shown once.
func AddToken(path, name, roleName, clearance string) (string, error) {
	r, err := role.Parse(roleName)
	if err != nil {
		return "", err
	}
	mark, err := secrecy.Parse(clearance)
	if err != nil {
		return "", fmt.Errorf("clearance %q is not MẬT, TỐI MẬT or TUYỆT MẬT", clearance)
	}
	if strings.TrimSpace(name) == "" {
		return "", errors.New("a name is required")
	}
	var tf TokenFile
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &tf); err != nil {
			return "", fmt.Errorf("parse tokens file %s: %w", path, err)
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return "", fmt.Errorf("read tokens file: %w", err)
	}
	// A name is one person: a second token for the same person (a new
	// device) must carry the same rights, since drafts belong to names.
	for _, e := range tf.Tokens {
		if e.Name == name && (e.Role != r || e.Clearance != mark) {
			return "", fmt.Errorf("%q already has a token with role %s and clearance %q; one person has one set of rights", name, e.Role, e.Clearance)
		}
	}
	token, hash := NewToken()
	tf.Tokens = append(tf.Tokens, TokenEntry{SHA256: hash, Name: name, Role: r, Clearance: mark})
	out, _ := json.MarshalIndent(tf, "", "  ")
	if err := writeFileAtomic(path, out, 0o600); err != nil {
		return "", err
	}
	return token, nil
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tokens-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Lookup resolves a presented token. Every stored hash is compared in
// constant time, so timing reveals neither which entry matched nor how much
// of a hash did.
func (t *Tokens) Lookup(token string) (documents.Actor, bool) {
	if token == "" {
		return documents.Actor{}, false
	}
	t.refresh()
	sum := sha256.Sum256([]byte(token))
	t.mu.RLock()
	defer t.mu.RUnlock()
	found := -1
	for i, e := range t.entries {
		want, err := hex.DecodeString(e.SHA256)
		if err != nil || len(want) != len(sum) {
			continue
		}
		if subtle.ConstantTimeCompare(sum[:], want) == 1 && found < 0 {
			found = i
		}
	}
	if found < 0 {
		return documents.Actor{}, false
	}
	e := t.entries[found]
	return documents.Actor{Name: e.Name, Role: e.Role, Clearance: e.Clearance.Level()}, true
}
