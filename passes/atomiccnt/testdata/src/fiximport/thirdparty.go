// This file contains tests for the atomiccnt checker: a file that
// imports only third-party packages gets a standard-library group
// before them, in a block or from a single import.

package fiximport

import (
	"example.com/dep"
)

func (s *Stats) Third() int64 { // want Third:"confines 0"
	return dep.Use(s.N) // want `non-atomic read of Stats.N`
}
