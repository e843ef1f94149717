package seqtests

import (
	"sync/atomic"
	"testing"
)

var sink uint64

func BenchmarkParallelSink(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		var t uint64
		for pb.Next() {
			t++
		}
		atomic.AddUint64(&sink, t)
	})
}

func BenchmarkSink(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = uint64(i) // nope: another benchmark, which runs at another time
	}
}

func ExampleSink() {
	_ = sink // nope: examples run one at a time too
}

var shared int64

func TestParallelAdd(t *testing.T) {
	t.Parallel()
	atomic.AddInt64(&shared, 1)
}

func TestParallelStore(t *testing.T) {
	t.Parallel()
	shared = 2 // want `non-atomic write to shared`
}

var own int64

func TestOwnGoroutine(t *testing.T) {
	done := make(chan bool)
	go func() {
		atomic.AddInt64(&own, 1)
		done <- true
	}()
	own = 0 // want `non-atomic write to own`
	<-done
}

func TestSharedHelper(t *testing.T) {
	hits = 0 // want `non-atomic write to hits`
	Bump()
}

var total int32

func addTotal(n int32) { atomic.AddInt32(&total, n) }

var resets int32

// The test's own atomic store and plain read run on its goroutine, one
// after the other.
func TestOwnBody(t *testing.T) {
	atomic.StoreInt32(&resets, 0)
	if resets != 0 { // nope: after the store, on the same goroutine
		t.Fatal("not reset")
	}
}

func TestOtherBody(t *testing.T) {
	atomic.AddInt32(&resets, 1)
}

// A goroutine the test starts runs beside it.
func TestOwnGoroutineRead(t *testing.T) {
	done := make(chan bool)
	go func() {
		atomic.AddInt32(&total, 1)
		done <- true
	}()
	if total != 0 { // want `non-atomic read of total`
		t.Log("raced")
	}
	<-done
}

// So does a helper that other code calls too.
func TestSharedAdder(t *testing.T) {
	addTotal(1)
	if total == 0 { // want `non-atomic read of total`
		t.Fatal("not added")
	}
}

func countElsewhere() { go addTotal(2) }
