package baseline

import "sync/atomic"

type T struct{ n, m, k int64 } // want n:"atomicwrite atomic.AddInt64@baseline.go:8" m:"atomicwrite atomic.AddInt64@baseline.go:9" k:"atomicwrite atomic.AddInt64@baseline.go:10"

func (t *T) add() {
	atomic.AddInt64(&t.n, 1)
	atomic.AddInt64(&t.m, 1)
	atomic.AddInt64(&t.k, 1)
}

// The baseline accepts both reads.
func (t *T) read() int64 {
	return t.n +
		t.n
}

// The baseline accepts one read, and there are two: both are reported.
func (t *T) sum() int64 {
	return t.m + t.m // want `non-atomic read of T.m, which is written atomically \(atomic.AddInt64 at baseline.go:9\) \(the baseline accepts 1 such report in \(\*T\).sum, and there are more\)` `non-atomic read of T.m, .* \(the baseline accepts 1 such report in \(\*T\).sum, and there are more\)`
}

// The baseline has no entry for this one.
func (t *T) get() int64 {
	return t.k // want `non-atomic read of T.k, which is written atomically \(atomic.AddInt64 at baseline.go:10\)$`
}

// The baseline accepts two reads, and one remains: it is accepted, and
// the entry reported.
func (t *T) once() int64 {
	return t.k
}
