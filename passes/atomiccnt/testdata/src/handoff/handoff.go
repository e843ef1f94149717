// This file contains tests for the atomiccnt checker: objects that
// callers hand over, as an atomiccnt:handoff directive says.

package handoff

import "sync/atomic"

type Buffer struct {
	length int64 // want length:"atomicload atomic.LoadInt64@handoff.go:13; atomicwrite atomic.AddInt64@handoff.go:17"
	data   []byte
}

func (b *Buffer) Len() int64 { return atomic.LoadInt64(&b.length) }

func (b *Buffer) Write(p []byte) {
	b.data = append(b.data, p...)
	atomic.AddInt64(&b.length, int64(len(p)))
}

// Append takes buf's bytes and empties it.
//
//atomiccnt:handoff buf the caller must not use buf after the call
func (b *Buffer) Append(buf *Buffer) {
	b.Write(buf.data)
	buf.data = nil
	buf.length = 0 // nope: the caller has handed buf over
}

// Without the directive, buf is any caller's.
func (b *Buffer) Take(buf *Buffer) {
	b.Write(buf.data)
	buf.length = 0 // want `non-atomic write to Buffer.length, which is accessed atomically`
}

// Reset publishes b before its write: handed over, but no longer owned.
//
//atomiccnt:handoff b the pool hands out a buffer to one user at a time
func Reset(b *Buffer) {
	keep = append(keep, b)
	b.length = 0 // want `non-atomic write to Buffer.length, which is accessed atomically`
}

var keep []*Buffer

func Flush(dst, src *Buffer) {
	dst.Append(src)
}

func Misuse(dst, src *Buffer) int64 {
	dst.Append(src) // want `Misuse hands over its argument buf to Append, whose //atomiccnt:handoff directive says its callers let go of it, but uses it after the call \(at handoff.go:51\)`
	return src.Len()
}

func Loop(dst, src *Buffer) {
	for range 3 {
		dst.Append(src) // want `Loop hands over its argument buf to Append`
	}
}

func Deferred(dst, src *Buffer) int64 {
	defer dst.Append(src) // nope: handed over at the exit
	return src.Len()
}

// want +2 `malformed //atomiccnt:handoff directive: missing parameter or reason`
//
//atomiccnt:handoff
func noReason(b *Buffer) {}

// want +2 `malformed //atomiccnt:handoff directive: n is not a pointer parameter of notPointer`
//
//atomiccnt:handoff n an int is not handed over
func notPointer(n int) {}

// want +1 `malformed //atomiccnt:handoff directive: outside the doc comment of a function with a body`
//atomiccnt:handoff b misplaced

func after() {}
