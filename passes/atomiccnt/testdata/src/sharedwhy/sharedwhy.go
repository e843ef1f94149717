// This file contains tests for -explain: why a report's memory counts
// as shared.

package sharedwhy

import (
	"sync"
	"sync/atomic"
)

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

// A holds its lock where it reads n, but the add does not: -explain
// names both sides' locks, the input the lock rule found wanting.
type A struct {
	mu sync.Mutex
	n  int64
}

func (a *A) Inc() { atomic.AddInt64(&a.n, 1) }

func (a *A) Get() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n
}
