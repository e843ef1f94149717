// This file contains tests for the atomiccnt checker: sealed
// containers, whose address their package never lets out, so that no
// pointer reaches them.

package pool

import "sync/atomic"

// Stats is both the pool's live counters and the snapshots it returns.
type Stats struct {
	Hits   uint32 // want Hits:"atomicload atomic.LoadUint32@pool.go:39 in sealed/pool.Pool.UF0 \\(sealed\\); atomicwrite atomic.AddUint32@pool.go:33 in sealed/pool.Pool.UF0 \\(sealed\\); atomicwrite atomic.AddUint32@pool.go:34 in sealed/pool.Pool.UF1 \\(sealed\\)"
	Misses uint32 // want Misses:"atomicload atomic.LoadUint32@pool.go:40 in sealed/pool.Pool.UF0 \\(sealed\\); atomicwrite atomic.AddUint32@pool.go:29"
}

// Pool counts in a Stats it holds by value. Its methods select the
// counters within it and never let &p.stats out.
type Pool struct {
	stats  Stats
	shards [4]Stats
}

// Leaky lets a pointer to its stats out, through a method with a
// pointer receiver that other Stats are passed to as well.
type Leaky struct {
	stats Stats
}

func (s *Stats) miss() {
	atomic.AddUint32(&s.Misses, 1)
}

func (p *Pool) Get() { // want Get:"confines 0"
	atomic.AddUint32(&p.stats.Hits, 1)
	atomic.AddUint32(&p.shards[1].Hits, 1)
}

func (p *Pool) Stats() *Stats { // want Stats:"fresh"
	return &Stats{
		Hits:   atomic.LoadUint32(&p.stats.Hits),
		Misses: atomic.LoadUint32(&p.stats.Misses),
	}
}

// Reset stores a whole value to the sealed container: that copies, but
// lets no pointer out.
func (p *Pool) Reset() { // want Reset:"confines 0"
	p.stats = Stats{} // want `assignment to a whole Stats writes Stats.Hits \(and 1 more field\) non-atomically`
}

func (l *Leaky) Miss() { // want Miss:"confines 0"
	l.stats.miss()
}

func missAll(ss []Stats) {
	for i := range ss {
		ss[i].miss()
	}
}

// Snapshots are other memory than the sealed container.
func Sum(ps []*Pool) (total Stats) {
	for _, p := range ps {
		s := p.Stats()
		total.Hits += s.Hits // nope: total is a local variable, s a snapshot
		total.Misses += s.Misses
	}
	return total
}

// The shards' array is sealed too: no slice is made over it.
func shardHits(s []Stats) uint32 {
	return s[1].Hits // nope: no slice is made over Pool.shards
}

// A pointer may still reach a container that lets its address out.
func misses(s *Stats) uint32 {
	return s.Misses // want `non-atomic read of Stats.Misses, which is written atomically`
}

// And the sealed container's own plain accesses are reported.
func (p *Pool) hits() uint32 {
	return p.stats.Hits // want `non-atomic read of Stats.Hits, which is written atomically`
}

// Cache keeps its counters in an object that only its field points to.
type Cache struct {
	counts *Counts
}

// Counts is both the cache's live counters and the snapshots it returns.
type Counts struct {
	N uint32 // want N:"atomicload atomic.LoadUint32@pool.go:111 in sealed/pool.Cache.UF0 \\(sealed\\); atomicwrite atomic.AddUint32@pool.go:101 in sealed/pool.Cache.UF0 \\(sealed\\)"
}

func NewCache() *Cache { // want NewCache:"fresh"
	return &Cache{counts: &Counts{}}
}

func (c *Cache) Hit() {
	if c.counts != nil {
		atomic.AddUint32(&c.counts.N, 1)
	}
}

func (c *Cache) Reset() {
	c.counts = nil
	c.counts = new(Counts)
}

func (c *Cache) Counts() *Counts { // want Counts:"fresh"
	return &Counts{N: atomic.LoadUint32(&c.counts.N)}
}

// Total reads a snapshot: the live counters are reached only through
// Cache.counts.
func (k *Counts) Total() uint32 { // want Total:"confines 0"
	return k.N // nope: Cache.counts is sealed
}

// The counters' allocation reaches the object too: a plain write
// through it after the cache is published races with Hit.
func NewCacheRacy() *Cache {
	k := &Counts{}
	c := &Cache{counts: k}
	go c.Hit()
	k.N = 1 // want `non-atomic write to Counts.N, which is accessed atomically`
	return c
}

// Gauges is both a lender's live counters and its snapshots.
type Gauges struct {
	Up uint32 // want Up:"atomicload atomic.LoadUint32@pool.go:146 in sealed/pool.Lender.UF0 \\(sealed\\); atomicwrite atomic.AddUint32@pool.go:142 in sealed/pool.Lender.UF0 \\(sealed\\)"
}

// Lender lends its gauges to a method with a pointer receiver that only
// it calls: the method's accesses are to Lender.gauges, which stays
// sealed.
type Lender struct {
	gauges Gauges
}

func (g *Gauges) up() { atomic.AddUint32(&g.Up, 1) }

func (l *Lender) Up() { l.gauges.up() } // want Up:"confines 0"

func (l *Lender) Gauges() Gauges { return Gauges{Up: atomic.LoadUint32(&l.gauges.Up)} } // want Gauges:"confines 0"

// The lender's own plain accesses meet the lent method's atomic ones.
func (l *Lender) clear() {
	l.gauges.Up = 0 // want `non-atomic write to Gauges.Up, which is accessed atomically \(atomic.AddUint32 at pool.go:142\)`
}

// Snapshots are other memory.
func sumUp(gs []Gauges) (n uint32) {
	for _, g := range gs {
		n += g.Up // nope: Lender.gauges is sealed
	}
	return n
}
