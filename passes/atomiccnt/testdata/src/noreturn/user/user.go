// This file contains tests for the atomiccnt checker: code after a
// call that cannot return is unreachable, and not analysed.

package user

import (
	"noreturn/lib"
	"sync/atomic"
)

type conn struct{ state int32 }

func (c *conn) open() { atomic.StoreInt32(&c.state, 1) }

func (c *conn) fail(err error) int {
	v := lib.Must(err)
	c.state = 0 // nope: lib.Must never returns
	return v
}

func (c *conn) exit() {
	lib.Fatal("closing")
	c.state = 0 // nope: lib.Fatal never returns
}

func (c *conn) reset() {
	lib.Checked(nil)
	c.state = 0 // want `non-atomic write to conn.state`
}
