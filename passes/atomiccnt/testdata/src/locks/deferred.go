// This file contains tests of deferred calls: one runs where its
// function returns or panics, holding what every point after its defer
// statement holds, but for the locks a call deferred after it releases
// first.

package locks

import (
	"sync"
	"sync/atomic"
)

// Block's last is stored by a deferred literal of rebuild, which its
// callers call holding mu.
type Block struct {
	mu    sync.Mutex
	last  uint64 // want last:"atomicload atomic.LoadUint64@deferred.go:42; atomicwrite atomic.StoreUint64@deferred.go:25 holding locks.Block.UF0"
	first uint64 // want first:"atomicwrite atomic.StoreUint64@deferred.go:49"
	hits  uint64 // want hits:"atomicwrite atomic.AddUint64@deferred.go:66"
	size  uint64
}

func (b *Block) rebuild(n uint64) {
	defer func() {
		atomic.StoreUint64(&b.last, n)
	}()
	b.size = n
}

func (b *Block) Rebuild(n uint64) {
	b.mu.Lock()
	b.rebuild(n)
	b.mu.Unlock()
}

func (b *Block) Last() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last // nope: the deferred store holds mu too
}

func (b *Block) LoadLast() uint64 { return atomic.LoadUint64(&b.last) }

// Reset defers the store of first before the unlock, which therefore
// runs first: the store runs without mu.
func (b *Block) Reset() {
	b.mu.Lock()
	defer func() {
		atomic.StoreUint64(&b.first, 0)
	}()
	defer b.mu.Unlock()
	b.size = 0
}

func (b *Block) First() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.first // want `non-atomic read of Block.first, which is written atomically`
}

// Bump unlocks on one path before it returns: the deferred add does
// not hold mu there.
func (b *Block) Bump(early bool) {
	b.mu.Lock()
	defer func() {
		atomic.AddUint64(&b.hits, 1)
	}()
	if early {
		b.mu.Unlock()
		return
	}
	b.hits++ // want `non-atomic increment of Block.hits, which is accessed atomically`
	b.mu.Unlock()
}
