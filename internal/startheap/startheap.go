// Package startheap lets a short-lived analysis process allocate a
// working heap before the garbage collector first runs.
//
// Under go vet, a vet tool runs once per package: it parses and
// type-checks the package, analyses it and exits, and its heap mostly
// grows. With the default GOGC the collector first runs at a 4 MB heap
// and again each time the heap doubles, so a process that ends with a
// heap of a hundred megabytes or more collects a dozen times, each time
// scanning a heap that is nearly all live. In the process for the
// runtime package, that was a quarter of its CPU. The compiler has the
// same shape and starts its heap at 128 MB for the same reason (see
// AdjustStartingHeap in cmd/compile/internal/base, and
// golang.org/issue/56546).
package startheap

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// Goal is the heap that the commands let their processes reach before
// the first collection: the compiler's. At it, go vet's process for the
// runtime package collects a few times instead of a dozen, and its peak
// RSS does not change.
const Goal = 128 << 20

// Set raises GOGC until the first collection, so that the heap grows to
// about goal bytes before it, then restores GOGC. It does nothing if
// the environment sets GOGC or GOMEMLIMIT, whose settings are the
// user's, or if the collector has already run or cannot say its heap
// goal.
//
// Call it first thing in main: only the goal before the first
// collection scales with GOGC alone.
func Set(goal uint64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []metrics.Sample{
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/gc/gogc:percent"},
		{Name: "/gc/cycles/total:gc-cycles"},
	}
	metrics.Read(s)
	for _, m := range s {
		if m.Value.Kind() != metrics.KindUint64 {
			return
		}
	}
	if s[2].Value.Uint64() != 0 {
		return
	}
	prev := int(s[1].Value.Uint64())
	percent := startPercent(goal, s[0].Value.Uint64(), prev)
	if percent == prev {
		return
	}
	debug.SetGCPercent(percent)
	// A finalizer runs after the collection that finds its object
	// unreachable: here, the first. The object is too large for the
	// allocator of tiny objects, whose blocks are shared and may stay
	// reachable.
	runtime.SetFinalizer(new([32]byte), func(*[32]byte) { debug.SetGCPercent(prev) })
}

// startPercent returns the GOGC that makes the collector's first goal
// about goal bytes, given that it is current bytes at GOGC percent. The
// first goal is proportional to GOGC. It returns percent unchanged if
// the collector is off or current already reaches goal.
func startPercent(goal, current uint64, percent int) int {
	if percent <= 0 || current == 0 || goal <= current {
		return percent
	}
	return int(min(float64(goal)/float64(current)*float64(percent), math.MaxInt32))
}
