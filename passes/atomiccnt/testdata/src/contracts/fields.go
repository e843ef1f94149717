package contracts

import (
	"sync"
	"sync/atomic"
)

// Fields that a checklocks annotation guards: every write holds the
// lock, even where the package does not show it.

type Gauge struct {
	mu sync.Mutex
	// +checklocks:mu
	// +checkatomic
	level int64 // want level:"atomicload atomic.LoadInt64@fields.go:25; atomicwrite atomic.StoreInt64@fields.go:21 holding contracts.Gauge.UF0"
	spare int64 // want spare:"atomicwrite atomic.StoreInt64@fields.go:22"
}

// Set is called with g.mu held, which only the field says.
func (g *Gauge) Set(v int64) {
	atomic.StoreInt64(&g.level, v)
	atomic.StoreInt64(&g.spare, v)
}

func (g *Gauge) Level() int64 { return atomic.LoadInt64(&g.level) }

func (g *Gauge) Snapshot() (int64, int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.level, // nope: every write of level holds g.mu, by its annotation
		g.spare // want `non-atomic read of Gauge.spare, which is written atomically`
}

func (g *Gauge) unlocked() int64 {
	return g.level // want `non-atomic read of Gauge.level, which is written atomically`
}

// A plain write holding the lock still races with the atomic reads that
// +checkatomic lets go without it.
func (g *Gauge) Reset() {
	g.mu.Lock()
	g.level = 0 // want `non-atomic write to Gauge.level, which is accessed atomically`
	g.mu.Unlock()
}

type Inner struct{ mu sync.RWMutex }

type Nested struct {
	in Inner
	// +checklocks:in.mu
	n int32 // want n:"atomicwrite atomic.AddInt32@fields.go:57 holding contracts.Inner.UF0"
	// +checklocks:nosuch
	m int32 // want m:"atomicwrite atomic.AddInt32@fields.go:58"
}

func (x *Nested) Add() {
	atomic.AddInt32(&x.n, 1)
	atomic.AddInt32(&x.m, 1)
}

func (x *Nested) Read() (int32, int32) {
	x.in.mu.RLock()
	defer x.in.mu.RUnlock()
	return x.n, // nope: the annotation's path names in.mu, held for reading
		x.m // want `non-atomic read of Nested.m, which is written atomically`
}
