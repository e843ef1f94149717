// This file contains tests for the atomiccnt checker: the runtime's
// exclusive phases and lock discipline. The package stands in for the
// runtime: it defines its own lock primitives, which the analyzer knows
// by name in runtime packages.

package stw

import "runtime/internal/atomic"

type mutex struct{ key uintptr }

func lock(l *mutex)                         {}
func unlock(l *mutex)                       {}
func assertLockHeld(l *mutex)               {}
func assertWorldStopped()                   {}
func systemstack(fn func())                 { fn() }
func stopTheWorldWithSema() int             { return 0 }
func startTheWorldWithSema(int)             {}
func stopTheWorld(reason string) int        { return 0 }
func startTheWorld(int)                     {}
func assertWorldStoppedOrLockHeld(l *mutex) {}

type schedt struct {
	lock    mutex
	npidle  uint32
	running uint32
}

var (
	sched          schedt
	gcphase        uint32
	enabled        uint32
	blackenEnabled uint32
)

// setGCPhase is only called with the world stopped.
func setGCPhase(x uint32) {
	atomic.Store(&gcphase, x)
}

func gcStart() {
	var stw int
	systemstack(func() {
		stw = stopTheWorldWithSema()
	})
	setGCPhase(1)
	atomic.Store(&enabled, 1)
	atomic.Store(&blackenEnabled, 1)
	systemstack(func() {
		startTheWorldWithSema(stw)
	})
}

func mallocgc() bool {
	return gcphase != 0 // nope: gcphase is only written with the world stopped
}

func assistEnabled() bool {
	return enabled != 0 // nope: enabled is only written with the world stopped
}

func gcMarkDone() {
	w := stopTheWorld("mark done")
	enabled = 0        // nope: the world is stopped
	blackenEnabled = 0 // nope: the world is stopped
	startTheWorld(w)
	// nope: enabled's only atomic access is made with the world
	// stopped, so this write races only with the plain reads: a race,
	// but not one that an atomic access tells us about.
	enabled = 1
	blackenEnabled = 1 // want `non-atomic write to blackenEnabled, which is accessed atomically \(atomic.Load at stw.go:\d+\)`
}

// A mark worker runs concurrently with the mutator.
func gcBgMarkWorker() bool {
	return atomic.Load(&blackenEnabled) != 0
}

// procresize asserts the world is stopped; so does what only it calls.
func procresize() {
	assertWorldStopped()
	sched.npidle = 0 // nope: the world is stopped
	resetRunning()
}

func resetRunning() {
	sched.running = 0 // nope: only called with the world stopped
}

func pidleget() uint32 {
	lock(&sched.lock)
	defer unlock(&sched.lock)
	return atomic.Xadd(&sched.npidle, -1)
}

func pidleput() {
	assertLockHeld(&sched.lock)
	atomic.Xadd(&sched.npidle, 1)
}

func npidle() uint32 {
	lock(&sched.lock)
	n := sched.npidle // nope: every atomic write holds sched.lock
	unlock(&sched.lock)
	return n
}

func npidleRacy() uint32 {
	return sched.npidle // want `non-atomic read of schedt.npidle`
}

func startm() {
	atomic.Xadd(&sched.running, 1)
	sched.running = 5 // want `non-atomic write to schedt.running`
}

func checkdead() uint32 {
	assertWorldStoppedOrLockHeld(&sched.lock)
	return sched.npidle // nope: the world is stopped or sched.lock is held
}

var bootstrapped uint32

// schedinit runs on the only thread, before the scheduler starts; so do
// the functions only it calls.
func schedinit() {
	bootstrapped = 1 // nope: the runtime's bootstrap is an exclusive phase
	checkAtomics()
}

func checkAtomics() {
	bootstrapped = 2 // nope: only called by schedinit
	if !atomic.Cas(&bootstrapped, 2, 3) {
		panic("cas")
	}
}

func markBootstrapped() { atomic.Store(&bootstrapped, 4) }

func isBootstrapped() bool {
	return bootstrapped == 4 // want `non-atomic read of bootstrapped`
}

// Stopping the world does not stop the threads that run without a P.

var (
	lastGC      uint64
	blackenNoP  uint32
	signalToken uint32
)

// gcMarkTermination runs with the world stopped.
func gcMarkTermination(now uint64) {
	w := stopTheWorld("mark termination")
	lastGC = now // want `non-atomic write to lastGC, which is accessed atomically \(atomic.Load64 at stw.go:\d+\)`
	atomic.Store(&blackenNoP, 0)
	atomic.Xchg(&signalToken, 0)
	startTheWorld(w)
}

// monitor always runs without a P, so write barriers are not allowed.
func monitor() bool {
	return triggered()
}

// triggered is what monitor polls.
func triggered() bool {
	if atomic.Load64(&lastGC) != 0 {
		return true
	}
	return polled()
}

var deepPhase uint32

func setDeepPhase() {
	w := stopTheWorld("deep")
	deepPhase = 1 // nope: only functions that monitor calls directly count as running without a P
	startTheWorld(w)
}

func polled() bool { return atomic.Load(&deepPhase) != 0 }

// Check for idle work, without a P on entry.
func idleNoP() bool {
	return blackenNoP != 0 // want `non-atomic read of blackenNoP, which is written atomically \(atomic.Store at stw.go:\d+\)`
}

// A goroutine with a P cannot run while the world is stopped.
func assistNoP() bool {
	return blackenNoP != 0 // nope: the store is made with the world stopped, and this function holds a P
}

// sigtrap is called by the signal handler, and the world may be stopped.
func sigtrap() {
	signalToken = 1 // want `non-atomic write to signalToken, which is accessed atomically \(atomic.Xchg at stw.go:\d+\)`
}

type p struct{ status uint32 }

// handoff always runs without a P, but it is handed one, and the world
// cannot finish stopping while pp is not stopped.
func handoff(pp *p) bool {
	return blackenNoP != 0 // nope: the store is made with the world stopped, which waits for pp
}
