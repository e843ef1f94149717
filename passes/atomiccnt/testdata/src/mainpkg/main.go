// This file contains tests for the atomiccnt checker: main runs alone
// until it starts a goroutine.

package main

import "sync/atomic"

var ready int32

func setup() {
	ready = 0 // nope: only called by main before any goroutine starts
}

func spawn() {
	go worker()
}

func worker() {
	for atomic.LoadInt32(&ready) == 0 {
	}
}

func main() {
	ready = 0 // nope: no goroutine is running yet
	setup()
	spawn()
	ready = 2 // want `non-atomic write to ready`
	go worker()
	ready = 3 // want `non-atomic write to ready`
}
