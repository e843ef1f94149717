// This file contains tests for the atomiccnt checker: a field read as
// the value of a composite literal's element is a plain read like any
// other.

package a

import "sync/atomic"

type Hits struct {
	n int64 // want n:"atomicwrite atomic.AddInt64@literal.go:18"
}

type HitsView struct {
	n int64
}

func (h *Hits) Add() {
	atomic.AddInt64(&h.n, 1)
}

func (h *Hits) Snapshot() *HitsView { // want Snapshot:"fresh"
	return &HitsView{n: h.n} // want `non-atomic read of Hits.n, which is written atomically \(atomic.AddInt64 at literal.go:18\)`
}

func (h *Hits) Value() HitsView {
	return HitsView{n: h.n} // want `non-atomic read of Hits.n, which is written atomically`
}

func (h *Hits) Clone() *Hits { // want Clone:"fresh"
	return &Hits{n: h.n} // want `non-atomic read of Hits.n, which is written atomically`
}

func (h *Hits) Pair() [2]int64 {
	return [2]int64{h.n, 0} // want `non-atomic read of Hits.n, which is written atomically`
}

// Negative: the literal reads a counter of an object the function has
// just made, which no other goroutine can reach yet.
func FreshView() *HitsView { // want FreshView:"fresh"
	h := new(Hits)
	atomic.AddInt64(&h.n, 1)
	return &HitsView{n: h.n} // nope: h is not yet shared
}
