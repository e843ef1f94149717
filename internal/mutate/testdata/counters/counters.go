// Package counters is the mutation test's fixed input: atomic accesses
// of each kind the mutator turns plain, some whose plain forms
// atomiccnt reports and some it is known to miss, and calls it leaves
// alone. The comments say what the mutant of each call should become.
package counters

import "sync/atomic"

// Stats counts events on many goroutines.
type Stats struct {
	n      int64
	counts [4]int32
	ready  uint32
	state  uint32
}

// Inc: add, caught (Count loads n atomically).
func (s *Stats) Inc() { atomic.AddInt64(&s.n, 1) }

// Count: load, caught (Inc adds to n atomically).
func (s *Stats) Count() int64 { return atomic.LoadInt64(&s.n) }

// Observe: an add to an element, caught, written over two lines so
// that its plain form keeps them.
func (s *Stats) Observe(i int) {
	atomic.AddInt32(
		&s.counts[i&3], 1)
}

// Bucket: a load of an element, caught.
func (s *Stats) Bucket(i int) int32 { return atomic.LoadInt32(&s.counts[i&3]) }

// Bump reads back what it added: the load's plain form is caught, as
// Bump runs on many goroutines and another goroutine's add may fall
// between the two.
func (s *Stats) Bump() int64 {
	atomic.AddInt64(&s.n, 1)
	return atomic.LoadInt64(&s.n)
}

// A Snapshot is a copy of Stats' counter.
type Snapshot struct{ n int64 }

// Snap: a load as a composite literal's element, caught.
func (s *Stats) Snap() *Snapshot { return &Snapshot{n: atomic.LoadInt64(&s.n)} }

// SetReady: store, caught (Ready loads ready atomically).
func (s *Stats) SetReady() { atomic.StoreUint32(&s.ready, 1) }

// Ready: load, caught.
func (s *Stats) Ready() bool { return atomic.LoadUint32(&s.ready) == 1 }

// Claim: a compare-and-swap has no plain form; not mutated.
func (s *Stats) Claim() bool { return atomic.CompareAndSwapUint32(&s.ready, 0, 1) }

// Next: an add whose result is used has none either.
func (s *Stats) Next() int64 { return atomic.AddInt64(&s.n, 1) }

var hits uint64

// Hit: an add to a package-level variable, caught (Hits loads it).
func Hit() { atomic.AddUint64(&hits, 1) }

// Hits: its load, caught.
func Hits() uint64 { return atomic.LoadUint64(&hits) }

var seen int32

// See: the only atomic access to seen, which See also reads plainly:
// the mutant leaves no atomic access to conflict with, so it is not
// counted.
func See() int32 {
	atomic.StoreInt32(&seen, 1)
	return seen
}

// Toggle stores state and reads it back. The load's plain form is
// caught: Reset stores state too, without a lock, so the read may see
// its store.
func (s *Stats) Toggle() uint32 {
	atomic.StoreUint32(&s.state, 1)
	return atomic.LoadUint32(&s.state)
}

// Reset: store, caught.
func (s *Stats) Reset() { atomic.StoreUint32(&s.state, 0) }

// Copy: a load as an element of a composite literal of the same type.
func (s *Stats) Copy() *Stats { return &Stats{n: atomic.LoadInt64(&s.n)} }

// Value: a load as an element of a composite literal returned by value.
func (s *Stats) Value() Snapshot { return Snapshot{n: atomic.LoadInt64(&s.n)} }

// Fresh loads the counter of a Stats it has just made: the plain form
// cannot race, and the mutant is missed and triaged equivalent.
func Fresh() int64 {
	s := new(Stats)
	return atomic.LoadInt64(&s.n)
}
