// This file contains tests for the atomiccnt checker: accesses ordered
// by a common lock do not race.

package locks

import (
	"sync"
	"sync/atomic"
)

// Counter is updated atomically by writers that hold mu; some readers
// hold mu too, others do not.
type Counter struct {
	mu sync.Mutex
	n  int64 // want n:"atomicwrite atomic.AddInt64@locks.go:20 holding locks.Counter.UF0"
}

func (c *Counter) Inc() {
	c.mu.Lock()
	atomic.AddInt64(&c.n, 1)
	c.mu.Unlock()
}

func (c *Counter) LockedRead() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n // nope: every atomic write holds mu, and so does this read
}

func (c *Counter) UnlockedRead() int64 {
	c.mu.Lock()
	c.mu.Unlock()
	return c.n // want `non-atomic read of Counter.n, which is written atomically`
}

func (c *Counter) MaybeLocked(lock bool) int64 {
	if lock {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.n // want `non-atomic read of Counter.n`
}

// The canonical shape: writers hold the lock, an atomic reader does
// not, so the writes still race with the reader.
type Queue struct {
	mu  sync.Mutex
	cnt uint32 // want cnt:"atomicload atomic.LoadUint32@locks.go:57"
}

func (q *Queue) Push() {
	q.mu.Lock()
	q.cnt++ // want `non-atomic increment of Queue.cnt, which is accessed atomically`
	q.mu.Unlock()
}

func (q *Queue) Len() uint32 { return atomic.LoadUint32(&q.cnt) }

// When every access holds the lock, the atomics are merely redundant.
type Redundant struct {
	mu sync.Mutex
	v  uint32 // want v:"atomicload atomic.LoadUint32@locks.go:74 holding locks.Redundant.UF0"
}

func (r *Redundant) Set(v uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.v = v // nope: every atomic access holds mu too
}

func (r *Redundant) Get() uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return atomic.LoadUint32(&r.v)
}

// Read locks exclude writers that hold the lock exclusively, but not
// one another.
type Table struct {
	mu      sync.RWMutex
	version uint64 // want version:"atomicwrite atomic.AddUint64@locks.go:87 holding locks.Table.UF0"
	hits    uint64 // want hits:"atomicwrite atomic.AddUint64@locks.go:99"
}

func (t *Table) Bump() {
	t.mu.Lock()
	atomic.AddUint64(&t.version, 1)
	t.mu.Unlock()
}

func (t *Table) Version() uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.version // nope: the writer holds mu exclusively
}

func (t *Table) Hit() {
	t.mu.RLock()
	atomic.AddUint64(&t.hits, 1) // concurrent with other readers
	t.mu.RUnlock()
}

func (t *Table) Hits() uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.hits // want `non-atomic read of Table.hits`
}

// Helpers that take the lock, and functions only called with it held.
type Pool struct {
	sync.Mutex       // embedded: p.Lock() locks the field Mutex
	free       int32 // want free:"atomicwrite atomic.AddInt32@locks.go:120 holding locks.Pool.UF0"
}

func (p *Pool) lock()   { p.Lock() }
func (p *Pool) unlock() { p.Unlock() }

func (p *Pool) Put() {
	p.lock()
	atomic.AddInt32(&p.free, 1)
	p.unlock()
}

func (p *Pool) Get() int32 {
	p.lock()
	defer p.unlock()
	return p.freeLocked()
}

// freeLocked is called only with the lock held.
func (p *Pool) freeLocked() int32 {
	return p.free // nope: every caller holds Pool.Mutex
}

// FreeLocked is exported, so callers outside the package may not hold
// the lock.
func (p *Pool) FreeLocked() int32 {
	return p.free // want `non-atomic read of Pool.free`
}

// A package-level lock.
var (
	mu    sync.Mutex
	total int64
)

func Add(n int64) {
	mu.Lock()
	atomic.AddInt64(&total, n)
	mu.Unlock()
}

func Total() int64 {
	mu.Lock()
	defer mu.Unlock()
	return total // nope: every atomic write holds mu
}

func TotalRacy() int64 {
	return total // want `non-atomic read of total`
}

// A lock reached through a pointer field is named by that field: Cache's
// writers hold *mu exclusively, Snapshot holds it shared.
type Cache struct {
	mu    *sync.RWMutex
	stats *cacheStats
}

type cacheStats struct {
	hits, size int64
}

func (c *Cache) Add() {
	c.mu.Lock()
	defer c.mu.Unlock()
	atomic.AddInt64(&c.stats.size, 1)
}

func (c *Cache) Hit() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	atomic.AddInt64(&c.stats.hits, 1) // only shared: other readers add too
}

func (c *Cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.size = 0 // nope: every atomic access holds *mu, and this write holds it exclusively
	c.stats.hits = 0 // nope: Hit holds *mu shared, and this write exclusively
}

func (c *Cache) Snapshot() (hits, size int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.stats.hits, c.stats.size // want `non-atomic read of cacheStats.hits`
}

// A write under a read lock races with the other holders of the read
// lock, which run the same write at once; a lock held exclusively
// besides orders them.
type Index struct {
	mu     sync.RWMutex
	statMu sync.Mutex
	hits   int64 // want hits:"atomicwrite atomic.AddInt64@locks.go:224 holding locks.Index.UF0"
	misses int64 // want misses:"atomicwrite atomic.AddInt64@locks.go:225 holding locks.Index.UF0"
}

func (x *Index) Get(ok bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if ok {
		x.hits++ // want `non-atomic increment of Index.hits, which is accessed atomically \(atomic.AddInt64 at locks.go:\d+\), holding Index.mu only for reading: other holders may write at once`
		return
	}
	x.statMu.Lock()
	x.misses++ // nope: statMu, held exclusively, orders the readers' writes, and mu orders them with Delete's
	x.statMu.Unlock()
}

func (x *Index) Delete() {
	x.mu.Lock()
	defer x.mu.Unlock()
	atomic.AddInt64(&x.hits, -1)
	atomic.AddInt64(&x.misses, 1)
}
