// This file contains tests for the confidence tiers: a report in a
// package's own code is high.

package confidence

import "sync/atomic"

type Stats struct{ hits int64 }

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

func (s *Stats) Hits() int64 {
	return s.hits // nope: high, which atomiccnt reports
}
