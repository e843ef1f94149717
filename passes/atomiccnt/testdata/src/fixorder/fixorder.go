// This file contains tests for the atomiccnt checker: the first fix of
// a report does not depend on where in the file the location's other
// accesses are. Before and After are the same code in two orders: a
// plain write that the lock spares, which has no call fix, comes after
// the reported write in Before and before it in After.

package fixorder

import (
	"sync"
	"sync/atomic"
)

type Before struct {
	mu sync.Mutex
	n  int64 // want n:"atomicwrite atomic.AddInt64@fixorder.go:21 holding fixorder.Before.UF0"
}

func (b *Before) add() {
	b.mu.Lock()
	atomic.AddInt64(&b.n, 1)
	b.mu.Unlock()
}

func (b *Before) reset() {
	b.n = 0 // want `non-atomic write to Before.n, which is accessed atomically \(atomic.AddInt64 at fixorder.go:21\)`
}

func (b *Before) double() {
	b.mu.Lock()
	b.n = b.n * 2 // nope: add holds b.mu too
	b.mu.Unlock()
}

type After struct {
	mu sync.Mutex
	n  int64 // want n:"atomicwrite atomic.AddInt64@fixorder.go:42 holding fixorder.After.UF0"
}

func (a *After) add() {
	a.mu.Lock()
	atomic.AddInt64(&a.n, 1)
	a.mu.Unlock()
}

func (a *After) double() {
	a.mu.Lock()
	a.n = a.n * 2 // nope: add holds a.mu too
	a.mu.Unlock()
}

func (a *After) reset() {
	a.n = 0 // want `non-atomic write to After.n, which is accessed atomically \(atomic.AddInt64 at fixorder.go:42\)`
}
