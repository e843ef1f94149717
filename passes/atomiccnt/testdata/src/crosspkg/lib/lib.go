// This file contains tests for the atomiccnt checker: a library that
// accesses its exported fields and variables atomically.

package lib

import "sync/atomic"

type Stats struct {
	N       int64 // want N:"atomicwrite atomic.AddInt64@lib.go:16"
	Dropped int64
}

var Counter uint64 // want Counter:"atomicload atomic.LoadUint64@lib.go:19"

func (s *Stats) Inc() { // want Inc:"confines 0"
	atomic.AddInt64(&s.N, 1)
}

func Count() uint64 { return atomic.LoadUint64(&Counter) }

// NewStats returns a new, unshared Stats.
func NewStats() *Stats { return &Stats{} } // want NewStats:"fresh"

var all []*Stats

// Register keeps s where every goroutine can reach it.
func (s *Stats) Register() { all = append(all, s) }
