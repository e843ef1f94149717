// Package user adds through another package's pointer into a container. // want package:`resultcontainer/lib\.Counts\.UF0: atomicwrite atomic\.AddInt64@user\.go:11 in resultcontainer/lib\.Stats\.UF0`
package user

import (
	"sync/atomic"

	"resultcontainer/lib"
)

func Add(s *lib.Stats) { // want Add:"confines 0"
	atomic.AddInt64(&s.Live(0).N, 1)
}

// A snapshot holds counts of its own.
type Snapshot struct {
	lib.Counts
	Total int64 // want Total:"write write@user.go:21"
}

func (a *Snapshot) Sum() { // want Sum:"confines 0"
	a.Total = a.N
}

// Through a pointer, the counts may be the live ones.
func Peek(c *lib.Counts) int64 { // want Peek:"confines 0"
	return c.N // want `non-atomic read of lib.Counts.N, which is written atomically \(atomic.AddInt64 at user.go:11\)`
}
