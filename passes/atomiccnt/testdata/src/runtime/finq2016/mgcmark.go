// This file contains tests for the atomiccnt checker: the garbage
// collector's side of golang.org/issue/17503 in 2016, reading the count
// of each finalizer block plainly, concurrently with the mutator.

package finq2016

import (
	"runtime/internal/atomic"
	"unsafe"
)

type gcWork struct{ bytesMarked uint64 }

var work struct {
	markrootNext uint32
	markrootJobs uint32 // number of markroot jobs
}

// gcDrain runs markroot jobs until there are none left.
func gcDrain(gcw *gcWork) {
	for {
		job := atomic.Xadd(&work.markrootNext, +1) - 1
		if job >= work.markrootJobs {
			break
		}
		markroot(gcw, job)
	}
}

const fixedRootFinalizers = 0

// markroot scans the i'th root.
func markroot(gcw *gcWork, i uint32) {
	switch i {
	case fixedRootFinalizers:
		for fb := allfin; fb != nil; fb = fb.alllink {
			// want +1 `non-atomic read of finblock.cnt by the garbage collector, which is written concurrently \(increment at mfinal.go:59\); no atomic call fits \(runtime/internal/atomic has no load for int32\), so the fix changes the type`
			scanblock(uintptr(unsafe.Pointer(&fb.fin[0])), uintptr(fb.cnt)*unsafe.Sizeof(fb.fin[0]), gcw)
		}
	}
}

func scanblock(b0, n0 uintptr, gcw *gcWork) {}
