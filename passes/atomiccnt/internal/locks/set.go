package locks

import "math/bits"

// A bitset is a set of small integers: indexes into a lock universe.
type bitset []uint64

func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

func (b bitset) set(i int)   { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i int) { b[i/64] &^= 1 << (i % 64) }

func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

func (b bitset) equal(c bitset) bool {
	for i := range b {
		if b[i] != c[i] {
			return false
		}
	}
	return true
}

// each calls f for each member, in increasing order.
func (b bitset) each(f func(int)) {
	for i, w := range b {
		for w != 0 {
			j := bits.TrailingZeros64(w)
			f(i*64 + j)
			w &^= 1 << j
		}
	}
}

// A Set is a set of locks held, each either exclusively (Lock) or
// shared (RLock). A lock is in at most one of the two sets.
type Set struct {
	excl, shared bitset
}

func newLockset(n int) Set {
	w := (n + 63) / 64
	words := make([]uint64, 2*w)
	return Set{excl: words[:w:w], shared: words[w:]}
}

func (s Set) Clone() Set {
	t := newLockset(len(s.excl) * 64)
	copy(t.excl, s.excl)
	copy(t.shared, s.shared)
	return t
}

// fill makes s the set of every lock in a universe of n, held
// exclusively: the top of the must-hold lattice.
func (s Set) fill(n int) {
	for i := range n {
		s.excl.set(i)
	}
}

// Meet intersects s with t in place: a lock is held after a join point
// only if it is held on every incoming path, and held exclusively only
// if exclusively on every path. It reports whether s changed.
func (s Set) Meet(t Set) (changed bool) {
	for i := range s.excl {
		held := (s.excl[i] | s.shared[i]) & (t.excl[i] | t.shared[i])
		excl := s.excl[i] & t.excl[i]
		shared := held &^ excl
		if excl != s.excl[i] || shared != s.shared[i] {
			changed = true
		}
		s.excl[i] = excl
		s.shared[i] = shared
	}
	return changed
}

func (s Set) equal(t Set) bool { return s.excl.equal(t.excl) && s.shared.equal(t.shared) }

func (s Set) IsEmpty() bool { return s.excl.empty() && s.shared.empty() }

// protects reports whether s and t exclude each other: some lock is
// held by both, and exclusively by at least one. The pseudo-locks do
// not count: the world is not a lock two accesses share but a phase in
// which one runs alone, and joining orders only with the goroutines
// joined.
func (s Set) protects(t Set) bool {
	for i := range s.excl {
		mask := ^uint64(0)
		if i == 0 {
			mask = ^uint64(1<<pseudoLocks - 1)
		}
		if (s.excl[i]&(t.excl[i]|t.shared[i])|s.shared[i]&t.excl[i])&mask != 0 {
			return true
		}
	}
	return false
}

// apply updates s for a call with the given effect: releases first,
// then acquisitions.
func (s Set) apply(e effect) {
	s.remove(e.rel)
	for i := range s.excl {
		s.excl[i] |= e.acq.excl[i]
		s.shared[i] |= e.acq.shared[i] &^ s.excl[i]
	}
}

// release removes lock i from s, in either mode.
func (s Set) release(i int) {
	s.excl.clear(i)
	s.shared.clear(i)
}

// remove removes from s every lock that t holds, in either mode.
func (s Set) remove(t Set) {
	for i := range s.excl {
		s.excl[i] &^= t.excl[i] | t.shared[i]
		s.shared[i] &^= t.excl[i] | t.shared[i]
	}
}

// add adds all of t's locks to s.
func (s Set) add(t Set) {
	for i := range s.excl {
		s.excl[i] |= t.excl[i]
		s.shared[i] = (s.shared[i] | t.shared[i]) &^ s.excl[i]
	}
}

// An effect is what a call does to the locks held: the locks it
// releases and the locks it acquires and still holds on return.
type effect struct {
	acq, rel Set
}

// World reports whether s holds the world: the access runs in an
// exclusive phase, with no other goroutine of the package.
func (s Set) World() bool { return s.excl.has(0) }

// Joined reports whether s holds the joined pseudo-lock: the function
// has waited for the goroutines it started.
func (s Set) Joined() bool { return s.excl.has(1) }

// Known reports whether s was computed: it is the zero Set at an
// instruction the flow never reaches.
func (s Set) Known() bool { return s.excl != nil }
