// This file contains tests for the atomiccnt checker: an import of
// sync/atomic under another name is used under that name.

package fiximport

import (
	"math/bits"
	satomic "sync/atomic"
)

func (s *Stats) Add(n int64) { // want Add:"confines 0"
	satomic.AddInt64(&s.N, n)
	s.N -= n // want `non-atomic update \(-=\) of Stats.N`
	_ = bits.UintSize
}
