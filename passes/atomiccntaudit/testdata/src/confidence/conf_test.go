// This file contains tests for atomiccntaudit: it reports the low tier,
// such as a report in a test file.

package confidence

import "testing"

func TestHits(t *testing.T) {
	var s Stats
	go s.Hit()
	if s.hits > 1 { // want `non-atomic read of Stats.hits, which is written atomically \(atomic.AddInt64 at conf.go:10\) \(low confidence: the plain access is in a test file\)$`
		t.Fatal("too many")
	}
}
