// This file contains tests for the atomiccnt checker: the finalizer
// queue after the fix of golang.org/issue/17503 (commit d3836aba). The
// writes are atomic, and the plain reads that the fix deliberately left
// in place are safe: each is made by the function that writes the count,
// reading back its own value (queuefinalizer under finlock, runfinq on a
// block it detached from the queue).

package issue17503fixed

import (
	"runtime/internal/atomic"
	"unsafe"
)

type finalizer struct {
	fn  unsafe.Pointer
	arg unsafe.Pointer
}

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
	finq    *finblock
	finc    *finblock
	allfin  *finblock
)

func queuefinalizer(fn, arg unsafe.Pointer) {
	lock(&finlock)
	if finq == nil || finq.cnt == uint32(len(finq.fin)) { // nope: queuefinalizer writes cnt under finlock and reads it back
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
	f := &finq.fin[finq.cnt]   // nope: read back under finlock
	atomic.Xadd(&finq.cnt, +1) // Sync with markroots
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
			for i := fb.cnt; i > 0; i-- { // nope: runfinq stores cnt itself and reads it back
				f := &fb.fin[i-1]
				call(f.fn, f.arg)
				f.fn = nil
				f.arg = nil
				atomic.Store(&fb.cnt, i-1)
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
