// This file contains tests for the atomiccnt checker. // want package:`crosspkg/plain\.Gauge\.\w+: atomicwrite atomic\.AddInt32@atomicuser\.go:14, crosspkg/plain\.Total: atomicload atomic\.LoadUint32@atomicuser\.go:20`
//
// Atomic accesses to locations that an imported package writes plainly are reported
// here, at the atomic access, since the imported package could not know.

package atomicuser

import (
	"crosspkg/plain"
	"sync/atomic"
)

func Inc(g *plain.Gauge) { // want Inc:"confines 0"
	atomic.AddInt32(&g.V, 1) // want `atomic.AddInt32 on plain.Gauge.V, which crosspkg/plain writes non-atomically \(write at plain.go:17\)`
	atomic.AddInt32(&g.V, 1) // nope: reported once, at the first atomic access
}

func Load() uint32 {
	//atomiccnt:ignore the increments in plain happen before any goroutine starts
	return atomic.LoadUint32(&plain.Total)
}

func Swap() uint32 {
	return atomic.SwapUint32(&plain.Total, 0) // want `atomic.SwapUint32 on plain.Total, which crosspkg/plain writes non-atomically \(increment at plain.go:22\)`
}
