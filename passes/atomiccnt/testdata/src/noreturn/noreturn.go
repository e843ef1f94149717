// This file contains tests for the atomiccnt checker's no-return
// analysis: each function's result must match ctrlflow's.

package noreturn

import (
	"log"
	"noreturn/lib"
	"os"
	"sync"
)

func Loop() { // want Loop:"noreturn"
	for {
	}
}

func LoopWithBreak(ch chan int) {
	for {
		if <-ch == 0 {
			break
		}
	}
}

func LoopWithReturn(ch chan int) int {
	for {
		if v := <-ch; v != 0 {
			return v
		}
	}
}

func Block() { // want Block:"noreturn"
	select {}
}

func Wait(ch chan int) {
	select {
	case <-ch:
	}
}

func Goto() { // want Goto:"noreturn"
again:
	println()
	goto again
}

func GotoForward(b bool) {
	if b {
		goto out
	}
	println()
out:
}

func Fatal() { // want Fatal:"noreturn"
	log.Fatal("x")
}

func Exit(code int) { // want Exit:"noreturn"
	os.Exit(code)
}

func Imported() { // want Imported:"noreturn"
	lib.Fatal("x")
}

func ImportedMethod(l *lib.Logger) { // want ImportedMethod:"noreturn"
	l.Panic("x")
}

func MayReturn(err error) {
	lib.Checked(err)
}

func Deferred() {
	defer func() { recover() }()
	panic("x")
}

func InLiteral() {
	f := func() { panic("x") }
	f()
}

// Ping and Pong never return, but they recur through each other, and
// ctrlflow breaks the cycle by taking the call to the function whose
// graph is being built as one that returns. So they get no fact.
func Ping(n int) {
	if n == 0 {
		panic("ping")
	}
	Pong(n - 1)
}

func Pong(n int) {
	if n == 0 {
		panic("pong")
	}
	Ping(n - 1)
}

func Branches(b bool) { // want Branches:"noreturn"
	if b {
		panic("b")
	} else {
		Exit(1)
	}
}

func Switch(n int) {
	switch n {
	case 0:
		panic("0")
	case 1:
		Loop()
	}
}

type T struct{ mu sync.Mutex }

func (t *T) Fail() { // want Fail:"noreturn"
	t.mu.Lock()
	Fatal()
}

func (t *T) Value() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return 1
}

func valueAfter(t *T) int { return t.Value() }

func unexported() { panic("x") }

func callsUnexported() {
	unexported()
}
