// This file contains tests for the atomiccnt checker: the type fix,
// which changes an unexported field to a typed atomic and rewrites
// every access in the package's files. Here: the declaration and the
// atomic accesses, which become methods.

package fixtype

import "sync/atomic"

type counter struct {
	hits  int64
	name  string
	limit int64
}

func (c *counter) load() int64 {
	return atomic.LoadInt64(&c.hits)
}

func (c *counter) swap(old, new int64) bool {
	return atomic.CompareAndSwapInt64(&c.hits, old, new)
}

func (c *counter) unlimit() int64 {
	return atomic.SwapInt64(&c.limit, 0)
}

func newCounter(name string) *counter {
	return &counter{name: name}
}
