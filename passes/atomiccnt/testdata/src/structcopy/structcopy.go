// This file contains tests for the atomiccnt checker: copies of whole
// struct values read and write every field.

package structcopy

import (
	"sync"
	"sync/atomic"
)

type counters struct {
	hits   uint64
	misses uint64
	label  string
}

type cache struct {
	mu    sync.Mutex
	stats counters
	slots [4]uint32
}

func (c *cache) hit() { atomic.AddUint64(&c.stats.hits, 1) }

func (c *cache) claim(i int) bool { return atomic.CompareAndSwapUint32(&c.slots[i], 0, 1) }

func (c *cache) snapshot() counters {
	return c.stats // want `copy of counters reads counters.hits non-atomically, which is written atomically \(atomic.AddUint64 at structcopy.go:\d+\)`
}

func (c *cache) reset() {
	c.stats = counters{} // want `assignment to a whole counters writes counters.hits non-atomically, which is accessed atomically`
}

func (c *cache) slotsCopy() [4]uint32 {
	return c.slots // want `non-atomic read of the elements of cache.slots`
}

// nope: copying a whole cache copies its mutex, which go vet's
// copylocks reports; the atomics inside are the cache's own business.
func (c *cache) clone() *cache {
	d := *c
	return &d
}

// A struct without a lock, holding both kinds of atomic locations.
type window struct {
	stats counters
	slots [4]uint32
}

func (w *window) claim(i int) bool { return atomic.CompareAndSwapUint32(&w.slots[i], 0, 1) }

func (w *window) count() { atomic.AddUint64(&w.stats.hits, 1) }

func (w *window) snapshot() window {
	return *w // want `copy of window reads counters.hits \(and 1 more field\) non-atomically, which is written atomically \(atomic.AddUint64 at structcopy.go:\d+\)`
}

// A value receiver called through a pointer copies the struct.
func (s counters) total() uint64 { return s.hits + s.misses }

func (c *cache) total() uint64 {
	return c.stats.total() // want `copy of counters reads counters.hits non-atomically`
}

type plain struct{ a, b int }

type holder struct {
	p plain
	n int32
}

// nope: plain has no atomically accessed field.
func (h *holder) get() plain { return h.p }

// nope: a fresh, unpublished struct.
func fresh() counters {
	c := new(cache)
	return c.stats
}

// nope: the copy holds mu, and so does every atomic write... here none
// does, so the copy is still reported.
func (c *cache) lockedSnapshot() counters {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats // want `copy of counters reads counters.hits`
}

// A range loop copies each element into its value variable.
type shard struct {
	hits uint64
	name string
}

type table struct{ shards []shard }

func (t *table) hit(i int) { atomic.AddUint64(&t.shards[i].hits, 1) }

func (t *table) sum() (n uint64) {
	for _, s := range t.shards { // want `copy of shard reads shard.hits non-atomically`
		n += s.hits
	}
	// nope: the index alone copies nothing.
	for i := range t.shards {
		_ = t.shards[i].name
	}
	return n
}

// nope: counters in a slice are not the ones a cache holds, which are
// the only ones accessed atomically.
func sumHits(all []counters) (n uint64) {
	for _, s := range all {
		n += s.hits
	}
	return n
}
