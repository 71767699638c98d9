// Package parallel runs independent archive reads side by side.
package parallel

import "sync"

// ForEach calls fn(i) for every i in [0, n), at most limit calls at a time,
// and returns when all have returned. Archive reads on S3 are network round
// trips; this overlaps them.
func ForEach(n, limit int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}
