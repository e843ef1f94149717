// This file contains tests for the atomiccnt checker: a range over a
// map, whose iterator SSA gives a type of its own, in a package that
// the type fix searches for copies of its structs.

package fixtype

func total(byName map[string]int64) (n int64) {
	for _, v := range byName {
		n += v
	}
	return n
}
