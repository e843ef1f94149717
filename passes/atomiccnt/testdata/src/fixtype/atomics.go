// This file contains tests for the atomiccnt checker: a file whose only
// use of sync/atomic is rewritten by the type fix loses the import.

package fixtype

import "sync/atomic"

func (c *counter) inc() int64 {
	return atomic.AddInt64(&c.hits, 1)
}
