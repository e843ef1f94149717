// This file contains tests for the atomiccnt checker: the finalizer
// queue of finq2016 after the fix of golang.org/issue/17503 (commit
// d3836aba): cnt became a uint32 so that the runtime's Xadd, Store and
// Load could take its address, and its writes and the garbage
// collector's read became atomic. The concurrent rule reports nothing:
// no write is plain, and the plain reads that remain are not made by
// the collector.

package finq2016fixed

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

const _FinBlockSize = 4 << 10

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
			finc = (*finblock)(persistentalloc(_FinBlockSize))
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
			for i := fb.cnt; i > 0; i-- { // nope: runfinq reads back the count it stores
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
