// This file contains tests for the atomiccnt checker: package-level
// variables.

package globals

import "sync/atomic"

var (
	requests uint64
	inflight int32
	plain    int32
	config   struct {
		version uint32
		name    string
	}
)

func Serve() {
	atomic.AddUint64(&requests, 1)
	plain++ // nope: plain is never accessed atomically
}

func Requests() uint64 {
	return requests // want `non-atomic read of requests, which is written atomically \(atomic.AddUint64 at globals.go:19\)`
}

func ResetRequests() {
	requests = 0 // want `non-atomic write to requests`
}

func Enter() { inflight++ } // want `non-atomic increment of inflight`

func Busy() bool {
	return atomic.LoadInt32(&inflight) > 0
}

func Leave() {
	inflight -= 1 // want `non-atomic update \(-=\) of inflight`
}

func Version() uint32 {
	return atomic.LoadUint32(&config.version)
}

// A field of an anonymous struct is named by the variable that holds it.
func Reload(name string) {
	config.name = name // nope: a different field
	config.version++   // want `non-atomic increment of config.version`
	_ = config.version // nope: version is only loaded atomically, and two reads never race
}
