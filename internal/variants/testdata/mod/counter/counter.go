// Package counter counts atomically. Its tests import reader, so
// reader has a variant compiled against counter's test variant, whose
// input is the same as reader's own.
package counter

import "sync/atomic"

type Counter struct{ N int32 }

func (c *Counter) Inc() { atomic.AddInt32(&c.N, 1) }
