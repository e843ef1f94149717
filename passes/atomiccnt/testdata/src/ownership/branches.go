// This file contains tests for the atomiccnt checker: a variable
// rebound to a private object under a condition, and then used under
// the same condition, is that object there.

package ownership

import "sync/atomic"

type qsub struct {
	queue string
	qw    int32
}

var qsubs []*qsub

func keepQsub(s *qsub) { qsubs = append(qsubs, s) }

func (s *qsub) weight() int32 { return atomic.LoadInt32(&s.qw) }

func (s *qsub) setWeight(w int32) { atomic.StoreInt32(&s.qw, w) }

// nope: s.qw is written only when isq, and then s is the copy made
// under the same condition.
func sendWeight(s *qsub, w int32) {
	isq := len(s.queue) > 0
	if isq {
		s = &qsub{queue: s.queue}
	}
	if isq {
		s.qw = w
	}
	keepQsub(s)
}

// nope: the condition is a variable that a function literal reads, so
// each if loads it anew; it is assigned once, so every load is the
// same value.
func sendWeightLocked(s *qsub, w int32, lock, unlock func()) {
	isq := len(s.queue) > 0
	acquire := func() {
		if isq {
			lock()
		}
	}
	acquire()
	if !isq {
		keepQsub(s)
		return
	}
	if isq {
		s = &qsub{queue: s.queue}
	}
	if isq {
		s.qw = w
	}
	keepQsub(s)
}

// The write happens under another condition than the copy: s may be the
// caller's object.
func sendWeightOther(s *qsub, w int32, update bool) {
	isq := len(s.queue) > 0
	if isq {
		s = &qsub{queue: s.queue}
	}
	if update {
		s.qw = w // want `non-atomic write to qsub.qw`
	}
	keepQsub(s)
}

// The condition is assigned again after the copy: the two ifs may see
// different values.
func sendWeightReassigned(s *qsub, w int32) {
	isq := len(s.queue) > 0
	read := func() bool { return isq }
	if isq {
		s = &qsub{queue: s.queue}
	}
	isq = read() && w > 0
	if isq {
		s.qw = w // want `non-atomic write to qsub.qw`
	}
	keepQsub(s)
}

// The condition is assigned once, but after the first if, which reads
// its zero value.
func sendWeightLate(s *qsub, w int32) {
	queued := len(s.queue) > 0
	var isq bool
	read := func() bool { return isq }
	if isq {
		s = &qsub{queue: s.queue}
	}
	isq = queued
	if isq {
		s.qw = w // want `non-atomic write to qsub.qw`
	}
	keepQsub(s)
	_ = read
}

// The condition is computed anew in each iteration, after the variable
// is merged at the loop's head: the value that came round the loop did
// so under the condition of the iteration before, so the shared object
// is possible here.
func sendFirstWeight(shared *qsub, ws []int32) {
	s := &qsub{}
	for _, w := range ws {
		if positive := w > 0; positive {
			s.qw = w // want `non-atomic write to qsub.qw`
			break
		}
		s = shared
	}
	keepQsub(s)
}

// nope: p may hold c, but nothing done with p publishes it before the
// write.
func pickQsub(other *qsub, fresh bool, w int32) *qsub {
	c := &qsub{}
	p := other
	if fresh {
		p = c
	}
	c.qw = w
	return p
}

// p, which may hold c, is published before the write.
func pickQsubPublished(other *qsub, fresh bool, w int32) {
	c := &qsub{}
	p := other
	if fresh {
		p = c
	}
	keepQsub(p)
	c.qw = w // want `non-atomic write to qsub.qw`
}
