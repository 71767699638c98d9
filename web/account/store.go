package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"vanthu/documents"
	"vanthu/documents/archive"
	"vanthu/documents/role"
	"vanthu/documents/secrecy"
)

// Errors; callers test them with errors.Is.
var (
	ErrNotFound       = errors.New("account: no such account")
	ErrExists         = errors.New("account: the login is taken")
	ErrBadCredentials = errors.New("account: wrong login or password")
	ErrDisabled       = errors.New("account: the account is disabled")
	ErrInvalid        = errors.New("account: invalid account data")
)

var loginPattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// ValidLogin reports whether login is 2 to 32 characters of a-z, 0-9, '.',
// '_' and '-', starting with a letter.
func ValidLogin(login string) bool { return loginPattern.MatchString(login) }

// User is one revision of an account.
type User struct {
	Login     string       `json:"login"`
	Name      string       `json:"name"`
	Role      role.Role    `json:"role"`
	Clearance secrecy.Mark `json:"clearance,omitempty"`
	Disabled  bool         `json:"disabled,omitempty"`
	// PasswordHash is the Argon2id hash (PHC string format).
	PasswordHash string `json:"password_hash"`
	// MustChange asks for a new password at the next sign-in (first
	// administrator, password reset by an administrator).
	MustChange bool `json:"must_change,omitempty"`
	// Epoch changes whenever the password changes or the account is
	// disabled; sessions carry it, so such a change ends them all.
	Epoch     int       `json:"epoch"`
	Revision  int       `json:"revision"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Actor is the identity the documents service sees for the account.
func (u User) Actor() documents.Actor {
	return documents.Actor{Name: u.Name, Role: u.Role, Clearance: u.Clearance.Level()}
}

// Store reads and writes accounts in the archive.
type Store struct {
	arc archive.Archive
	now func() time.Time
}

// NewStore returns a store over the archive.
func NewStore(arc archive.Archive) *Store {
	return &Store{arc: arc, now: time.Now}
}

const usersPrefix = "users/"

func revKey(login string, rev int) string {
	return fmt.Sprintf("%s%s/r%06d.json", usersPrefix, login, rev)
}

// Get returns the latest revision of an account.
func (s *Store) Get(ctx context.Context, login string) (User, error) {
	if !ValidLogin(login) {
		return User{}, fmt.Errorf("account %q: %w", login, ErrNotFound)
	}
	latest := 0
	err := s.arc.Keys(ctx, usersPrefix+login+"/", func(key string) error {
		var rev int
		if _, err := fmt.Sscanf(strings.TrimPrefix(key, usersPrefix+login+"/"), "r%06d.json", &rev); err == nil && rev > latest {
			latest = rev
		}
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("account %s: %w", login, err)
	}
	if latest == 0 {
		return User{}, fmt.Errorf("account %s: %w", login, ErrNotFound)
	}
	b, _, err := archive.ReadAll(ctx, s.arc, revKey(login, latest))
	if err != nil {
		return User{}, fmt.Errorf("account %s: %w", login, err)
	}
	var u User
	if err := json.Unmarshal(b, &u); err != nil {
		if _, ok := errors.AsType[*secrecy.InvalidMarkError](err); ok {
			return User{}, fmt.Errorf("account %s: clearance: %w", login, err)
		}
		if _, ok := errors.AsType[*role.InvalidError](err); ok {
			return User{}, fmt.Errorf("account %s: role: %w", login, err)
		}
		return User{}, fmt.Errorf("account %s: decode: %w", login, err)
	}
	if !u.Role.Valid() {
		return User{}, fmt.Errorf("account %s: role: %w", login, &role.InvalidError{Text: string(u.Role)})
	}
	u.Revision = latest
	return u, nil
}

// List returns every account, by login.
func (s *Store) List(ctx context.Context) ([]User, error) {
	logins := map[string]bool{}
	err := s.arc.Keys(ctx, usersPrefix, func(key string) error {
		if l, _, ok := strings.Cut(strings.TrimPrefix(key, usersPrefix), "/"); ok {
			logins[l] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out := make([]User, 0, len(logins))
	for l := range logins {
		u, err := s.Get(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out, nil
}

// InvalidError names the field of an account that is not acceptable; its
// message is Vietnamese, for the page or the command line.
type InvalidError struct{ Field, Message string }

func (e *InvalidError) Error() string { return e.Field + ": " + e.Message }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// NewUser describes an account to create.
type NewUser struct {
	Login, Name, Clearance, Password string
	Role                             role.Role
	MustChange                       bool
}

func (n NewUser) check() error {
	switch {
	case !ValidLogin(n.Login):
		return &InvalidError{"login", "tên đăng nhập gồm 2 đến 32 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ cái"}
	case strings.TrimSpace(n.Name) == "" || utf8.RuneCountInString(n.Name) > 100:
		return &InvalidError{"name", "cần nhập họ tên (tối đa 100 ký tự)"}
	case !n.Role.Valid():
		return &InvalidError{"role", "vai trò phải là viewer, clerk, signer hoặc admin"}
	case !secrecy.Mark(n.Clearance).Valid():
		return &InvalidError{"clearance", "độ mật được xem phải để trống hoặc là MẬT, TỐI MẬT, TUYỆT MẬT"}
	case utf8.RuneCountInString(n.Password) < MinPasswordLength:
		return &InvalidError{"password", fmt.Sprintf("mật khẩu cần ít nhất %d ký tự", MinPasswordLength)}
	}
	return nil
}

// Add creates an account. A taken login gives ErrExists.
func (s *Store) Add(ctx context.Context, n NewUser, by string) (User, error) {
	n.Name = norm.NFC.String(strings.TrimSpace(n.Name))
	n.Clearance = norm.NFC.String(strings.TrimSpace(n.Clearance))
	if err := n.check(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Login: n.Login, Name: n.Name, Role: n.Role, Clearance: secrecy.Mark(n.Clearance), PasswordHash: hash, MustChange: n.MustChange, Epoch: 1, Revision: 1}
	if err := s.write(ctx, &u, by); err != nil {
		if errors.Is(err, archive.ErrExists) {
			return User{}, fmt.Errorf("account %s: %w", n.Login, ErrExists)
		}
		return User{}, err
	}
	return u, nil
}

func (s *Store) write(ctx context.Context, u *User, by string) error {
	u.UpdatedAt, u.UpdatedBy = s.now().UTC(), by
	b, err := json.MarshalIndent(u, "", "  ")
	if err != nil {
		return fmt.Errorf("account %s: encode: %w", u.Login, err)
	}
	if _, err := s.arc.Create(context.WithoutCancel(ctx), revKey(u.Login, u.Revision), b, archive.CreateOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("account %s: %w", u.Login, err)
	}
	return nil
}

// update applies change to the latest revision and writes the next one,
// retrying when another instance wrote a revision at the same time.
func (s *Store) update(ctx context.Context, login, by string, change func(*User) error) (User, error) {
	for attempt := 0; attempt < 5; attempt++ {
		u, err := s.Get(ctx, login)
		if err != nil {
			return User{}, err
		}
		if err := change(&u); err != nil {
			return User{}, err
		}
		u.Revision++
		err = s.write(ctx, &u, by)
		if errors.Is(err, archive.ErrExists) {
			continue
		}
		return u, err
	}
	return User{}, fmt.Errorf("account %s: changed by someone else too often; try again", login)
}

// SetPassword replaces the password, which ends every session of the
// account. mustChange asks for another change at the next sign-in (a reset
// by an administrator).
func (s *Store) SetPassword(ctx context.Context, login, password string, mustChange bool, by string) (User, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return User{}, &InvalidError{"password", fmt.Sprintf("mật khẩu cần ít nhất %d ký tự", MinPasswordLength)}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	return s.update(ctx, login, by, func(u *User) error {
		u.PasswordHash, u.MustChange = hash, mustChange
		u.Epoch++
		return nil
	})
}

// SetDisabled disables or re-enables an account; disabling ends every
// session of the account.
func (s *Store) SetDisabled(ctx context.Context, login string, disabled bool, by string) (User, error) {
	return s.update(ctx, login, by, func(u *User) error {
		if u.Disabled != disabled {
			u.Disabled = disabled
			u.Epoch++
		}
		return nil
	})
}

// dummyHash is checked against when the login is unknown, so the answer
// takes as long as for a known login with a wrong password.
var dummyHash, _ = HashPassword("vanthu-dummy-password")

// Authenticate checks a login and password. Unknown logins and wrong
// passwords both give ErrBadCredentials; a disabled account ErrDisabled
// (only after the right password).
func (s *Store) Authenticate(ctx context.Context, login, password string) (User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	u, err := s.Get(ctx, login)
	if errors.Is(err, ErrNotFound) {
		_, _ = CheckPassword(dummyHash, password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, err
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		return User{}, fmt.Errorf("account %s: %w", login, err)
	}
	if !ok {
		return User{}, ErrBadCredentials
	}
	if u.Disabled {
		return User{}, ErrDisabled
	}
	return u, nil
}

// EnsureAdmin creates the administrator account "admin" (cleared for
// TUYỆT MẬT, password to be changed at first sign-in) when there is no
// account at all, and returns its one-time password; otherwise "". Of
// several instances starting at once on one archive exactly one creates it.
func (s *Store) EnsureAdmin(ctx context.Context) (string, error) {
	found := false
	errStop := errors.New("stop")
	err := s.arc.Keys(ctx, usersPrefix, func(string) error { found = true; return errStop })
	if err != nil && !errors.Is(err, errStop) {
		return "", fmt.Errorf("list accounts: %w", err)
	}
	if found {
		return "", nil
	}
	pw := NewPassword()
	_, err = s.Add(ctx, NewUser{Login: "admin", Name: "Quản trị viên", Role: role.Admin, Clearance: "TUYỆT MẬT", Password: pw, MustChange: true}, "system")
	if errors.Is(err, ErrExists) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("create the first administrator account: %w", err)
	}
	return pw, nil
}

// EndSession records that a session ended (sign-out); the cookie is
// refused from then on, on every instance.
func (s *Store) EndSession(ctx context.Context, id string) error {
	_, err := s.arc.Create(context.WithoutCancel(ctx), "sessions/ended/"+id, []byte("ended"), archive.CreateOptions{ContentType: "text/plain"})
	if err != nil && !errors.Is(err, archive.ErrExists) {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// SessionEnded reports whether a session was ended by signing out.
func (s *Store) SessionEnded(ctx context.Context, id string) (bool, error) {
	_, err := s.arc.Stat(ctx, "sessions/ended/"+id)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, archive.ErrNotFound):
		return false, nil
	}
	return false, fmt.Errorf("session state: %w", err)
}
