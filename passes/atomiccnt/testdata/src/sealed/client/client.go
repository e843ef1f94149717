// This file contains tests for the atomiccnt checker: sealed containers
// of another package, known from its facts.

package client

import "sealed/pool"

// Snapshots of the pool's sealed stats are other memory.
func hits(p *pool.Pool) uint32 {
	s := p.Stats()
	return s.Hits // nope: only Pool.stats, which is sealed, is accessed atomically
}

func total(ps []*pool.Pool) (t pool.Stats) {
	for _, p := range ps {
		t.Hits += p.Stats().Hits // nope: t is a local variable
	}
	return t
}

// Misses is also written atomically through a pointer to Leaky.stats,
// which lets its address out: any pointer may reach it.
func misses(s *pool.Stats) uint32 {
	return s.Misses // want `non-atomic read of pool.Stats.Misses, which is written atomically`
}

// So are the cache's snapshots: its live counters are reached only
// through Cache.counts.
func cacheHits(c *pool.Cache) uint32 {
	return c.Counts().N // nope: Cache.counts is sealed
}
