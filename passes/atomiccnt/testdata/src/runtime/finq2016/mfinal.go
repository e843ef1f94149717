// This file contains tests for the atomiccnt checker: the finalizer
// queue of the Go runtime in 2016, before golang.org/issue/17503 was
// fixed, when no access to finblock.cnt was atomic. Nothing tells the
// atomic rule that cnt is shared; the garbage collector's read in
// markroot (mgcmark.go) does.
//
// The package lives under runtime/ so that the analyzer treats it as
// the runtime: markroot and gcDrain are the collector's entry points,
// and lock, unlock and stopTheWorld its primitives.

package finq2016

import "unsafe"

type finalizer struct {
	fn  unsafe.Pointer
	arg unsafe.Pointer
}

// finblock is allocated off-heap and scanned by the GC in markroot.
type finblock struct {
	alllink *finblock
	next    *finblock
	cnt     int32
	_       int32
	fin     [16]finalizer
}

const _FinBlockSize = 4 << 10

type mutex struct{ key uintptr }

func lock(l *mutex)   {}
func unlock(l *mutex) {}

var (
	finlock mutex     // protects the following variables
	finq    *finblock // list of finalizers that are to be executed
	finc    *finblock // cache of free blocks
	allfin  *finblock // list of all blocks
)

func queuefinalizer(fn, arg unsafe.Pointer) {
	lock(&finlock)
	// nope: queuefinalizer is not a concurrent context, so its reads
	// of cnt are not reported by the concurrent rule.
	if finq == nil || finq.cnt == int32(len(finq.fin)) {
		if finc == nil {
			finc = (*finblock)(persistentalloc(_FinBlockSize))
			finc.alllink = allfin
			allfin = finc
		}
		block := finc
		finc = block.next
		block.next = finq
		finq = block
	}
	f := &finq.fin[finq.cnt]
	finq.cnt++ // want `non-atomic increment of finblock.cnt, which is read concurrently by the garbage collector \(markroot at mgcmark.go:38\); no atomic call fits \(runtime/internal/atomic has no add for int32\), so the fix changes the type`
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
				fb.cnt = i - 1 // want `non-atomic write to finblock.cnt, which is read concurrently by the garbage collector \(markroot at mgcmark.go:38\); no atomic call fits \(runtime/internal/atomic has no store for int32\), so the fix changes the type`
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
