// This file contains tests for the atomiccnt checker: calls to another
// package's wrapper are atomic accesses.

package wrapuser

import "crosspkg/wraplib"

type meter struct {
	n int64
}

func (m *meter) mark() { wraplib.Add(&m.n, 1) }

func (m *meter) count() int64 {
	return m.n // want `non-atomic read of meter.n, which is written atomically \(wraplib.Add \(atomic.AddInt64\) at wrapuser.go:12\)`
}
