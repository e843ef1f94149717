// This file contains tests for the atomiccnt checker: accesses that
// cannot race, and the suppression directive.

package exempt

import (
	"sync/atomic"
	"unsafe"
)

type conn struct {
	state int32
	id    int
}

func (c *conn) State() int32 {
	return atomic.LoadInt32(&c.state)
}

var registry []*conn

func publish(c *conn) { registry = append(registry, c) }

// nope: c is fresh and unpublished when it is initialised.
func newConn(id int) *conn {
	c := &conn{state: 1}
	c.state = 2
	c.id = id
	return c
}

// nope: new(T) is fresh too, and reading it back is as safe as writing.
func newConn2() *conn {
	c := new(conn)
	c.state = 1
	if c.state != 1 {
		panic("unreachable")
	}
	return c
}

// Once the pointer escapes, another goroutine may hold it.
func newPublished() {
	c := &conn{}
	c.state = 1 // nope: before publish
	publish(c)
	c.state = 2 // want `non-atomic write to conn.state`
}

// A loop allocates a new object on each iteration: the write at the top
// of the body is to the new one, not to the one the last iteration
// published.
func publishMany(n int) {
	for i := 0; i < n; i++ {
		c := new(conn)
		c.state = int32(i) // nope: fresh in this iteration
		publish(c)
		c.state++ // want `non-atomic increment of conn.state`
	}
}

// The escape may be on one branch only: after the join the object may
// have escaped.
func maybePublish(share bool) *conn {
	c := new(conn)
	if share {
		publish(c)
	}
	c.state = 3 // want `non-atomic write to conn.state`
	return c
}

// A local struct variable is a fresh object as well.
func local() int32 {
	var c conn
	c.state = 4 // nope: c never escapes
	atomic.AddInt32(&c.state, 1)
	return c.state // nope: c never escapes
}

// Returning the pointer publishes it, but the write comes first.
func returned() *conn {
	c := &conn{}
	c.state = 5 // nope: before the return
	return c
}

// A pointer converted to unsafe.Pointer and passed on escapes.
func viaUnsafe(sink func(unsafe.Pointer)) {
	c := new(conn)
	sink(unsafe.Pointer(c))
	c.state = 6 // want `non-atomic write to conn.state`
}

var global conn

// globalState loads global's state atomically, through a pointer to it.
func globalState() int32 { return global.State() }

// nope: init functions run before any other code of the package.
func init() {
	global.state = 7
	func() {
		global.state = 8 // nope: called directly by init
	}()
}

// A package-level initialiser runs during initialisation too.
var initial = func() int32 {
	global.state = 9 // nope: called by the package initialiser
	return global.state
}()

// But a function literal stored by an initialiser runs later.
var hook = func() {
	global.state = 10 // want `non-atomic write to conn.state`
}

// A goroutine started by init runs concurrently.
func init() {
	go func() {
		global.state = 11 // want `non-atomic write to conn.state`
	}()
}

// A method named init is not an init function.
func (c *conn) init() {
	c.state = 12 // want `non-atomic write to conn.state`
}

func suppressed(c *conn) {
	c.state = 13 //atomiccnt:ignore the caller holds the only reference
	//atomiccnt:ignore the caller holds the only reference
	c.state = 14
	c.state = 15 // want `non-atomic write to conn.state`
}

// A directive on its own line covers the next line only.
func suppressedAbove(c *conn) {
	//atomiccnt:ignore the caller holds the only reference
	c.state = 16
	c.state = 17 // want `non-atomic write to conn.state`
}

// A trailing directive covers its own line, not the next.
func suppressedTrailing(c *conn) {
	c.state = 18 //atomiccnt:ignore the caller holds the only reference
	c.state = 19 // want `non-atomic write to conn.state`
}

// reset is only called before the connection is shared.
//
//atomiccnt:ignore only called before the connection is shared
func (c *conn) reset() {
	c.state = 20
	func() {
		c.state = 21
	}()
}

// A directive without a reason is reported and suppresses nothing.
func malformed(c *conn) {
	// want +1 `malformed //atomiccnt:ignore directive: missing reason` `non-atomic write to conn.state`
	c.state = 22 //atomiccnt:ignore
	// want +1 `malformed //atomiccnt:ignore directive: missing reason` `non-atomic write to conn.state`
	c.state = 23 //atomiccnt:ignore //
}

// The reason may also follow a second //, as nolintlint asks of //nolint.
func slashReason(c *conn) {
	c.state = 24 //atomiccnt:ignore // the caller holds the only reference
}

// nope: not the directive (no space after the name).
func notDirective(c *conn) {
	c.state = 25 //atomiccnt:ignored // want `non-atomic write to conn.state`
}

// A constructor's result is as fresh as a local allocation.
func useConstructor() *conn {
	c := newConn(1)
	c.state = 26 // nope: newConn returns an object nothing else holds
	publish(c)
	c.state = 27 // want `non-atomic write to conn.state`
	return c
}

// register publishes what it returns, so it is not a constructor.
func register() *conn {
	c := new(conn)
	publish(c)
	return c
}

func useRegister() {
	c := register()
	c.state = 28 // want `non-atomic write to conn.state`
}

// A read that only feeds a crash message cannot hurt: the program is
// dying.
func mustBeOpen(c *conn) {
	if atomic.LoadInt32(&c.state) != 1 {
		println("bad state", c.state) // nope: every path from here panics
		panic("connection not open")
	}
}

func fatal(msg string, v int32) {
	println(msg, v)
	panic(msg)
}

func mustBeClosed(c *conn) {
	if atomic.LoadInt32(&c.state) != 0 {
		fatal("state", c.state) // nope: fatal does not return
	}
	if c.state > 9 { // want `non-atomic read of conn.state`
		return
	}
}

func (c *conn) setState(v int32) { atomic.StoreInt32(&c.state, v) }

// A method that only works through its receiver does not publish it.
func (c *conn) setup() { c.id = 7 }

func newWithSetup() *conn {
	c := new(conn)
	c.setup()
	c.state = 29 // nope: setup keeps c, which is still unpublished
	return c
}

// A method that stores its receiver does.
func (c *conn) leak() { registry = append(registry, c) }

func newLeaked() *conn {
	c := new(conn)
	c.leak()
	c.state = 30 // want `non-atomic write to conn.state`
	return c
}

// A variable that a function literal captures is loaded at each use;
// the object it holds is published when the literal is made.
func startConn() *conn {
	c := &conn{}
	c.state = 18 // nope: c is captured by the literal below, not yet made
	go func() {
		c.state = 19 // want `non-atomic write to conn.state`
	}()
	c.state = 20 // want `non-atomic write to conn.state`
	return c
}

// Assigned twice, the variable may hold either object, the old one
// published: not exempt.
func restartConn(old *conn) *conn {
	c := &conn{}
	c.state = 21 // want `non-atomic write to conn.state`
	if old != nil {
		c = old
	}
	go func() { _ = c }()
	return c
}

// A directive written with a space after the slashes, as a comment is,
// is reported and suppresses nothing; prose that only names one is not
// a directive.
func spaced(c *conn) {
	// want +1 `// atomiccnt:ignore is not a directive, so it has no effect: remove the space after //` `non-atomic write to conn.state`
	c.state = 24 // atomiccnt:ignore the state is only a hint
	// want +1 `// atomiccnt:concurrent is not a directive, so it has no effect: remove the space after //`
	// atomiccnt:concurrent runs on the timer goroutine
	c.state = 25 // want `non-atomic write to conn.state`
	// A code block that quotes a directive is not one:
	//
	//	atomiccnt:ignore reason
	c.state = 27 // want `non-atomic write to conn.state`
	// The //atomiccnt:ignore directive would need a reason here.
	c.state = 26 // want `non-atomic write to conn.state`
}
