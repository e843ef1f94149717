// This file contains tests for the atomiccnt checker: annotations that
// say what a function does to a lock where its body does not show it,
// and annotations that say two paths name one lock.

package contracts

import (
	"sync"
	"sync/atomic"
)

type Queue struct {
	mu     sync.Mutex
	unlock func() // releases mu; set by the queue's owner
	n      int32  // want n:"atomicload atomic.LoadInt32@effects.go:25; atomicwrite atomic.AddInt32@effects.go:21 holding contracts.Queue.UF0"
}

// Add counts an item for the lock-free Len, under mu.
func (q *Queue) Add() {
	q.mu.Lock()
	atomic.AddInt32(&q.n, 1)
	q.mu.Unlock()
}

func (q *Queue) Len() int32 { return atomic.LoadInt32(&q.n) }

// lockSlow takes mu on one path or the other: on neither alone, as the
// flow sees it.
//
// +checklocksacquire:q.mu
func (q *Queue) lockSlow() {
	if !q.mu.TryLock() {
		q.mu.Lock()
	}
}

// lockMaybe is lockSlow without its annotation.
func (q *Queue) lockMaybe() {
	if !q.mu.TryLock() {
		q.mu.Lock()
	}
}

func (q *Queue) Pop() int32 {
	q.lockSlow()
	n := q.n // nope: lockSlow returns holding q.mu, as its annotation says
	q.mu.Unlock()
	return n
}

// lockedSelf returns the queue with its lock held: the annotation names
// the lock through the named result.
//
// +checklocksacquire:r.mu
func (q *Queue) lockedSelf() (r *Queue) {
	r = q
	if !r.mu.TryLock() {
		r.mu.Lock()
	}
	return r
}

func (q *Queue) PopSelf() int32 {
	n := q.lockedSelf().n // nope: lockedSelf returns holding the lock of its result
	q.mu.Unlock()
	return n
}

func (q *Queue) PopUnannotated() int32 {
	q.lockMaybe()
	n := q.n // want `non-atomic read of Queue.n, which is written atomically`
	q.mu.Unlock()
	return n
}

// release lets mu go through a function value, which the flow does not
// follow.
//
// +checklocksrelease:q.mu
func (q *Queue) release() {
	q.unlock()
}

// releaseUnannotated is release without its annotation.
func (q *Queue) releaseUnannotated() {
	q.unlock()
}

func (q *Queue) Drain() (int32, int32) {
	q.mu.Lock()
	before := q.n // nope: q.mu is held
	q.release()
	after := q.n // want `non-atomic read of Queue.n, which is written atomically`
	return before, after
}

func (q *Queue) DrainUnannotated() (int32, int32) {
	q.mu.Lock()
	before := q.n // nope: q.mu is held
	q.releaseUnannotated()
	after := q.n // nope: as far as the flow sees, q.mu is still held
	return before, after
}

// releaseAndRead reads under the lock its caller holds, then lets it go.
//
// +checklocksrelease:q.mu
func (q *Queue) releaseAndRead() int32 {
	n := q.n // nope: +checklocksrelease says the caller holds q.mu
	q.mu.Unlock()
	return n
}

func (q *Queue) ReleaseUnlocked() int32 {
	return q.releaseAndRead() // want `call of \(\*Queue\)\.releaseAndRead without Queue\.mu held, which its annotation \+checklocksrelease:q\.mu requires`
}

func (q *Queue) ReleaseLocked() int32 {
	q.mu.Lock()
	return q.releaseAndRead() // nope: q.mu is held
}

// A shard's counter is written under the shard's lock; the cache's
// annotation says that its lock and the shard's are one.
type Shard struct {
	mu   sync.Mutex
	hits int32 // want hits:"atomicwrite atomic.AddInt32@effects.go:146 holding contracts.Shard.UF0"
}

type Cache struct {
	mu    sync.Mutex
	shard *Shard
}

// NewCache makes a cache in front of a shard that others share.
func NewCache(s *Shard) *Cache { return &Cache{shard: s} } // want NewCache:"fresh"

func (c *Cache) Hits() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hitsAliased() + c.hitsUnaliased()
}

func (s *Shard) Hit() {
	s.mu.Lock()
	atomic.AddInt32(&s.hits, 1)
	s.mu.Unlock()
}

// +checklocks:c.mu
// +checklocksalias:c.shard.mu=c.mu
func (c *Cache) hitsAliased() int32 {
	return c.shard.hits // nope: holding c.mu holds c.shard.mu, as the alias says
}

// +checklocks:c.mu
func (c *Cache) hitsUnaliased() int32 {
	return c.shard.hits // want `non-atomic read of Shard.hits, which is written atomically`
}
