package own

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
)

// A constructor returns a fresh object that nothing else holds yet:
// func newConn() *conn { return &conn{} }. The caller may initialise it
// plainly, before publishing it, as safely as if it had allocated the
// object itself; allocationOf treats such a call as an allocation. The
// property crosses packages as facts.Func.Fresh.

// computeFresh records in ea.fresh the functions of funcs that are
// constructors: each of their returns yields, as the first result, nil
// or a pointer to an object allocated by the function (or returned by
// another constructor) that nothing but the return lets escape. It
// iterates to a fixpoint, since constructors call constructors.
//
// A constructor may link its object with others it allocates
// (t.root = &node{tree: t}); its callers then follow the pointers they
// load from the result (see groupOf), and it is in ea.linked.
func (ea *Analysis) computeFresh(funcs []*ssa.Function) {
	ea.linked = make(map[*ssa.Function]bool)
	fresh := make(map[*ssa.Function]bool)
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if fresh[fn] {
				continue
			}
			if ok, linked := ea.returnsFresh(fn, fresh); ok {
				fresh[fn] = true
				ea.linked[fn] = linked
				changed = true
			}
		}
	}
	ea.fresh = fresh
}

// returnsFresh reports whether fn is a constructor, given the
// constructors fresh found so far, and whether its object is linked
// with others. A return of nil, the usual failure path, gives the
// caller no object at all; at least one return must give one.
func (ea *Analysis) returnsFresh(fn *ssa.Function, fresh map[*ssa.Function]bool) (ok, linked bool) {
	results := fn.Signature.Results()
	if results.Len() == 0 {
		return false, false
	}
	first := results.At(0).Type()
	if _, ok := first.Underlying().(*types.Pointer); !ok && !types.IsInterface(first) {
		return false, false
	}
	returns := 0
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		root := ret.Results[0]
		if c, ok := root.(*ssa.Const); ok && c.IsNil() {
			continue // return nil, err: no object, nothing holds it
		}
		returns++
		if mi, ok := root.(*ssa.MakeInterface); ok {
			// An interface that holds the object, and nothing else.
			if refs := mi.Referrers(); refs == nil || len(*refs) != 1 {
				return false, false
			}
			root = mi.X
		}
		if !ea.isAllocation(root, fresh) {
			return false, false
		}
		g := ea.groupOf(root)
		linked = linked || g.linked
		for _, use := range g.uses {
			r, ok := use.(*ssa.Return)
			if !ok || r.Results[0] != ret.Results[0] {
				return false, false
			}
			for _, v := range r.Results[1:] {
				if g.members[v] {
					return false, false
				}
			}
		}
	}
	return returns > 0, linked
}

// isAllocation reports whether v makes a new object: new(T), &T{...},
// a local variable, make([]T, n), or the first result of a call to a
// constructor.
func (ea *Analysis) isAllocation(v ssa.Value, fresh map[*ssa.Function]bool) bool {
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.MakeSlice:
		return true
	case *ssa.Call:
		return ea.isConstructor(v.Common(), fresh)
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		return ok && v.Index == 0 && ea.isConstructor(call.Common(), fresh)
	case *ssa.TypeAssert:
		// The object of a constructor that returns it in an interface:
		// NewCounter(opts).(*counter).
		call, ok := v.X.(*ssa.Call)
		return ok && !v.CommaOk && ea.isConstructor(call.Common(), fresh)
	}
	return false
}

// isConstructor reports whether call statically calls a constructor:
// one of this package (by fresh) or, by facts, of another.
func (ea *Analysis) isConstructor(call *ssa.CallCommon, fresh map[*ssa.Function]bool) bool {
	g := call.StaticCallee()
	if g == nil {
		return false
	}
	if fresh[g] || isPoolGet(g) {
		return true
	}
	fact := ea.ForeignFact(g)
	return fact != nil && fact.Fresh
}

// isPoolGet reports whether fn is (*sync.Pool).Get, which removes the
// object it returns from the pool: the Put that gave it back
// synchronizes before the Get, by sync's documentation, and the putter
// no longer holds it, so the caller has it to itself as if it had just
// allocated it.
func isPoolGet(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	key, ok := calls.KeyOf(obj)
	return ok && key == calls.Key{Pkg: "sync", Recv: "Pool", Name: "Get"}
}
