// This file contains tests for the atomiccnt checker: locks that a
// function's doc comment says its callers hold.

package contracts

import (
	"sync"
	"sync/atomic"
)

type Conn struct {
	mu    sync.Mutex
	limit int32 // want limit:"atomicload atomic.LoadInt32@contracts.go:23; atomicwrite atomic.StoreInt32@contracts.go:19 holding contracts.Conn.UF0"
}

// SetLimit stores the limit for the lock-free readers, under mu.
func (c *Conn) SetLimit(v int32) {
	c.mu.Lock()
	atomic.StoreInt32(&c.limit, v)
	c.mu.Unlock()
}

func (c *Conn) Limit() int32 { return atomic.LoadInt32(&c.limit) }

// checkLimit reports whether n is over the limit.
// Lock should be held.
func (c *Conn) checkLimit(n int32) bool {
	return n > c.limit // nope: the doc comment says the caller holds c.mu
}

// +checklocks:c.mu
func (c *Conn) overLimit(n int32) bool {
	return n > c.limit // nope: +checklocks says the caller holds c.mu
}

// Read lock should be held.
func (c *Conn) readLimit() int32 {
	return c.limit // nope: held for reading, and every atomic write holds c.mu exclusively
}

// +checklocksread:c.mu
func (c *Conn) readLimit2() int32 {
	return c.limit // nope: +checklocksread says the caller holds c.mu for reading
}

// unlockedLimit says nothing of a lock.
func (c *Conn) unlockedLimit() int32 {
	return c.limit // want `non-atomic read of Conn.limit, which is written atomically`
}

// Lock should not be held.
func (c *Conn) notHeld() int32 {
	return c.limit // want `non-atomic read of Conn.limit, which is written atomically`
}

// +checklocks:c.other
func (c *Conn) noSuchLock() int32 {
	return c.limit // want `non-atomic read of Conn.limit, which is written atomically`
}

// With two locks, "the lock" names neither.
type Pair struct {
	mu, other sync.Mutex
	n         int64 // want n:"atomicwrite atomic.AddInt64@contracts.go:69 holding contracts.Pair.UF0"
}

func (p *Pair) Add() {
	p.mu.Lock()
	atomic.AddInt64(&p.n, 1)
	p.mu.Unlock()
}

// Lock should be held.
func (p *Pair) get() int64 {
	return p.n // want `non-atomic read of Pair.n, which is written atomically`
}

// +checklocks:p.mu
func (p *Pair) get2() int64 {
	return p.n // nope: the annotation names the lock
}

// The contract is held for reading: a write there races with the other
// readers.
type Table struct {
	mu   sync.RWMutex
	hits int64 // want hits:"atomicwrite atomic.StoreInt64@contracts.go:92 holding contracts.Table.UF0"
}

func (t *Table) Reset() {
	t.mu.Lock()
	atomic.StoreInt64(&t.hits, 0)
	t.mu.Unlock()
}

// +checklocksread:t.mu
func (t *Table) hit() {
	t.hits++ // want `non-atomic increment of Table.hits, which is accessed atomically .*, holding Table.mu only for reading`
}

// Calls of an annotated function must hold its lock.
func (c *Conn) Check(n int32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.overLimit(n) // nope: c.mu is held
}

func (c *Conn) CheckUnlocked(n int32) bool {
	return c.overLimit(n) // want `call of \(\*Conn\)\.overLimit without Conn\.mu held, which its annotation \+checklocks:c\.mu requires`
}

func (c *Conn) CheckLater(n int32) {
	go c.overLimit(n) // want `call of \(\*Conn\)\.overLimit without Conn\.mu held`
}

func (c *Conn) ReadShared() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readLimit2() // nope: a lock held exclusively is held for reading too
}

func (t *Table) Hit() {
	t.mu.RLock()
	t.hit() // nope: +checklocksread asks for the read lock
	t.mu.RUnlock()
}

func (p *Pair) Get() int64 {
	p.other.Lock()
	defer p.other.Unlock()
	return p.get2() // want `call of \(\*Pair\)\.get2 without Pair\.mu held`
}

// +checklocksignore
func (c *Conn) unchecked(n int32) bool {
	return c.overLimit(n) // nope: +checklocksignore
}

// The convention of doc comments is not checked at calls.
func (c *Conn) CheckConvention(n int32) bool {
	return c.checkLimit(n) // nope: "Lock should be held" is not an annotation
}

// +checklocksforce says that the call holds what its callee requires,
// where the analysis cannot see it: a literal that another function
// runs, under the lock.
func (c *Conn) Forced(n int32) bool {
	return c.locked(func() bool {
		return c.overLimit(n) // +checklocksforce: locked runs it under c.mu
	})
}

func (c *Conn) NotForced(n int32) bool {
	return c.locked(func() bool {
		return c.overLimit(n) // want `call of \(\*Conn\)\.overLimit without Conn\.mu held`
	})
}

// A literal that is only called runs in its caller's state.
func (c *Conn) OnlyCalled(n int32) bool {
	check := func() bool {
		return c.overLimit(n) // nope: check runs where c.mu is held
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return check()
}

func (c *Conn) locked(f func() bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return f()
}

// A literal holds what its maker holds where it makes it, as checklocks
// has it: a cleanup made under the lock is run under it.
func (c *Conn) MadeLocked(n int32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return run(func() bool {
		return c.overLimit(n) // nope: made where c.mu is held
	})
}

func run(f func() bool) bool { return f() }
