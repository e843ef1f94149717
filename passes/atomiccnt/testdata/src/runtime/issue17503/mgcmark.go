// This file contains tests for the atomiccnt checker: the garbage
// collector's side of golang.org/issue/17503.

package issue17503

import (
	"runtime/internal/atomic"
	"unsafe"
)

func markrootFinalizers() {
	for fb := allfin; fb != nil; fb = fb.alllink {
		cnt := uintptr(atomic.Load(&fb.cnt))
		scanblock(uintptr(unsafe.Pointer(&fb.fin[0])), cnt*unsafe.Sizeof(fb.fin[0]))
	}
}

func scanblock(b0, n0 uintptr) {}
