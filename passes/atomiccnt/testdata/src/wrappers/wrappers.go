// This file contains tests for the atomiccnt checker: functions that
// access memory through a pointer parameter count at their calls.

package wrappers

import "sync/atomic"

func inc(p *uint32) { atomic.AddUint32(p, 1) }

// inc2 passes its parameter on: it is a wrapper too.
func inc2(p *uint32) { inc(p) }

func set(p *uint32, v uint32) { *p = v }

func get(p *uint32) uint32 { return *p }

type conn struct {
	reqs    uint32
	errs    uint32
	retries uint32
	plain   uint32
	closed  flag
}

func (c *conn) serve() {
	inc(&c.reqs)
	inc2(&c.errs)
	atomic.AddUint32(&c.retries, 1)
	set(&c.plain, 1) // nope: plain is never accessed atomically
}

func (c *conn) reset() {
	c.reqs = 0         // want `non-atomic write to conn.reqs, which is accessed atomically \(inc \(atomic.AddUint32\) at wrappers.go:\d+\)`
	c.errs = 0         // want `non-atomic write to conn.errs, which is accessed atomically \(inc2 \(atomic.AddUint32\) at wrappers.go:\d+\)`
	set(&c.retries, 0) // want `non-atomic write to conn.retries \(by set\), which is accessed atomically \(atomic.AddUint32 at wrappers.go:\d+\)`
}

func (c *conn) stats() uint32 {
	return get(&c.retries) // want `non-atomic read of conn.retries \(by get\), which is written atomically`
}

// A named integer type with atomic methods: the pre-Go 1.19 atomic bool.
type flag int32

func (f *flag) Set()        { atomic.StoreInt32((*int32)(f), 1) }
func (f *flag) IsSet() bool { return atomic.LoadInt32((*int32)(f)) == 1 }

func (c *conn) close() { c.closed.Set() }

func (c *conn) isClosed() bool {
	return c.closed != 0 // want `non-atomic read of conn.closed, which is written atomically \(flag.Set \(atomic.StoreInt32\) at wrappers.go:48\)`
}

func (c *conn) reopen() {
	c.closed = 0 // want `non-atomic write to conn.closed`
}
