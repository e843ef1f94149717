// Package lib returns pointers into a container to another package.
package lib

import "sync/atomic"

type Counts struct{ N, M int64 } // want M:"atomicwrite atomic.AddInt64@lib.go:18 in resultcontainer/lib.Stats.UF0"

type Stats struct {
	live [2]Counts
}

// Live returns a pointer into Stats.live: facts say so to importers.
func (s *Stats) Live(i int) *Counts { // want Live:"into resultcontainer/lib.Stats.UF0"
	return &s.live[i%2]
}

func (s *Stats) AddM(i int) { // want AddM:"confines 0"
	atomic.AddInt64(&s.live[i%2].M, 1)
}
