// This file contains tests for the atomiccnt checker: a file with no
// imports gets an import declaration.

package fiximport

func (s *Stats) Count() int64 {
	return s.N // want `non-atomic read of Stats.N`
}

func (s *Stats) Reset() {
	s.N = 0 // want `non-atomic write to Stats.N`
}
