package bleveindex

import "time"

// SetLockTimeout shortens how long Open waits for the index lock, for the
// duration of a test.
func SetLockTimeout(d time.Duration) (restore func()) {
	old := lockTimeout
	lockTimeout = d
	return func() { lockTimeout = old }
}
