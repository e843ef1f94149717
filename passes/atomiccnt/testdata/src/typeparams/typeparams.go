// This file contains tests for the atomiccnt checker: fields of generic
// types are one location across all instantiations.

package typeparams

import "sync/atomic"

type Box[T any] struct {
	hits  int64 // want hits:"atomicwrite atomic.AddInt64@typeparams.go:14"
	value T
}

func (b *Box[T]) Get() T {
	atomic.AddInt64(&b.hits, 1)
	return b.value
}

func (b *Box[T]) Hits() int64 {
	return b.hits // want `non-atomic read of Box.hits, which is written atomically \(atomic.AddInt64 at typeparams.go:14\)`
}

// An instantiation's field is the generic field.
func ResetInts(b *Box[int]) {
	b.hits = 0 // want `non-atomic write to Box.hits`
}

func ResetAny[T any](b *Box[T]) {
	b.hits = 0 // want `non-atomic write to Box.hits`
}

type Pair[K comparable, V any] struct {
	k K
	v V
	n uint32
}

// nope: Pair.n is only accessed plainly.
func (p *Pair[K, V]) Touch() { p.n++ }
