// This file contains tests for the atomiccnt checker: locks that other
// packages define, known by their method set.

package lockers

import (
	"sync/atomic"

	"lockers/spin"
)

type Queue struct {
	mu    spin.Lock
	latch spin.Latch
	n     int64 // want n:"atomicload atomic.LoadInt64@lockers.go:25; atomicwrite atomic.AddInt64@lockers.go:21 holding lockers.Queue.UF0"
	m     int64 // want m:"atomicwrite atomic.AddInt64@lockers.go:39"
}

func (q *Queue) Push() {
	q.mu.Lock()
	atomic.AddInt64(&q.n, 1)
	q.mu.Unlock()
}

func (q *Queue) Len() int64 { return atomic.LoadInt64(&q.n) }

func (q *Queue) lenLocked() int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n // nope: q.mu is a lock (Lock and Unlock), held here and by every atomic write
}

func (q *Queue) lenUnlocked() int64 {
	return q.n // want `non-atomic read of Queue.n, which is written atomically`
}

func (q *Queue) Mark() {
	q.latch.Lock()
	atomic.AddInt64(&q.m, 1)
}

func (q *Queue) marks() int64 {
	q.latch.Lock()
	return q.m // want `non-atomic read of Queue.m, which is written atomically`
}
