package account

import (
	"sync"
	"time"
)

// Throttle limits failed sign-ins per login and per client address within
// a sliding window. It is kept in memory by each instance.
type Throttle struct {
	mu       sync.Mutex
	window   time.Duration
	perLogin int
	perAddr  int
	fails    map[string][]time.Time
	now      func() time.Time
}

// NewThrottle allows perLogin failures per login and perAddr per address
// within window.
func NewThrottle(window time.Duration, perLogin, perAddr int) *Throttle {
	return &Throttle{window: window, perLogin: perLogin, perAddr: perAddr, fails: map[string][]time.Time{}, now: time.Now}
}

func (t *Throttle) recent(key string, now time.Time) []time.Time {
	list := t.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= t.window {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = list
	}
	return list
}

// Wait returns how long the login or address must wait before another
// attempt; zero when an attempt is allowed.
func (t *Throttle) Wait(login, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	check := func(key string, limit int) {
		if l := t.recent(key, now); len(l) >= limit {
			if w := l[len(l)-limit].Add(t.window).Sub(now); w > wait {
				wait = w
			}
		}
	}
	check("l:"+login, t.perLogin)
	check("a:"+addr, t.perAddr)
	return wait
}

// Fail records a failed attempt.
func (t *Throttle) Fail(login, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.fails) > 10000 {
		// Many addresses: forget those whose window has passed.
		for k := range t.fails {
			t.recent(k, now)
		}
	}
	t.fails["l:"+login] = append(t.recent("l:"+login, now), now)
	t.fails["a:"+addr] = append(t.recent("a:"+addr, now), now)
}

// Succeed forgets the failures of a login after a successful sign-in.
func (t *Throttle) Succeed(login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "l:"+login)
}
