// This file contains tests for the atomiccnt checker's pre-scan.
//
// The typed atomics' methods share their names with the runtime's
// atomic functions (Load, Store), but they are not the atomic API:
// a package that uses only typed atomics needs no SSA analysis.

package prescantyped

import "runtime/internal/atomic"

type gate struct {
	open atomic.Uint32
	n    uint32
}

func (g *gate) enter() bool {
	if g.open.Load() == 0 {
		return false
	}
	g.n++
	return true
}

func (g *gate) set() { g.open.Store(1) }
