// This file contains tests for the atomiccnt checker: nested fields,
// embedded fields, unsafe.Pointer fields, and the address taken through
// pointer conversions and phis.

package a

import (
	"sync/atomic"
	"unsafe"
)

type seq struct {
	seq uint64 // want seq:"atomicload atomic.LoadUint64@nested.go:29"
	pad uint64
}

type mbuf struct {
	last seq
	head unsafe.Pointer // want head:"atomicload atomic.LoadPointer@nested.go:38"
	Embedded
}

type Embedded struct {
	gen uint32 // want gen:"atomicwrite atomic.AddUint32@nested.go:47"
}

// Nested fields are the innermost field: mb.last.seq is seq.seq.
func (mb *mbuf) Seq() uint64 {
	return atomic.LoadUint64(&mb.last.seq)
}

func (mb *mbuf) Reset() {
	mb.last.seq = 0 // want `non-atomic write to seq.seq`
	mb.last.pad = 0
}

func (mb *mbuf) Head() unsafe.Pointer {
	return atomic.LoadPointer(&mb.head)
}

func (mb *mbuf) SetHead(p unsafe.Pointer) {
	mb.head = p // want `non-atomic write to mbuf.head, which is accessed atomically \(atomic.LoadPointer at nested.go:38\)`
}

// Promoted fields are fields of the embedded type.
func (mb *mbuf) NextGen() uint32 {
	return atomic.AddUint32(&mb.gen, 1)
}

func (mb *mbuf) Gen() uint32 {
	return mb.gen // want `non-atomic read of Embedded.gen`
}

// An address reinterpreted through unsafe.Pointer is still the field.
type word struct {
	bits uint32 // want bits:"atomicwrite atomic.AddUint32@nested.go:61"
}

func (w *word) Flip() {
	p := (*uint32)(unsafe.Pointer(&w.bits))
	atomic.AddUint32(p, 1)
	w.bits = 0 // want `non-atomic write to word.bits`
}

// An address chosen by a phi is either field.
type pair struct {
	x, y int32 // want x:"atomicwrite atomic.AddInt32@nested.go:75" y:"atomicwrite atomic.AddInt32@nested.go:75"
}

func (p *pair) Add(first bool) {
	q := &p.x
	if !first {
		q = &p.y
	}
	atomic.AddInt32(q, 1)
}

func (p *pair) Clear() {
	p.x = 0 // want `non-atomic write to pair.x`
	p.y = 0 // want `non-atomic write to pair.y`
}
