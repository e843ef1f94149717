// This file contains tests for the atomiccnt checker: the functions of
// the standard library that only inspect their arguments keep them.

package ownership

import (
	"fmt"
	"reflect"
	"runtime"
	"sync/atomic"
)

type config struct {
	name    string
	servers int32
}

func (c *config) next() int32 { return atomic.AddInt32(&c.servers, 1) }

// nope: DeepEqual compares the expected configuration by reflection and
// keeps nothing, so the copy read afterwards is still the function's.
func sameConfig(got *config, name string) (config, bool) {
	want := config{name: name}
	ok := reflect.DeepEqual(got, &want)
	return want, ok
}

// nope: so do TypeOf and KeepAlive.
func configType() (reflect.Type, int32) {
	c := &config{name: "a"}
	t := reflect.TypeOf(c)
	runtime.KeepAlive(c)
	return t, c.servers
}

// Sprint may call the argument's methods, which may keep it.
func describeConfig(name string) (string, int32) {
	c := config{name: name}
	s := fmt.Sprint(&c)
	return s, c.servers // want `non-atomic read of config.servers`
}
