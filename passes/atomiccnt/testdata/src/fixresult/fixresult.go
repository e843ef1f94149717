// This file contains tests for the atomiccnt checker: an update whose
// result a later read of the same goroutine uses has no fix that makes
// the two separate atomic operations, since another goroutine's update
// may fall between them ("n++; if n%10 == 0" would fire twice or never).

package fixresult

import "sync/atomic"

// Server's requests are only loaded atomically: the fix of a write
// takes the plain reads along, and a read of the update's result
// cannot go.
type Server struct{ requests int64 } // want requests:"atomicload atomic.LoadInt64@fixresult.go:22"

func (s *Server) Handle() {
	s.requests++ // want `non-atomic increment of Server\.requests, which is accessed atomically \(atomic\.LoadInt64 at fixresult\.go:\d+\); no fix \(the read at fixresult\.go:17 needs the value this increment stores: use the result of atomic\.AddInt64\)$`
	if s.requests%10 == 0 {
		println("tenth")
	}
}

func (s *Server) Stats() int64 { return atomic.LoadInt64(&s.requests) }

// Hits are added to atomically, so the read after the plain increment
// is reported on its own; the increment alone has its fix, the read none.
type Hits struct{ n int64 } // want n:"atomicwrite atomic.AddInt64@fixresult.go:35"

func (h *Hits) Hit() {
	h.n++          // want `non-atomic increment of Hits\.n, which is accessed atomically \(atomic\.AddInt64 at fixresult\.go:\d+\)$`
	if h.n > 100 { // want `non-atomic read of Hits\.n, which is written atomically \(atomic\.AddInt64 at fixresult\.go:\d+\); no fix \(it needs the value that the increment at fixresult\.go:29 stores: use the result of atomic\.AddInt64 there\)$`
		println("many")
	}
}

func (h *Hits) Add() { atomic.AddInt64(&h.n, 1) }

// Negative: a read before the update, or in another function, does not
// use its result, and the fix takes it along.
type Seen struct{ n int64 } // want n:"atomicload atomic.LoadInt64@fixresult.go:50"

func (s *Seen) Tick() {
	if s.n > 3 {
		println("three")
	}
	s.n += 2 // want `non-atomic update \(\+=\) of Seen\.n, which is accessed atomically \(atomic\.LoadInt64 at fixresult\.go:\d+\)$`
}

func (s *Seen) Peek() int64 { return s.n }

func (s *Seen) Load() int64 { return atomic.LoadInt64(&s.n) }

// Limit's read follows an atomic add: the load a fix would make may see
// another goroutine's add, so it has none.
type Limit struct{ n int64 } // want n:"atomicwrite atomic.AddInt64@fixresult.go:57"

func (l *Limit) Enter() bool {
	atomic.AddInt64(&l.n, 1)
	return l.n <= 10 // want `non-atomic read of Limit\.n, which is written atomically \(atomic\.AddInt64 at fixresult\.go:\d+\); no fix \(it needs the value that atomic\.AddInt64 at fixresult\.go:57 stores: use its result there\)$`
}
