// Package locker tells a lock from other types as go vet's copylocks
// check does: by the methods of its pointer type. atomiccnt leaves the
// copies of a struct that holds a lock to copylocks.
//
// The methods are looked up by name, not through a selector that the
// type checker records, so a test file that adds them to a type of its
// package changes what the analysis of the package sees: a driver that
// shares one analysis among the variants of a package (internal/variants)
// must be told the names, and Methods gives them.
package locker

import "go/types"

// Methods returns the names of the methods, without parameters or
// results, that make a type a lock when its pointer type has them all.
func Methods() []string { return []string{"Lock", "Unlock"} }

// Is reports whether t is a lock: whether *t has every method of
// Methods. An interface is never one.
func Is(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	for _, name := range Methods() {
		if !hasNiladic(ms, name) {
			return false
		}
	}
	return true
}

func hasNiladic(ms *types.MethodSet, name string) bool {
	for i := range ms.Len() {
		f, ok := ms.At(i).Obj().(*types.Func)
		if ok && f.Name() == name && f.Signature().Params().Len() == 0 && f.Signature().Results().Len() == 0 {
			return true
		}
	}
	return false
}
