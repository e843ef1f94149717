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

func TestHelper(t *testing.T) {
	hits = 0 // want `non-atomic write to hits`
	Bump()
}
