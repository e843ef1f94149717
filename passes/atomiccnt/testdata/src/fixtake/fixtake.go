// This file contains tests for the atomiccnt checker: the call fix of a
// location's first atomic write takes along the accesses that would
// race with it once it is atomic.

package fixtake

import (
	"sync"
	"sync/atomic"
)

// The fix of Set's write takes Peek's read along, and that read, once
// atomic, races with Reset's write, which only the lock that every
// atomic access holds spared: the fix makes it atomic too.
type Conn struct {
	mu sync.Mutex
	id int64 // want id:"atomicload atomic.LoadInt64@fixtake.go:35 holding fixtake.Conn.UF0"
}

func (c *Conn) Set(v int64) {
	c.id = v // want `non-atomic write to Conn\.id, which is accessed atomically \(atomic\.LoadInt64 at fixtake\.go:\d+\)$`
}

func (c *Conn) Reset() {
	c.mu.Lock()
	c.id = 0 // nope: the only atomic access holds mu
	c.mu.Unlock()
}

func (c *Conn) Peek() int64 { return c.id }

func (c *Conn) Get() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return atomic.LoadInt64(&c.id)
}

// Guarded's Reset holds the lock that every atomic access holds, but
// Set's write, once atomic, does not: it goes too. NewGuarded's write
// is to an object no other goroutine can reach yet, and stays.
type Guarded struct {
	mu sync.Mutex
	n  int64 // want n:"atomicload atomic.LoadInt64@fixtake.go:65 holding fixtake.Guarded.UF0"
}

func NewGuarded() *Guarded { // want NewGuarded:"fresh"
	g := new(Guarded)
	g.n = 1 // nope: g is not yet shared
	return g
}

func (g *Guarded) Set(v int64) {
	g.n = v // want `non-atomic write to Guarded\.n, which is accessed atomically \(atomic\.LoadInt64 at fixtake\.go:\d+\)$`
}

func (g *Guarded) Reset() {
	g.mu.Lock()
	g.n = 0 // nope: the only atomic access holds mu
	g.mu.Unlock()
}

func (g *Guarded) Get() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return atomic.LoadInt64(&g.n)
}
