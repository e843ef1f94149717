// This file contains tests for the confidence tiers: a report in a
// package's own code is high.

package confidence

import "sync/atomic"

type Stats struct{ hits int64 } // want hits:"atomicwrite atomic.AddInt64@conf.go:10"

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *Stats) Hits() int64 {
	return s.hits // want `non-atomic read of Stats.hits, which is written atomically \(atomic.AddInt64 at conf.go:10\)$`
}
