// This file contains tests for the atomiccnt checker: the import goes
// into the group of standard-library imports, sorted, as goimports
// keeps them, not after the third-party group.

package fiximport

import (
	"math/bits"
	"strconv"

	"example.com/dep"
)

func (s *Stats) Grouped() string { // want Grouped:"confines 0"
	return strconv.Itoa(bits.Len64(uint64(dep.Use(s.N)))) // want `non-atomic read of Stats.N`
}
