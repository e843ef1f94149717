// This file contains tests for -explain: why a report's memory counts
// as shared.

package sharedwhy

import "sync/atomic"

var total int64

func Add() { atomic.AddInt64(&total, 1) }

func Total() int64 { return total }

type C struct{ n int64 }

func (c *C) run() { atomic.AddInt64(&c.n, 1) }

func New() *C {
	c := &C{}
	go c.run()
	_ = c.n
	return c
}
