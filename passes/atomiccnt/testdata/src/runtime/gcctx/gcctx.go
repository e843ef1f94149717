// This file contains tests for the atomiccnt checker: which code is the
// garbage collector's, and which of its reads make a counter shared.
// The package stands in for the runtime: gcBgMarkWorker, gcDrain and
// markroot are the collector's entry points by name, and lock,
// stopTheWorld and systemstack its primitives.

package gcctx

type mutex struct{ key uintptr }

func lock(l *mutex)              {}
func unlock(l *mutex)            {}
func stopTheWorld(reason string) {}
func startTheWorld()             {}
func systemstack(fn func())      { fn() }

type gcWork struct {
	nobj        int
	bytesMarked uint64
}

type p struct{ gcw gcWork }

type queue struct {
	lock  mutex
	n     uint32 // guarded by lock
	hits  uint32
	peak  uint32
	full  bool
	buf   [64]uintptr
	pages uintptr
}

var (
	q      queue
	allp   []*p
	cycles uint32 // written with the world stopped
	marked uint32 // written only by the collector
	spare  uint32 // read by the collector only with the world stopped
	inited int    // written by package initialisation
)

func init() {
	inited = 1 // nope: package initialisation
}

// gcBgMarkWorker is the background mark worker.
func gcBgMarkWorker(pp *p) {
	gcDrain(&pp.gcw)
	gcMarkDone()
}

// gcDrain drains the work queue.
func gcDrain(gcw *gcWork) uintptr {
	lock(&q.lock)
	n := q.n // nope: every write of q.n holds q.lock too
	unlock(&q.lock)
	h := q.hits   // want `non-atomic read of queue.hits by the garbage collector, which is written concurrently \(increment at gcctx.go:\d+\)`
	f := q.full   // nope: a bool is not a counter
	c := cycles   // nope: only written with the world stopped
	i := inited   // nope: only written by package initialisation
	x := q.buf[n] // nope: the elements are not counters
	l := queueLen()
	scanq(gcw, n+h+c+l)
	if f {
		marked++ // nope: the collector's own write
	}
	systemstack(func() {
		gcw.nobj += int(q.pages) // nope: q.pages is only written with the world stopped
	})
	return x + uintptr(i)
}

// scanq is called only by the collector, so its accesses are the
// collector's.
func scanq(gcw *gcWork, n uint32) {
	for i := uint32(0); i < n; i++ {
		gcw.bytesMarked += uint64(q.buf[i]) // nope: the collector's own write
	}
	gcw.nobj++ // nope: the collector's own write
}

// queueLen is called by the collector and by the mutator: its read is
// not the collector's own, and does not count.
func queueLen() uint32 { return q.peak }

// gcMarkDone stops the world: what it calls then is not concurrent.
func gcMarkDone() {
	stopTheWorld("mark done")
	cycles++ // nope: the world is stopped
	spare = gcMarkTermination()
	startTheWorld()
}

func gcMarkTermination() uint32 {
	q.pages += 4096 // nope: the world is stopped
	return spare    // nope: the world is stopped
}

// enqueue is the mutator.
func enqueue(x uintptr) {
	lock(&q.lock)
	q.buf[q.n] = x
	q.n++ // nope: gcDrain reads q.n holding q.lock
	unlock(&q.lock)
	q.hits++ // want `non-atomic increment of queue.hits, which is read concurrently by the garbage collector \(gcDrain at gcctx.go:\d+\)`
	if queueLen() > 32 {
		q.peak = q.peak + 1 // nope: only queueLen reads q.peak, and the mutator calls it too
	}
	q.full = true // nope: a bool is not a counter
	spare--       // nope: the collector reads spare only with the world stopped
}

// flush reads a P's gcWork, which the analysis cannot tell from the
// collector's: the collector reaches it through a parameter, under the
// P's ownership, so its reads do not count.
func flush(pp *p) int {
	n := pp.gcw.nobj
	pp.gcw.nobj = n - 1 // nope: the collector's reads of gcWork.nobj are not rooted in a package-level variable
	return n
}

func mallocgc(size uintptr) {
	marked = 0 // want `non-atomic write to marked, which is read concurrently by the garbage collector \(gcDrain at gcctx.go:\d+\)`
}
