// This file contains tests for the atomiccnt checker: reading a result
// after waiting for the goroutines that computed it.

package forkjoin

import (
	"sync"
	"sync/atomic"
)

type result struct{ hits int64 }

func count(items []int) int64 {
	var r result
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if it > 0 {
				atomic.AddInt64(&r.hits, 1)
			}
		}()
	}
	wg.Wait()
	return r.hits // nope: the goroutines that add to hits have all finished
}

// Without the wait, the read races with the workers.
func countRacy(items []int, shared *result) int64 {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&shared.hits, 1)
		}()
	}
	n := shared.hits // want `non-atomic read of result.hits`
	wg.Wait()
	return n
}

// Joining this function's goroutines says nothing of other functions'.
func Add(r *result) { atomic.AddInt64(&r.hits, 1) }

func countShared(items []int, shared *result) int64 {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&shared.hits, 1)
		}()
	}
	wg.Wait()
	return shared.hits // want `non-atomic read of result.hits, which is written atomically \(atomic.AddInt64 at forkjoin.go:\d+\)`
}

// A goroutine started after the wait is not joined.
func countAgain(r *result) int64 {
	var wg sync.WaitGroup
	wg.Wait()
	go func() { atomic.AddInt64(&r.hits, 1) }()
	return r.hits // want `non-atomic read of result.hits`
}

// A WaitGroup that the workers signal: after Wait, the work of every
// function that calls its Done is complete, whoever started it.
var (
	wg  sync.WaitGroup
	sum int32
)

func incSum(i int32) {
	atomic.AddInt32(&sum, i)
	wg.Done()
}

func submit(run func()) { go run() }

func total(n int) int32 {
	for i := range n {
		wg.Add(1)
		submit(func() { incSum(int32(i)) })
	}
	wg.Wait()
	return sum // nope: incSum signals wg, which this function waited for
}

func other() int32 {
	return sum // want `non-atomic read of sum`
}
