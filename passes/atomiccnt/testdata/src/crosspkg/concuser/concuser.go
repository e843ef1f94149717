// This file contains tests for the atomiccnt checker. // want package:`crosspkg/conclib\.Gauge\.\w+: concurrentread concuser.monitor@concuser\.go:16`
//
// The plain accesses that race with a concurrent context of another
// package.

package concuser

import "crosspkg/conclib"

func hit(s *conclib.Stats) {
	s.Hits++ // want `non-atomic increment of conclib.Stats.Hits, which is read concurrently by conclib.Stats.Snapshot \(at crosspkg/conclib/conclib.go:16\)`
}

//atomiccnt:concurrent called by the monitor's goroutine
func monitor(g *conclib.Gauge) int64 {
	return g.Level // want `non-atomic read of conclib.Gauge.Level by monitor, which is written concurrently \(\+= at crosspkg/conclib/conclib.go:29\)`
}
