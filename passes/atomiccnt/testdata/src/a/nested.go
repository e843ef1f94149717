// This file contains tests for the atomiccnt checker: nested fields,
// embedded fields, unsafe.Pointer fields, and the address taken through
// pointer conversions and phis.

package a

import (
	"sync/atomic"
	"unsafe"
)

type seq struct {
	seq uint64
	pad uint64
}

type mbuf struct {
	last seq
	head unsafe.Pointer
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
	bits uint32
}

func (w *word) Flip() {
	p := (*uint32)(unsafe.Pointer(&w.bits))
	atomic.AddUint32(p, 1)
	w.bits = 0 // want `non-atomic write to word.bits`
}

// An address chosen by a phi is either field.
type pair struct {
	x, y int32
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
