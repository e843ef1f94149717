// This file contains tests for the atomiccnt checker: a file with no
// imports gets an import declaration.

package fiximport

func (s *Stats) Count() int64 { // want Count:"confines 0"
	return s.N // want `non-atomic read of Stats.N`
}

func (s *Stats) Reset() { // want Reset:"confines 0"
	s.N = 0 // want `non-atomic write to Stats.N`
}
