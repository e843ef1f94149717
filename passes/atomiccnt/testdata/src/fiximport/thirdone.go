// This file contains tests for the atomiccnt checker: a single
// third-party import becomes a block with the standard library first.

package fiximport

import "example.com/dep"

func (s *Stats) ThirdOne() int64 { // want ThirdOne:"confines 0"
	return dep.Use(s.N) + 1 // want `non-atomic read of Stats.N`
}
