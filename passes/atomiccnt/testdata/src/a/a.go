// This file contains tests for the atomiccnt checker: the user-space
// form of the bug, a counter that workers update atomically and that a
// getter reads and a reset writes plainly.

package a

import "sync/atomic"

type Stats struct {
	n       int64 // want n:"atomicwrite atomic.AddInt64@a.go:16"
	dropped int64
	name    string
}

func (s *Stats) Inc() {
	atomic.AddInt64(&s.n, 1)
}

func (s *Stats) Count() int64 {
	return s.n // want `non-atomic read of Stats.n, which is written atomically \(atomic.AddInt64 at a.go:16\)`
}

func (s *Stats) Reset() {
	s.n = 0 // want `non-atomic write to Stats.n, which is accessed atomically \(atomic.AddInt64 at a.go:16\)`
}

func (s *Stats) Bump(d int64) {
	s.n += d // want `non-atomic update \(\+=\) of Stats.n`
	s.n--    // want `non-atomic decrement of Stats.n`
}

// Workers are goroutines, and their accesses count where the closure is.
func (s *Stats) Workers() {
	for range 4 {
		go func() {
			atomic.AddInt64(&s.n, 1)
			s.n++ // want `non-atomic increment of Stats.n`
		}()
	}
}

// Method values call the method; the access is in Inc.
func (s *Stats) Later() func() { return s.Inc }

// nope: dropped is only ever accessed plainly; there is nothing to mix.
func (s *Stats) Drop() int64 {
	s.dropped++
	return s.dropped
}

// nope: name is a different field of the same struct.
func (s *Stats) Name() string { return s.name }

// Reading a field of the snapshot reads the local copy, not shared
// memory; but making the copy reads every field of *s.
func (s *Stats) Snapshot() int64 {
	snap := *s    // want `copy of Stats reads Stats.n non-atomically, which is written atomically \(atomic.AddInt64 at a.go:16\)`
	return snap.n // nope: the local copy
}

// nope: a struct value returned by a call is a copy too.
func load() Stats { return Stats{} }

func useLoad() int64 { return load().n }

// Other has a field with the same name, which is a different location.
type Other struct {
	n int64
}

// nope: Other.n is not Stats.n.
func (o *Other) Set() { o.n = 1 }

// Only atomic accesses: nothing to report.
type Gauge struct {
	v uint32 // want v:"atomicload atomic.LoadUint32@a.go:83; atomicwrite atomic.StoreUint32@a.go:80"
}

// nope: every access to Gauge.v is atomic.
func (g *Gauge) Set(v uint32) { atomic.StoreUint32(&g.v, v) }

// nope: every access to Gauge.v is atomic.
func (g *Gauge) Get() uint32 { return atomic.LoadUint32(&g.v) }

// Typed atomics are safe by construction.
type Typed struct {
	hits atomic.Int64
	ptr  atomic.Pointer[Stats]
}

// nope: methods of typed atomics are not plain accesses.
func (t *Typed) Hit() int64 {
	t.hits.Add(1)
	t.ptr.Store(nil)
	return t.hits.Load()
}
