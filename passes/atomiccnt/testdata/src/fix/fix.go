// This file contains tests for the atomiccnt checker: the call fix,
// which makes each reported access a call of sync/atomic, already
// imported here.

package fix

import (
	"sync/atomic"
	"unsafe"
)

// Counters' fields are exported, so other packages may use them and
// only the call fix applies (the type fix would break those uses).
type Counters struct {
	I32 int32          // want I32:"atomicwrite atomic.AddInt32@fix.go:33"
	I64 int64          // want I64:"atomicwrite atomic.AddInt64@fix.go:34"
	U32 uint32         // want U32:"atomicwrite atomic.AddUint32@fix.go:35"
	U64 uint64         // want U64:"atomicwrite atomic.AddUint64@fix.go:36"
	UP  uintptr        // want UP:"atomicwrite atomic.AddUintptr@fix.go:37"
	P   unsafe.Pointer // want P:"atomicwrite atomic.StorePointer@fix.go:38"
	Arr [4]uint32      // want Arr:"elem atomicwrite atomic.AddUint32@fix.go:39"
	S   []int64        // want S:"elem atomicwrite atomic.AddInt64@fix.go:40"
	In  Inner
}

type Inner struct {
	Hits uint64 // want Hits:"atomicwrite atomic.AddUint64@fix.go:41"
}

// Atomics writes every location atomically, so that both plain reads
// and plain writes of them are reported.
func (c *Counters) Atomics(i int) { // want Atomics:"confines 0"
	atomic.AddInt32(&c.I32, 1)
	atomic.AddInt64(&c.I64, 1)
	atomic.AddUint32(&c.U32, 1)
	atomic.AddUint64(&c.U64, 1)
	atomic.AddUintptr(&c.UP, 1)
	atomic.StorePointer(&c.P, nil)
	atomic.AddUint32(&c.Arr[i], 1)
	atomic.AddInt64(&c.S[i], 1)
	atomic.AddUint64(&c.In.Hits, 1)
}

func (c *Counters) Signed(n int32, m int64) { // want Signed:"confines 0"
	c.I32++             // want `non-atomic increment of Counters.I32`
	c.I32--             // want `non-atomic decrement of Counters.I32`
	c.I32 += n          // want `non-atomic update \(\+=\) of Counters.I32`
	c.I32 -= n          // want `non-atomic update \(-=\) of Counters.I32`
	c.I32 -= 3          // want `non-atomic update \(-=\) of Counters.I32`
	c.I32 = c.I32 + n   // want `non-atomic write to Counters.I32`
	c.I32 = n + c.I32   // want `non-atomic write to Counters.I32`
	c.I32 = (c.I32 - 2) // want `non-atomic write to Counters.I32`
	c.I32 = 7           // want `non-atomic write to Counters.I32`
	c.I64 -= m * 2      // want `non-atomic update \(-=\) of Counters.I64`
	c.I64 -= -m         // want `non-atomic update \(-=\) of Counters.I64`
	c.I64 += int64(n)   // want `non-atomic update \(\+=\) of Counters.I64`
}

func (c *Counters) Unsigned(m uint32, k uint64, d uintptr) { // want Unsigned:"confines 0"
	c.U32++          // want `non-atomic increment of Counters.U32`
	c.U32--          // want `non-atomic decrement of Counters.U32`
	c.U32 -= m       // want `non-atomic update \(-=\) of Counters.U32`
	c.U32 -= 5       // want `non-atomic update \(-=\) of Counters.U32`
	c.U32 -= m + 1   // want `non-atomic update \(-=\) of Counters.U32`
	c.U32 -= 0       // want `non-atomic update \(-=\) of Counters.U32`
	c.U64 -= k       // want `non-atomic update \(-=\) of Counters.U64`
	c.U64 += 1 << 40 // want `non-atomic update \(\+=\) of Counters.U64`
	c.UP -= d        // want `non-atomic update \(-=\) of Counters.UP`
	c.UP++           // want `non-atomic increment of Counters.UP`
}

// Or and And exist in sync/atomic since Go 1.23; this package's
// version is unknown to the test driver, so the newest is assumed.
func (c *Counters) Bits(m uint32) { // want Bits:"confines 0"
	c.U32 |= m        // want `non-atomic update \(\|=\) of Counters.U32`
	c.U32 &= m        // want `non-atomic update \(&=\) of Counters.U32`
	c.U32 = c.U32 | 4 // want `non-atomic write to Counters.U32`
	c.U32 = 8 & c.U32 // want `non-atomic write to Counters.U32`
}

func (c *Counters) Reads(i int) (int64, bool) { // want Reads:"confines 0"
	if c.I32 > 0 { // want `non-atomic read of Counters.I32`
		use(c.U32) // want `non-atomic read of Counters.U32`
	}
	p := &c.Arr[c.U32] // want `non-atomic read of Counters.U32`
	_ = p
	sum := c.S[i] + c.In.Hits2()   // want `non-atomic read of an element of Counters.S`
	return sum + c.I64, c.P != nil // want `non-atomic read of Counters.I64` `non-atomic read of Counters.P`
}

func (in *Inner) Hits2() int64 { return 0 } // want Hits2:"confines 0"

// Elements, nested fields and pointers.
func (c *Counters) More(i int, p unsafe.Pointer) uint32 { // want More:"confines 0"
	c.Arr[i]++      // want `non-atomic increment of an element of Counters.Arr`
	c.S[i+1] = 0    // want `non-atomic write to an element of Counters.S`
	c.In.Hits += 2  // want `non-atomic update \(\+=\) of Inner.Hits`
	c.P = p         // want `non-atomic write to Counters.P`
	return c.Arr[i] // want `non-atomic read of an element of Counters.Arr`
}

// A read and a later write of the same field stay two accesses, each
// made atomic on its own: one atomic add would change what a
// concurrent writer between them can observe.
func (c *Counters) TwoStatements() { // want TwoStatements:"confines 0"
	v := c.I64    // want `non-atomic read of Counters.I64`
	c.I64 = v + 1 // want `non-atomic write to Counters.I64`
}

// A write whose value reads another location that is also reported.
func (c *Counters) Copy(d *Counters) { // want Copy:"confines 0; confines 1"
	c.I64 = d.I64 // want `non-atomic write to Counters.I64` `non-atomic read of Counters.I64`
}

// No call fix: the reason is in the message.
func (c *Counters) NoFix(n int32) { // want NoFix:"confines 0"
	c.I32 *= 2         // want `non-atomic update \(\*=\) of Counters.I32.*; no fix \(no atomic operation does \*=\)`
	c.I32 = c.I32 << n // want `; no fix \(no atomic operation does x = x << y\)`
	c.I32 += c.I32     // want `; no fix \(the operand reads the location again\)`
	var x int
	c.I32, x = 1, 2 // want `; no fix \(the write is part of a multiple assignment\)`
	_ = x
	c.Arr = [4]uint32{} // want `non-atomic write to the elements of Counters.Arr.*; no fix \(the access copies the whole array\)`
}

func use(uint32) {}

// Exported package-level variables.
var (
	Requests uint64   // want Requests:"atomicwrite atomic.AddUint64@fix.go:135"
	Table    [8]int32 // want Table:"elem atomicwrite atomic.AddInt32@fix.go:136"
)

func Serve(i int) {
	atomic.AddUint64(&Requests, 1)
	atomic.AddInt32(&Table[i], 1)
}

func Globals(i int) (uint64, int32) {
	Requests++                  // want `non-atomic increment of Requests`
	Table[i] = 3                // want `non-atomic write to an element of Table`
	return Requests, Table[i+1] // want `non-atomic read of Requests` `non-atomic read of an element of Table`
}

// Fields of generic types.
type Box[T any] struct {
	Hits  int64 // want Hits:"atomicwrite atomic.AddInt64@fix.go:152"
	Value T
}

func (b *Box[T]) Get() T { // want Get:"confines 0"
	atomic.AddInt64(&b.Hits, 1)
	return b.Value
}

func (b *Box[T]) Reset() int64 { // want Reset:"confines 0"
	b.Hits = 0    // want `non-atomic write to Box.Hits`
	return b.Hits // want `non-atomic read of Box.Hits`
}

// nope: a plain read of a location that is only loaded atomically does
// not race, and is not reported.
var Loaded uint32 // want Loaded:"atomicload atomic.LoadUint32@fix.go:166"

func LoadOnly() uint32 {
	_ = atomic.LoadUint32(&Loaded)
	return Loaded
}

// An assignment in a select case's body is an ordinary statement; the
// case's own receive assignment is not, and a call cannot replace it.
func (c *Counters) Select(ch chan int32) { // want Select:"confines 0"
	select {
	case v := <-ch:
		c.I32 = v // want `non-atomic write to Counters.I32`
	case c.I32 = <-ch: // want `; no fix \(the write is a select case\)`
	default:
	}
}
