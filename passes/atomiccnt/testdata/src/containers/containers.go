// This file contains tests for the atomiccnt checker: a struct embedded
// by value in different containers is different memory in each.

package containers

import (
	"sync"
	"sync/atomic"
)

type stats struct {
	inMsgs  int64
	outMsgs int64
}

// The server's totals are updated atomically by every client.
type Server struct {
	stats
}

// Each client's own counters are updated under its lock.
type client struct {
	mu sync.Mutex
	stats
	srv *Server
}

func (c *client) deliver() {
	c.mu.Lock()
	c.inMsgs++ // nope: client.stats is not Server.stats
	c.mu.Unlock()
	atomic.AddInt64(&c.srv.inMsgs, 1)
}

func (s *Server) varz() int64 {
	return s.inMsgs // want `non-atomic read of stats.inMsgs, which is written atomically \(atomic.AddInt64 at containers.go:\d+\)`
}

func (c *client) connz() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inMsgs // nope: the client's own stats, under its lock
}

// Through a pointer to the inner struct, the container is unknown: it
// may be the server's.
func bump(st *stats) {
	st.inMsgs++ // want `non-atomic increment of stats.inMsgs`
}

// An atomic access through a pointer may touch any container.
func count(st *stats) { atomic.AddInt64(&st.outMsgs, 1) }

func (c *client) out() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.outMsgs // want `non-atomic read of stats.outMsgs`
}

// A struct in a slice's array is in no field or variable: without
// unsafe, a slice cannot alias one.
type span struct{ first, last uint64 }

type rng struct{ lo, hi uint64 }

type block struct {
	span   span
	ranges []rng
}

func (b *block) advance() {
	atomic.AddUint64(&b.span.first, 1)
	atomic.AddUint64(&b.ranges[0].hi, 1)
}

func tombstones(spans []span) (n uint64) {
	for _, s := range spans {
		n += s.first // nope: block.span is not a slice element
	}
	return n
}

// Any slice of rng may be b.ranges.
func his(rs []rng) (n uint64) {
	for _, r := range rs { // want `copy of rng reads rng.hi non-atomically`
		n += r.lo
	}
	return n + rs[0].hi // want `non-atomic read of rng.hi`
}

// spanOf lets a pointer to block.span out (see sealed for a container
// whose address never leaves it).
func (b *block) spanOf() *span { return &b.span }

// A pointer may point into a slice element as well as into a field.
func first(s *span) uint64 {
	return s.first // want `non-atomic read of span.first`
}

// A local variable is its own container, even when a closure captures
// it and so keeps it in memory.
func lastOf(blocks []*block) uint64 {
	var last span
	visit := func(b *block) {
		last.first = atomic.LoadUint64(&b.span.first)
	}
	for _, b := range blocks {
		visit(b)
	}
	return last.first // nope: last is not block.span
}

// A slice of an array that a field holds aliases the field's elements.
type cell struct{ n int64 }

type grid struct{ cells [4]cell }

func (g *grid) bump(i int) {
	s := g.cells[:]
	atomic.AddInt64(&s[i].n, 1)
}

func (g *grid) first() int64 {
	return g.cells[0].n // want `non-atomic read of cell.n`
}
