// This file contains tests for the atomiccnt checker. // want package:`crosspkg/lib\.Stats\.\w+: write write@user\.go:11`
//
// Plain accesses to locations that an imported package accesses atomically.

package user

import "crosspkg/lib"

func Reset(s *lib.Stats) { // want Reset:"confines 0"
	s.N = 0       // want `non-atomic write to lib.Stats.N, which is accessed atomically \(atomic.AddInt64 at crosspkg/lib/lib.go:16\)`
	s.Dropped = 0 // nope: Dropped is not accessed atomically anywhere
}

func Read(s *lib.Stats) int64 { // want Read:"confines 0"
	return s.N // want `non-atomic read of lib.Stats.N`
}

func Bump() {
	lib.Counter++ // want `non-atomic increment of lib.Counter, which is accessed atomically \(atomic.LoadUint64 at crosspkg/lib/lib.go:19\)`
}

// The constructor's fact makes its result fresh here too.
func Make() *lib.Stats { // want Make:"fresh"
	s := lib.NewStats()
	s.N = 5 // nope: initialising an object no one else holds yet
	return s
}

// nope: Inc, in another package, does not let s escape (its fact says
// so), so the function still owns s after the call.
func Owned() int64 {
	s := lib.NewStats()
	s.Inc()
	return s.N
}

// Register lets s escape: the read after it may race.
func Registered() int64 {
	s := lib.NewStats()
	s.Inc()
	s.Register()
	return s.N // want `non-atomic read of lib.Stats.N`
}
