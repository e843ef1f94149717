// This file contains tests for the atomiccnt checker's pre-scan.
//
// Calling a method with a value receiver copies the receiver, so the
// package needs the SSA analysis.

package valuemethod

import "prescan/lib"

type server struct {
	stats lib.Stats
}

func (s *server) sum() int64 {
	return s.stats.Sum() // want `copy of lib.Stats reads lib.Stats.N non-atomically`
}

func (s *server) inc() { s.stats.Inc() }
