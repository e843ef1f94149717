// This file contains tests for the atomiccnt checker: a pool cleanup
// that the runtime calls with the world stopped, as sync's own is.

package poolhook

import (
	"sync/atomic"
	_ "unsafe"
)

//go:linkname runtime_registerPoolCleanup sync.runtime_registerPoolCleanup
func runtime_registerPoolCleanup(cleanup func())

type pool struct {
	size   int32
	victim int32
}

var pools []*pool

func (p *pool) Put() {
	atomic.AddInt32(&p.size, 1)
	atomic.AddInt32(&p.victim, 1)
}

// nope: the runtime is cleanup's only caller, with the world stopped,
// and drop runs only under it.
func cleanup() {
	for _, p := range pools {
		p.drop()
	}
}

func (p *pool) drop() {
	p.victim = p.size
	p.size = 0
}

func init() {
	runtime_registerPoolCleanup(cleanup)
}

type cache struct{ n int32 }

func (c *cache) Add() { atomic.AddInt32(&c.n, 1) }

var caches []*cache

// sweep is registered, but Sweep calls it too, from any goroutine.
func sweep() {
	for _, c := range caches {
		c.n = 0 // want `non-atomic write to cache.n`
	}
}

func Sweep() { sweep() }

func init() {
	runtime_registerPoolCleanup(sweep)
}

// registerCleanup is a look-alike of the hook that the runtime does not
// call with the world stopped.
func registerCleanup(f func()) { go f() }

type buffer struct{ used int64 }

func (b *buffer) Grow() { atomic.AddInt64(&b.used, 1) }

var buffers []*buffer

func reset() {
	for _, b := range buffers {
		b.used = 0 // want `non-atomic write to buffer.used`
	}
}

func init() {
	registerCleanup(reset)
}
