// This file contains tests for the atomiccnt checker's pre-scan.
//
// A call of the runtime's atomic function Load does need the SSA
// analysis.

package prescanfunc

import "runtime/internal/atomic"

type gate struct {
	n uint32
}

func (g *gate) count() uint32 { return atomic.Load(&g.n) }

func (g *gate) reset() {
	g.n = 0 // want `non-atomic write to gate.n, which is accessed atomically \(atomic.Load at prescanfunc.go:14\)`
}
