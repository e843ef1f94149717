package counter

import "testing"

func TestInc(t *testing.T) {
	var c Counter
	c.Inc()
}
