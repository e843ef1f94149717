// This file contains tests for the atomiccnt checker: the ways a
// container's address gets out, after which a pointer may reach it.
// Each container holds its own type, accessed atomically only through
// the container, and each reader reaches that type through a pointer
// or a slice.

package escapes

import "sync/atomic"

// A slice made over an array.
type a1 struct{ n uint32 }

type h1 struct{ arr [2]a1 }

func (h *h1) add()        { atomic.AddUint32(&h.arr[0].n, 1) }
func (h *h1) all() []a1   { return h.arr[:] }
func r1(s []a1) uint32    { return s[0].n }       // want `non-atomic read of a1.n`
func (h *h1) sum() uint32 { return h.all()[1].n } // want `non-atomic read of a1.n`

// A conversion to an interface.
type a2 struct{ n uint32 }

type h2 struct{ c a2 }

func (h *h2) add()       { atomic.AddUint32(&h.c.n, 1) }
func (h *h2) boxed() any { return &h.c }
func r2(p *a2) uint32    { return p.n } // want `non-atomic read of a2.n`

// A closure that captures the address.
type a3 struct{ n uint32 }

type h3 struct{ c a3 }

func (h *h3) add() { atomic.AddUint32(&h.c.n, 1) }
func (h *h3) visit(f func(*a3)) {
	p := &h.c
	func() { f(p) }()
}
func r3(p *a3) uint32 { return p.n } // want `non-atomic read of a3.n`

// A method value, which binds its receiver.
type a4 struct{ n uint32 }

func (c *a4) get() uint32 { return 0 }

type h4 struct{ c a4 }

func (h *h4) add()                  { atomic.AddUint32(&h.c.n, 1) }
func (h *h4) getter() func() uint32 { return h.c.get }
func r4(p *a4) uint32               { return p.n } // want `non-atomic read of a4.n`

// A store of the address.
type a5 struct{ n uint32 }

type h5 struct{ c a5 }

var sink *a5

func (h *h5) add()    { atomic.AddUint32(&h.c.n, 1) }
func (h *h5) leak()   { sink = &h.c }
func r5(p *a5) uint32 { return p.n } // want `non-atomic read of a5.n`

// A package-level variable whose address never gets out is sealed.
type a6 struct{ n uint32 }

var g6 a6

func add6()           { atomic.AddUint32(&g6.n, 1) }
func r6(p *a6) uint32 { return p.n } // nope: g6 is sealed

// Another package can take the address of an exported field.
type a7 struct{ n uint32 }

type h7 struct{ C a7 }

func (h *h7) add()    { atomic.AddUint32(&h.C.n, 1) }
func r7(p *a7) uint32 { return p.n } // want `non-atomic read of a7.n`

// An embedded field's methods are promoted, and their wrappers take its
// address.
type a8 struct{ n uint32 }

func (c *a8) get() uint32 { return 0 }

type h8 struct{ a8 }

func (h *h8) add()    { atomic.AddUint32(&h.a8.n, 1) }
func r8(p *a8) uint32 { return p.n } // want `non-atomic read of a8.n`

// A pointer field that hands out its object.
type a9 struct{ n uint32 }

type h9 struct{ p *a9 }

func (h *h9) add()      { atomic.AddUint32(&h.p.n, 1) }
func (h *h9) live() *a9 { return h.p }
func r9(p *a9) uint32   { return p.n } // want `non-atomic read of a9.n`

// A pointer field set to an object from elsewhere.
type a10 struct{ n uint32 }

type h10 struct{ p *a10 }

func (h *h10) add()       { atomic.AddUint32(&h.p.n, 1) }
func (h *h10) set(p *a10) { h.p = p }
func r10(p *a10) uint32   { return p.n } // want `non-atomic read of a10.n`

// A pointer field whose new object is kept elsewhere too.
type a11 struct{ n uint32 }

type h11 struct{ p *a11 }

var kept *a11

func (h *h11) add() { atomic.AddUint32(&h.p.n, 1) }
func (h *h11) init() {
	o := &a11{}
	h.p = o
	kept = o
}
func r11(p *a11) uint32 { return p.n } // want `non-atomic read of a11.n`

// A method with a pointer receiver called on the object.
type a12 struct{ n uint32 }

func (c *a12) get() uint32 { return 0 }

type h12 struct{ p *a12 }

func (h *h12) add()        { atomic.AddUint32(&h.p.n, 1) }
func (h *h12) get() uint32 { return h.p.get() }
func r12(p *a12) uint32    { return p.n } // want `non-atomic read of a12.n`

// A container lent to a method with a pointer receiver that is called
// on other memory too.
type a13 struct{ n uint32 }

func (c *a13) inc() { atomic.AddUint32(&c.n, 1) }

type h13 struct{ c a13 }

func (h *h13) add() { h.c.inc() }
func r13(p *a13) uint32 {
	p.inc()
	return p.n // want `non-atomic read of a13.n`
}

// A container lent to a method that lets the receiver out.
type a14 struct{ n uint32 }

var sink14 *a14

func (c *a14) inc() {
	atomic.AddUint32(&c.n, 1)
	sink14 = c
}

type h14 struct{ c a14 }

func (h *h14) add()     { h.c.inc() }
func r14(p *a14) uint32 { return p.n } // want `non-atomic read of a14.n`

// A container lent to an exported method, which other packages may call
// on any a15.
type a15 struct{ n uint32 }

func (c *a15) Inc() { atomic.AddUint32(&c.n, 1) }

type h15 struct{ c a15 }

func (h *h15) add()     { h.c.Inc() }
func r15(p *a15) uint32 { return p.n } // want `non-atomic read of a15.n`
