// This file contains tests for the atomiccnt checker: the writer of a
// location reading back its own value.

package readback

import (
	"sync"
	"sync/atomic"
)

// A single-producer queue: the producer publishes tail with an atomic
// store and reads its own tail plainly; consumers load it atomically.
type ring struct {
	head, tail uint32
	buf        [64]int
}

func (r *ring) push(v int) {
	t := r.tail // nope: push is tail's writer and reads back its own value
	r.buf[t%64] = v
	atomic.StoreUint32(&r.tail, t+1)
}

func (r *ring) size() uint32 {
	return atomic.LoadUint32(&r.tail) - atomic.LoadUint32(&r.head)
}

func (r *ring) peekTail() uint32 {
	return r.tail // want `non-atomic read of ring.tail, which is written atomically`
}

// Incrementing atomically suggests several writers: reading back after
// the increment races with the others.
type stats struct{ n, max int64 }

func (s *stats) inc() {
	atomic.AddInt64(&s.n, 1)
	if s.n > s.max { // want `non-atomic read of stats.n`
		s.max = s.n // want `non-atomic read of stats.n`
	}
}

// Unless the lock serialises the writers.
type locked struct {
	mu  sync.Mutex
	cnt uint32
}

func (l *locked) add() uint32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	atomic.AddUint32(&l.cnt, 1)
	return l.cnt // nope: the function's writes hold mu, as does this read
}

func (l *locked) peek() uint32 { return atomic.LoadUint32(&l.cnt) }
