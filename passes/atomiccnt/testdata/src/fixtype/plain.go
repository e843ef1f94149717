// This file contains tests for the atomiccnt checker: the plain
// accesses that both fixes rewrite.

package fixtype

func (c *counter) reads(d *counter) (int64, bool) {
	if c.hits > 10 { // want `non-atomic read of counter.hits`
		return c.hits * 2, true // want `non-atomic read of counter.hits`
	}
	return c.hits + d.hits, false // want `non-atomic read of counter.hits` `non-atomic read of counter.hits`
}

func (c *counter) writes(n int64) {
	c.hits++            // want `non-atomic increment of counter.hits`
	c.hits--            // want `non-atomic decrement of counter.hits`
	c.hits += n         // want `non-atomic update \(\+=\) of counter.hits`
	c.hits -= n         // want `non-atomic update \(-=\) of counter.hits`
	c.hits -= 4         // want `non-atomic update \(-=\) of counter.hits`
	c.hits = 0          // want `non-atomic write to counter.hits`
	c.hits = c.hits + n // want `non-atomic write to counter.hits`
	c.hits = n + c.hits // want `non-atomic write to counter.hits`
	c.hits |= 1         // want `non-atomic update \(\|=\) of counter.hits`
}

// A write whose value reads the location in another way: the call fix
// has nothing for it, the type fix loads then stores.
func (c *counter) double() {
	c.hits = c.hits * 2 // want `; no atomic call fits \(no atomic operation does x = x \* y\), so the fix changes the type`
}

// A read and a later write stay two accesses.
func (c *counter) twoStatements() {
	v := c.hits    // want `non-atomic read of counter.hits`
	c.hits = v + 1 // want `non-atomic write to counter.hits`
}
