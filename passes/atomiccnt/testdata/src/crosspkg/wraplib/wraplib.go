// This file contains tests for the atomiccnt checker: an exported
// wrapper, whose fact lets importers see its calls as atomic accesses.

package wraplib

import "sync/atomic"

// Add adds d to *p atomically.
func Add(p *int64, d int64) { atomic.AddInt64(p, d) } // want Add:"param 0: atomicwrite atomic.AddInt64"
