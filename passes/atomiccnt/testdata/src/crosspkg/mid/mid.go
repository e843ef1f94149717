// This file contains tests for the atomiccnt checker. // want package:`crosspkg/plain\.Gauge\.\w+: atomicwrite atomic\.AddInt64@mid\.go:12`
//
// A package that accesses another package's field atomically exports a package fact.

package mid

import (
	"crosspkg/plain"
	"sync/atomic"
)

func Hit(g *plain.Gauge) { atomic.AddInt64(&g.Hits, 1) } // want Hit:"confines 0"
