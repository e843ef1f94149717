// This file contains tests for the atomiccnt checker: elements of
// arrays and slices held by fields and package-level variables.

package elements

import "sync/atomic"

var slots [8]uint32

func Acquire(i int) bool {
	return atomic.CompareAndSwapUint32(&slots[i], 0, 1)
}

func Release(i int) {
	slots[i] = 0 // want `non-atomic write to an element of slots, whose elements are accessed atomically \(atomic.CompareAndSwapUint32 at elements.go:11\)`
}

func Peek(i int) uint32 {
	return slots[i] // want `non-atomic read of an element of slots`
}

// Copying the whole array reads every element.
func Snapshot() [8]uint32 {
	return slots // want `non-atomic read of the elements of slots`
}

func Clear() {
	slots = [8]uint32{} // want `non-atomic write to the elements of slots`
}

type histogram struct {
	buckets [16]uint64
	counts  []int64
	grid    [4][4]uint32
}

func (h *histogram) Observe(b int) {
	atomic.AddUint64(&h.buckets[b], 1)
}

func (h *histogram) Bucket(b int) uint64 {
	return h.buckets[b] // want `non-atomic read of an element of histogram.buckets`
}

func (h *histogram) Count(i int) {
	atomic.AddInt64(&h.counts[i], 1)
	h.counts[i]++ // want `non-atomic increment of an element of histogram.counts`
}

// nope: the slice header is a different location from its elements; a
// plain write of h.counts replaces the slice, not an element.
func (h *histogram) Grow(n int) {
	h.counts = make([]int64, n)
}

// Elements of elements are elements.
func (h *histogram) Cell(i, j int) uint32 {
	atomic.AddUint32(&h.grid[i][j], 1)
	return h.grid[i][j] // want `non-atomic read of an element of histogram.grid`
}

// A range loop with a value variable reads each element: of a slice
// one at a time, of an array by copying it first.
func (h *histogram) Totals() (b uint64, c int64) {
	for _, n := range h.buckets { // want `non-atomic read of the elements of histogram.buckets, .*; no fix \(a range loop reads each element; index the elements instead\)`
		b += n
	}
	for _, n := range h.counts { // want `non-atomic read of an element of histogram.counts, .*; no fix \(a range loop reads each element; index the elements instead\)`
		c += n
	}
	return b, c
}

// nope: with the index alone, the range expression is not evaluated;
// the loop reads nothing but through its index.
func (h *histogram) Indexed() (b uint64) {
	for i := range h.buckets {
		b += atomic.LoadUint64(&h.buckets[i])
	}
	return b
}

// An array behind a pointer field is the field's elements, as a slice's
// are.
type levels struct {
	low  [4]uint32
	high *[12]uint32
}

func (l *levels) Load(i int) uint32 {
	if i < 4 {
		return atomic.LoadUint32(&l.low[i])
	}
	return atomic.LoadUint32(&l.high[i-4])
}

func (l *levels) Set(i int, v uint32) {
	l.high[i-4] = v // want `non-atomic write to an element of levels.high, whose elements are accessed atomically`
}

// nope: replacing the pointer writes the field, not the elements.
func (l *levels) Grow() {
	l.high = new([12]uint32)
}
