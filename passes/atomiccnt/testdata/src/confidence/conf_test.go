// This file contains tests for the confidence tiers: a report in a
// test file is low, and the analyzer leaves it to -confidence=low and
// to atomiccntaudit.

package confidence

import "testing"

func TestHits(t *testing.T) {
	var s Stats
	go s.Hit()
	if s.hits > 1 { // nope: low (a test file), not reported by default
		t.Fatal("too many")
	}
}
