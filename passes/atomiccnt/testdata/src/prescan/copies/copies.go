// This file contains tests for the atomiccnt checker's pre-scan.
//
// The same uses of lib.Stats as in package inplace, and one copy of
// the whole struct, which reads lib.Stats.N plainly: the package needs
// the SSA analysis, and gets the report.

package copies

import "prescan/lib"

type server struct {
	stats lib.Stats
}

func (s *server) hit() { s.stats.Inc() }

func (s *server) dropped() int64 { return s.stats.Dropped }

func (s *server) snapshot() lib.Stats {
	return s.stats // want `copy of lib.Stats reads lib.Stats.N non-atomically, which is written atomically \(atomic.AddInt64 at prescan/lib/lib.go:14\)`
}
