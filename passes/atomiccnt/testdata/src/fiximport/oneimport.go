// This file contains tests for the atomiccnt checker: a file with a
// single unparenthesised import gets an import block.

package fiximport

import "math/bits"

func (s *Stats) Len() int { // want Len:"confines 0"
	return bits.Len64(uint64(s.N)) // want `non-atomic read of Stats.N`
}
