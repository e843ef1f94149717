// This file contains tests for the atomiccnt checker: a local variable
// named atomic would shadow the import, so the fix imports sync/atomic
// under a name that is free.

package fiximport

import (
	"math/bits"
)

func (s *Stats) Describe(atomic bool) int { // want Describe:"confines 0"
	if atomic {
		return bits.OnesCount(uint(s.N)) // want `non-atomic read of Stats.N`
	}
	return 0
}
