// This file contains tests for the atomiccnt checker: locations that
// the type fix must leave alone, each for its reason. Their reports
// keep the call fix.

package fixtypeno

import (
	"sync/atomic"
	"unsafe"
)

// nope: an exported field may be used by other packages, which the fix
// cannot rewrite.
type Exported struct {
	Hits int64 // want Hits:"atomicwrite atomic.AddInt64@fixtypeno.go:19"
}

func (e *Exported) touch() int64 {
	atomic.AddInt64(&e.Hits, 1)
	return e.Hits // want `non-atomic read of Exported.Hits`
}

// nope: the address escapes to something other than an atomic call; a
// *int32 cannot point to an atomic.Int32.
type addressed struct{ n int32 }

func (a *addressed) touch() *int32 {
	atomic.AddInt32(&a.n, 1)
	a.n = 0 // want `non-atomic write to addressed.n`
	return &a.n
}

// nope: the struct is copied, and a typed atomic must not be.
type copied struct{ n int32 }

func (c *copied) touch() copied {
	atomic.AddInt32(&c.n, 1)
	c.n++     // want `non-atomic increment of copied.n`
	return *c // want `copy of copied reads copied.n non-atomically.*; no fix \(copy the fields one by one\)`
}

// nope: the struct is compared with ==, which copies both operands.
type compared struct{ n uint32 }

func (c *compared) same(d *compared) bool {
	atomic.AddUint32(&c.n, 1)
	c.n--           // want `non-atomic decrement of compared.n`
	return *c == *d // want `copy of compared reads compared.n` `copy of compared reads compared.n`
}

// nope: an unkeyed composite literal sets the field by position.
type unkeyed struct {
	n    uint64
	name string
}

func newUnkeyed() *unkeyed { return &unkeyed{0, "x"} }

func (u *unkeyed) touch() {
	atomic.AddUint64(&u.n, 1)
	u.n = 2 // want `non-atomic write to unkeyed.n`
}

// nope: a keyed composite literal sets the field; its value would have
// to move into a Store.
type keyed struct{ n uint64 }

func newKeyed() *keyed { return &keyed{n: 1} }

func (k *keyed) touch() {
	atomic.AddUint64(&k.n, 1)
	k.n += 3 // want `non-atomic update \(\+=\) of keyed.n`
}

// nope: the declaration names two fields; changing the type would
// change both.
type paired struct{ a, b int32 }

func (p *paired) touch() {
	atomic.AddInt32(&p.a, 1)
	p.a = 1 // want `non-atomic write to paired.a`
}

// nope: a defined type keeps its methods and conversions only as itself.
type state uint32

type machine struct{ st state }

func (m *machine) touch() {
	atomic.AddUint32((*uint32)(&m.st), 1)
	m.st = 2 // want `non-atomic write to machine.st.*; no fix \(no atomic function takes \*state\)`
}

// nope: the variable has an initial value.
var seq int64 = 1

func next() int64 {
	seq = 5 // want `non-atomic write to seq`
	return atomic.AddInt64(&seq, 1)
}

// nope: an unsafe.Pointer would need atomic.Pointer[T], and T is not
// certain.
type node struct{ next unsafe.Pointer }

func (n *node) touch(p unsafe.Pointer) {
	atomic.StorePointer(&n.next, p)
	n.next = nil // want `non-atomic write to node.next`
}

// nope: a use sits in a generated file, which no fix edits.
type withGenerated struct{ n int32 }

func (w *withGenerated) touch() {
	atomic.AddInt32(&w.n, 1)
	w.n = 0 // want `non-atomic write to withGenerated.n`
}
