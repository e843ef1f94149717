// This file contains tests for the atomiccnt checker: the call fix in
// files that do not import sync/atomic as this one does.

package fiximport

import "sync/atomic"

type Stats struct {
	N int64 // want N:"atomicwrite atomic.AddInt64@renamed.go:12"
}

func (s *Stats) Inc() { // want Inc:"confines 0"
	atomic.AddInt64(&s.N, 1)
}
