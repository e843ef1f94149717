// This file contains tests for the atomiccnt checker: functions that
// return a pointer into a container, as the runtime's
// consistentHeapStats.acquire returns one into its array of deltas.

package resultcontainer

import "sync/atomic"

type delta struct{ n, m, k int64 }

type stats struct {
	live [2]delta
	gen  uint32
}

// acquire returns a pointer into s.live, whatever s is.
func (s *stats) acquire() *delta {
	if s == nil {
		return nil
	}
	return &s.live[atomic.LoadUint32(&s.gen)%2]
}

func (s *stats) add() {
	d := s.acquire()
	atomic.AddInt64(&d.n, 1)
	atomic.AddInt64(&d.m, 1)
}

// A snapshot holds a delta of its own, which no one adds to.
type snapshot struct {
	delta
	total int64
}

func (a *snapshot) compute() {
	a.total = a.n + a.m
}

// The live deltas, read plainly, are what the adds go to.
func (s *stats) peek() int64 {
	return s.live[0].n // want `non-atomic read of delta.n, which is written atomically \(atomic.AddInt64 at resultcontainer.go:26\)`
}

// either returns a pointer into one of two containers: to its callers
// it points anywhere.
type spare struct{ d delta }

func either(s *stats, o *spare, first bool) *delta {
	if first {
		return &s.live[0]
	}
	return &o.d
}

func addEither(s *stats, o *spare, first bool) {
	atomic.AddInt64(&either(s, o, first).k, 1)
}

func (a *snapshot) k() int64 {
	return a.delta.k // want `non-atomic read of delta.k, which is written atomically \(atomic.AddInt64 at resultcontainer.go:57\)`
}
