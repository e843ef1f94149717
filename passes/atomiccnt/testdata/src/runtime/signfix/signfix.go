// This file contains tests for the atomiccnt checker: the signedness
// fix, in a runtime whose atomics take *uint32 and *uint64 but not
// *int32 or *int64, on counters that the garbage collector reads. Each
// write form becomes a call; the reads, converted back, keep their
// type and value.

package signfix

import "runtime/internal/atomic"

type counters struct {
	n     int32
	total int64
	taken int32
	bits  int32
}

var stats counters

const limit int32 = 7

func mutate(d int32, d64 int64) {
	stats.n++             // want `non-atomic increment of counters.n, .*so the fix changes the type`
	stats.n--             // want `non-atomic decrement of counters.n, .*so the fix changes the type`
	stats.n += d          // want `non-atomic update \(\+=\) of counters.n, .*so the fix changes the type`
	stats.n -= d          // want `non-atomic update \(-=\) of counters.n, .*so the fix changes the type`
	stats.n = stats.n + 2 // want `non-atomic write to counters.n, .*so the fix changes the type`
	stats.n = -1          // want `non-atomic write to counters.n, .*so the fix changes the type`
	stats.n = limit       // want `non-atomic write to counters.n, .*so the fix changes the type`
	stats.n = 2 * d       // want `non-atomic write to counters.n, .*so the fix changes the type`
	stats.total += d64    // want `non-atomic update \(\+=\) of counters.total, .*so the fix changes the type`
	stats.total--         // want `non-atomic decrement of counters.total, .*so the fix changes the type`
	if stats.n < 0 {
		stats.n = 0 // want `non-atomic write to counters.n, .*so the fix changes the type`
	}

	// nope: no signedness fix where a use has no call equivalent: a
	// *int32 cannot point to a uint32, and the runtime has no or for
	// the new type that takes the int32 operand.
	stats.taken++ // want `non-atomic increment of counters.taken, .*; no fix \(runtime/internal/atomic has no add for int32\)`
	keep(&stats.taken)
	stats.bits++    // want `non-atomic increment of counters.bits, .*; no fix \(runtime/internal/atomic has no add for int32\)`
	stats.bits |= 4 // want `non-atomic update \(|=\) of counters.bits, .*; no fix \(runtime/internal/atomic has no or for int32\)`
}

func keep(p *int32) {}

// nope: nor where a composite literal sets the field, which would need
// a conversion inside the literal and a store after it.
type boxed struct{ lit int32 }

var box *boxed

func newBox() {
	box = &boxed{lit: 1}
	box.lit++ // want `non-atomic increment of boxed.lit, .*; no fix \(runtime/internal/atomic has no add for int32\)`
}

// nope: nor where the struct is copied: the copy would read the field
// plainly after the fix.
type snapshot struct{ c int32 }

var snap snapshot

func count() snapshot {
	snap.c++ // want `non-atomic increment of snapshot.c, .*; no fix \(runtime/internal/atomic has no add for int32\)`
	return snap
}

var markrootNext uint32

// markroot is one of the garbage collector's entry points.
func markroot() {
	atomic.Xadd(&markrootNext, +1)
	use(int64(stats.n), stats.total, int64(stats.taken), int64(stats.bits)) // want `non-atomic read of counters.n by the garbage collector` `non-atomic read of counters.total by the garbage collector` `non-atomic read of counters.taken by the garbage collector` `non-atomic read of counters.bits by the garbage collector`
	use(int64(box.lit), int64(snap.c))                                      // want `non-atomic read of boxed.lit by the garbage collector` `non-atomic read of snapshot.c by the garbage collector`
}

func use(...int64) {}
