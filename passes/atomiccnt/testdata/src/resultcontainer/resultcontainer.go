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

// A constructor's result is an object of its own, in no field or
// variable that holds a counter by value.
type counter struct{ hits int64 }

type server struct{ c counter }

func (s *server) hit() {
	atomic.AddInt64(&s.c.hits, 1)
}

// counterOf lets the server's counter out: the container is not sealed.
func counterOf(s *server) *counter { return &s.c }

func newCounter() *counter { return &counter{} }

// newCounterVia returns another function's result.
func newCounterVia() *counter { return newCounter() }

var kept *counter

func keep(c *counter) { kept = c }

func fresh() int64 {
	c := newCounterVia()
	keep(c) // published: not owned any more, but still not a server's
	return c.hits
}

// Through a pointer, it may be any counter, a server's too.
func anyCounter(c *counter) int64 {
	return c.hits // want `non-atomic read of counter.hits, which is written atomically \(atomic.AddInt64 at resultcontainer.go:71\)`
}
