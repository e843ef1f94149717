// Package finalizers reproduces, in user space, the data race that Go
// runtime commit d3836aba fixed (golang.org/issue/17503): a queue of
// fixed-size blocks whose fill count a background scanner reads
// atomically while the code that fills and drains the blocks updates
// it plainly.
//
// It exists to be analysed, not used: run
//
//	go run ./cmd/atomiccnt ./example/...
//
// from the repository root to see atomiccnt report both writes.
package finalizers

import (
	"sync"
	"sync/atomic"
)

type finalizer struct {
	fn  func(any)
	arg any
}

// A block holds finalizers waiting to run. The scanner reads cnt to
// know how much of fin to visit, concurrently with queue and run.
type block struct {
	alllink *block
	next    *block
	cnt     uint32
	fin     [64]finalizer
}

// Queue is a finalizer queue with a concurrent scanner.
type Queue struct {
	mu     sync.Mutex
	full   *block // blocks of finalizers that are ready to run
	free   *block // cache of empty blocks
	allfin *block // every block ever allocated, for the scanner
}

// Add queues fn(arg).
func (q *Queue) Add(fn func(any), arg any) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.full == nil || int(q.full.cnt) == len(q.full.fin) {
		b := q.free
		if b == nil {
			b = new(block)
			b.alllink = q.allfin
			q.allfin = b
		} else {
			q.free = b.next
		}
		b.next = q.full
		q.full = b
	}
	q.full.fin[q.full.cnt] = finalizer{fn, arg}
	q.full.cnt++ // the race: the scanner may be reading cnt right now
}

// Run runs the queued finalizers.
func (q *Queue) Run() {
	q.mu.Lock()
	b := q.full
	q.full = nil
	q.mu.Unlock()
	for b != nil {
		for i := b.cnt; i > 0; i-- {
			f := &b.fin[i-1]
			f.fn(f.arg)
			*f = finalizer{}
			b.cnt = i - 1 // the same race, on the way down
		}
		next := b.next
		q.mu.Lock()
		b.next = q.free
		q.free = b
		q.mu.Unlock()
		b = next
	}
}

// Scan visits the arguments of all queued finalizers without taking the
// lock, as the garbage collector's markroot did.
func (q *Queue) Scan(visit func(any)) {
	q.mu.Lock()
	all := q.allfin
	q.mu.Unlock()
	for b := all; b != nil; b = b.alllink {
		n := atomic.LoadUint32(&b.cnt)
		for i := range n {
			visit(b.fin[i].arg)
		}
	}
}
