// Package spin is a lock of its own: a spin lock with the method set of
// sync.Locker.
package spin

import (
	"runtime"
	"sync/atomic"
)

type Lock struct{ state uint32 }

func (l *Lock) Lock() {
	for !atomic.CompareAndSwapUint32(&l.state, 0, 1) {
		runtime.Gosched()
	}
}

func (l *Lock) Unlock() { atomic.StoreUint32(&l.state, 0) }

// Latch has a Lock method but no Unlock: it is not a lock.
type Latch struct{ set uint32 }

func (l *Latch) Lock() { atomic.StoreUint32(&l.set, 1) }
