// This file contains tests for the atomiccnt checker: the call fix on
// the reports of the concurrent rule. Fixing a write makes the
// concurrent reads atomic too, as fixing the read makes the read
// atomic; the fixes agree, and the fixed code is clean. The fields are
// exported, so only the call fix applies.

package fixconcurrent

type Stats struct {
	Requests int64  // want Requests:"concurrentread fixconcurrent.Stats.scrape@fixconcurrent.go:24"
	Bytes    uint64 // want Bytes:"concurrentread fixconcurrent.Stats.scrape@fixconcurrent.go:24"
	Pending  int32  // want Pending:"concurrentread fixconcurrent.Stats.scrape@fixconcurrent.go:24"
}

func (s *Stats) add(n uint64) {
	s.Requests++              // want `non-atomic increment of Stats.Requests, which is read concurrently by Stats.scrape`
	s.Bytes += n              // want `non-atomic update \(\+=\) of Stats.Bytes, which is read concurrently by Stats.scrape`
	s.Pending = s.Pending - 1 // want `non-atomic write to Stats.Pending, which is read concurrently by Stats.scrape`
}

//atomiccnt:concurrent called by the metrics exporter's goroutine
func (s *Stats) scrape() (int64, uint64, int32) {
	// want +1 `non-atomic read of Stats.Requests by Stats.scrape` `non-atomic read of Stats.Bytes by Stats.scrape` `non-atomic read of Stats.Pending by Stats.scrape`
	return s.Requests, s.Bytes, s.Pending
}
