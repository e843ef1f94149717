// This file contains tests for the atomiccnt checker: the call fix in
// a runtime-like tree, which calls the runtime's own atomic package
// (here the 2016 stand-in for runtime/internal/atomic) with its names
// and its signed deltas.

package fixrt

import (
	"runtime/internal/atomic"
	"unsafe"
)

type mheap struct {
	sweepgen uint32
	pages    uint64
	bytes    uintptr
	span     unsafe.Pointer
	flags    uint8
	nfree    int32
}

func (h *mheap) atomics() {
	atomic.Xadd(&h.sweepgen, 2)
	atomic.Xadd64(&h.pages, 1)
	atomic.Xadduintptr(&h.bytes, 1)
	atomic.StorepNoWB(unsafe.Pointer(&h.span), nil)
	atomic.Or8(&h.flags, 1)
	// The 2016 API has no function for int32: callers converted.
	atomic.Xadd((*uint32)(unsafe.Pointer(&h.nfree)), 1)
}

func (h *mheap) writes(n uint32, k uint64, d uintptr, s int32) {
	h.sweepgen++       // want `non-atomic increment of mheap.sweepgen`
	h.sweepgen--       // want `non-atomic decrement of mheap.sweepgen`
	h.sweepgen += n    // want `non-atomic update \(\+=\) of mheap.sweepgen`
	h.sweepgen -= n    // want `non-atomic update \(-=\) of mheap.sweepgen`
	h.sweepgen -= 3    // want `non-atomic update \(-=\) of mheap.sweepgen`
	h.sweepgen = 0     // want `non-atomic write to mheap.sweepgen`
	h.pages -= k       // want `non-atomic update \(-=\) of mheap.pages`
	h.pages += 1 << 40 // want `non-atomic update \(\+=\) of mheap.pages`
	h.pages = k        // want `non-atomic write to mheap.pages`
	h.bytes -= d       // want `non-atomic update \(-=\) of mheap.bytes`
	h.bytes--          // want `non-atomic decrement of mheap.bytes`
	h.flags |= 4       // want `non-atomic update \(\|=\) of mheap.flags`
	h.sweepgen |= 4    // want `; no fix \(runtime/internal/atomic has no or for uint32\)`
	h.span = nil       // want `; no fix \(the runtime's pointer store StorepNoWB omits the write barrier\)`
	h.nfree += s       // want `; no fix \(runtime/internal/atomic has no add for int32\)`
}

func (h *mheap) reads() (uint32, uint64, uintptr, unsafe.Pointer, int32) {
	return h.sweepgen, h.pages, h.bytes, h.span, h.nfree // want `read of mheap.sweepgen` `read of mheap.pages` `read of mheap.bytes` `read of mheap.span` `; no fix \(runtime/internal/atomic has no load for int32\)`
}
