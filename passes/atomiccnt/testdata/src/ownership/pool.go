package ownership

import (
	"sync"
	"sync/atomic"
)

// Objects taken out of a sync.Pool: the Put that gave one back
// synchronizes before the Get that takes it out.

type chunk struct {
	refs int32
	next *chunk
}

func (c *chunk) Ref() { atomic.AddInt32(&c.refs, 1) }

func (c *chunk) Release() {
	if atomic.AddInt32(&c.refs, -1) == 0 {
		chunks.Put(c)
	}
}

var chunks = sync.Pool{New: func() any { return new(chunk) }}

var live []*chunk

// nope: the chunk is the caller's alone until it returns it.
func getChunk() *chunk {
	c := chunks.Get().(*chunk)
	c.refs = 1
	c.next = nil
	return c
}

// A chunk published before its reset.
func getShared() {
	c := chunks.Get().(*chunk)
	live = append(live, c)
	c.refs = 1 // want `non-atomic write to chunk.refs`
}

// A pool of the package's own, whose Get hands out what it keeps.
type freeList struct{ items []*chunk }

func (l *freeList) Get() *chunk { return l.items[len(l.items)-1] }

func fromList(l *freeList) {
	c := l.Get()
	c.refs = 1 // want `non-atomic write to chunk.refs`
}
