// This file contains tests for the atomiccnt checker's pre-scan: a
// library with a struct whose field it updates atomically.

package lib

import "sync/atomic"

type Stats struct {
	N       int64 // want N:"atomicwrite atomic.AddInt64@lib.go:14"
	Dropped int64
}

func (s *Stats) Inc() { // want Inc:"confines 0"
	atomic.AddInt64(&s.N, 1)
}

// Sum has a value receiver: calling it copies the Stats.
func (s Stats) Sum() int64 { return s.Dropped }
