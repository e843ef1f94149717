// This file contains tests for the atomiccnt checker: the writer of a
// location reading back its own value.

package readback

import (
	"sync"
	"sync/atomic"
)

// A single-producer queue: the producer publishes tail with an atomic
// store and reads its own tail plainly; consumers load it atomically.
type ring struct {
	head, tail uint32
	buf        [64]int
}

func (r *ring) push(v int) {
	t := r.tail // nope: push is tail's writer and reads back its own value
	r.buf[t%64] = v
	atomic.StoreUint32(&r.tail, t+1)
}

func (r *ring) size() uint32 {
	return atomic.LoadUint32(&r.tail) - atomic.LoadUint32(&r.head)
}

func (r *ring) peekTail() uint32 {
	return r.tail // want `non-atomic read of ring.tail, which is written atomically`
}

// Incrementing atomically suggests several writers: reading back after
// the increment races with the others.
type stats struct{ n, max int64 }

func (s *stats) inc() {
	atomic.AddInt64(&s.n, 1)
	if s.n > s.max { // want `non-atomic read of stats.n`
		s.max = s.n // want `non-atomic read of stats.n`
	}
}

// Unless the lock serialises the writers.
type locked struct {
	mu  sync.Mutex
	cnt uint32
}

func (l *locked) add() uint32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	atomic.AddUint32(&l.cnt, 1)
	return l.cnt // nope: the function's writes hold mu, as does this read
}

func (l *locked) peek() uint32 { return atomic.LoadUint32(&l.cnt) }

// A writer that stores a value its read does not give works as well
// when every request runs it at once, which is how a "touch the last
// use" helper is run: its read races with the other copies' stores.
type conn struct{ last int64 }

func (c *conn) touch(now int64) {
	if c.last != now { // want `non-atomic read of conn.last, which is written atomically`
		atomic.StoreInt64(&c.last, now)
	}
}

func (c *conn) idleSince() int64 { return atomic.LoadInt64(&c.last) }

// The fast path of a once: the write holds mu and the first read does
// not, so the read races with the copies of do that write; the second
// read holds mu, as the write does.
type once struct {
	mu   sync.Mutex
	done uint32
}

func (o *once) do(f func()) {
	if o.done == 1 { // want `non-atomic read of once.done, which is written atomically`
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done == 0 { // nope: the write holds mu, as this read does
		f()
		atomic.StoreUint32(&o.done, 1)
	}
}

func (o *once) isDone() bool { return atomic.LoadUint32(&o.done) == 1 }

// Another function stores to the producer's tail without a lock: the
// producer's read can see that store.
type resetRing struct{ tail uint32 }

func (r *resetRing) push() {
	t := r.tail // want `non-atomic read of resetRing.tail, which is written atomically`
	atomic.StoreUint32(&r.tail, t+1)
}

func (r *resetRing) reset() { atomic.StoreUint32(&r.tail, 0) }

func (r *resetRing) size() uint32 { return atomic.LoadUint32(&r.tail) }

// A block handed from one owner to the next: the drainer counts down
// what it read, the filler counts up what it read, and neither's read
// sees a store it did not make.
type handoff struct{ cnt uint32 }

func (h *handoff) fill() {
	n := h.cnt // nope: fill stores what it computes from its read, and drain stores only what it computes from its own
	atomic.StoreUint32(&h.cnt, n+1)
}

func (h *handoff) drain() {
	for i := h.cnt; i > 0; i-- { // nope: drain counts down from its own read
		atomic.StoreUint32(&h.cnt, i-1)
	}
}

func (h *handoff) count() uint32 { return atomic.LoadUint32(&h.cnt) }

// A function literal that captures the receiver makes each use of it a
// load of the captured variable: the object is still the receiver.
type batchRing struct {
	tail uint32
	buf  [64]int
}

func (r *batchRing) putBatch(vs []int) {
	t := r.tail // nope: putBatch stores what it computes from its read, and push does too
	slot := func(i uint32) *int { return &r.buf[i%64] }
	for i, v := range vs {
		*slot(t + uint32(i)) = v
	}
	atomic.StoreUint32(&r.tail, t+uint32(len(vs)))
}

func (r *batchRing) push(v int) {
	t := r.tail // nope: push is tail's writer, and putBatch stores what it computes from its own read
	r.buf[t%64] = v
	atomic.StoreUint32(&r.tail, t+1)
}

func (r *batchRing) size() uint32 { return atomic.LoadUint32(&r.tail) }

// A read after the function's own write reads back what it wrote,
// unless another writer can store in between: a reload that holds the
// server's lock, while the client holds its own.
type server struct {
	mu      sync.Mutex
	clients []*client
}

type client struct {
	mu  sync.Mutex
	mcl int32
}

func (c *client) init(v int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mcl = v       // want `non-atomic write to client.mcl`
	if c.mcl == 0 { // want `non-atomic read of client.mcl, which is written atomically \(atomic.StoreInt32 at readback.go:\d+\)`
		c.mcl = 4096 // want `non-atomic write to client.mcl`
	}
}

func (s *server) reload(v int32) {
	s.mu.Lock()
	for _, c := range s.clients {
		atomic.StoreInt32(&c.mcl, v)
	}
	s.mu.Unlock()
}

func (c *client) limit() int32 { return atomic.LoadInt32(&c.mcl) }

// A list of blocks handed from the fillers, who hold mu, to the
// drainer, who takes the whole list under mu and then counts each
// block down without it: taking mu orders the drainer after every
// filler's write to the blocks it took.
type blocks struct {
	mu   sync.Mutex
	head *block
}

type block struct {
	next *block
	cnt  uint32
	buf  [8]int
}

func (q *blocks) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.head == nil || q.head.cnt == 8 {
		q.head = &block{next: q.head}
	}
	b := q.head
	b.buf[b.cnt] = v
	atomic.AddUint32(&b.cnt, 1)
}

func (q *blocks) drain(f func(int)) {
	q.mu.Lock()
	b := q.head
	q.head = nil
	q.mu.Unlock()
	for ; b != nil; b = b.next {
		for i := b.cnt; i > 0; i-- { // nope: drain takes mu, which the other writer holds, before it reads
			f(b.buf[i-1])
			atomic.StoreUint32(&b.cnt, i-1)
		}
	}
}

func (q *blocks) peek() *block { return q.head }

func (b *block) count() uint32 { return atomic.LoadUint32(&b.cnt) }

// The same drainer, but one that takes its list without the lock: the
// fillers' adds are not ordered before its read.
func (q *blocks) drainUnlocked(f func(int)) {
	for b := q.head; b != nil; b = b.next {
		for i := b.cnt; i > 0; i-- { // want `non-atomic read of block.cnt, which is written atomically`
			f(b.buf[i-1])
			atomic.StoreUint32(&b.cnt, i-1)
		}
	}
}

// A read before the write does not read it back: once is the fast path
// that every caller runs (see conn.touch), even if a later write follows.
type flag struct{ set int32 }

func (f *flag) mark() {
	if f.set == 0 { // want `non-atomic read of flag.set, which is written atomically`
		atomic.StoreInt32(&f.set, 1)
	}
	f.set = 2 // want `non-atomic write to flag.set`
}

func (f *flag) isSet() bool { return atomic.LoadInt32(&f.set) != 0 }
