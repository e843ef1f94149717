// This file contains tests for the atomiccnt checker: the finalizer
// queue of the Go runtime as golang.org/issue/17503 found it, with the
// garbage collector's read of finblock.cnt already atomic (mgcmark.go)
// but the mutator's two writes still plain.
//
// The package lives under runtime/ so that it may import the stand-in
// for runtime/internal/atomic.

package issue17503

import "unsafe"

type finalizer struct {
	fn  unsafe.Pointer
	arg unsafe.Pointer
}

// finblock is allocated off-heap and scanned by the GC in markroot.
type finblock struct {
	alllink *finblock
	next    *finblock
	cnt     uint32
	_       int32
	fin     [16]finalizer
}

type mutex struct{ key uintptr }

func lock(l *mutex)   {}
func unlock(l *mutex) {}

var (
	finlock mutex
	finq    *finblock // list of finalizers that are to be executed
	finc    *finblock // cache of free blocks
	allfin  *finblock // list of all blocks
)

func queuefinalizer(fn, arg unsafe.Pointer) {
	lock(&finlock)
	// nope: a plain read does not race with an atomic load; it races
	// with the plain writes, which are reported.
	if finq == nil || finq.cnt == uint32(len(finq.fin)) {
		if finc == nil {
			finc = (*finblock)(persistentalloc(unsafe.Sizeof(finblock{})))
			finc.alllink = allfin
			allfin = finc
		}
		block := finc
		finc = block.next
		block.next = finq
		finq = block
	}
	f := &finq.fin[finq.cnt]
	finq.cnt++ // want `non-atomic increment of finblock.cnt, which is accessed atomically \(atomic.Load at mgcmark.go:13\)`
	f.fn = fn
	f.arg = arg
	unlock(&finlock)
}

func runfinq() {
	for {
		lock(&finlock)
		fb := finq
		finq = nil
		unlock(&finlock)
		for fb != nil {
			for i := fb.cnt; i > 0; i-- {
				f := &fb.fin[i-1]
				call(f.fn, f.arg)
				f.fn = nil
				f.arg = nil
				fb.cnt = i - 1 // want `non-atomic write to finblock.cnt, which is accessed atomically \(atomic.Load at mgcmark.go:13\)`
			}
			next := fb.next
			lock(&finlock)
			fb.next = finc
			finc = fb
			unlock(&finlock)
			fb = next
		}
	}
}

func persistentalloc(size uintptr) unsafe.Pointer { return nil }
func call(fn, arg unsafe.Pointer)                 {}
