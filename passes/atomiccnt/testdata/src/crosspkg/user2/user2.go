// This file contains tests for the atomiccnt checker: a location
// declared in one package and accessed atomically in another is
// reported in a third that imports both.

package user2

import (
	"crosspkg/mid"
	"crosspkg/plain"
)

func Hits(g *plain.Gauge) int64 { // want Hits:"confines 0"
	mid.Hit(g)
	return g.Hits // want `non-atomic read of plain.Gauge.Hits, which is written atomically \(atomic.AddInt64 at crosspkg/mid/mid.go:12\)`
}
