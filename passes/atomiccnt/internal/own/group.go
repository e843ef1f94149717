package own

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Groups: the objects that a function links by storing pointers to one
// into another, which escape together (see groupOf), and the escape of
// an object's group, which escape analysis asks for each object and
// parameter.

// escapingUses returns the instructions through which a pointer into
// the object at v may become visible outside the function's control.
// Selecting a field or element, loading, storing into the object,
// comparing, and passing the address to an atomic function or to a
// parameter that does not escape do not publish the object. Nor does
// storing it into another object the function owns (see groupOf).
func (ea *Analysis) escapingUses(v ssa.Value) []ssa.Instruction {
	return ea.groupOf(v).uses
}

// A group is the object at a value v and the objects linked with it.
// Storing a pointer to v into an object that the function allocated
// (t.root = &node{tree: t}), or into one of the group, links the two:
// they can reach each other, and the group escapes where any of its
// objects does. So does a call that keeps v but returns an object that
// may point to it (the result of newWorker(s), which holds s). A
// pointer loaded from the group may then point into it: the loads of
// the fields that links stored into are followed, and so are all loads
// from an object whose fields are not known (a call's result, the
// result of a constructor that links objects, a local array). The
// slice that append returns holds what it was given.
type group struct {
	// uses are the instructions through which the group escapes.
	uses []ssa.Instruction
	// members are the values that may point into the group.
	members map[ssa.Value]bool
	// linked says the group holds objects other than v's.
	linked bool
	// fields are the fields and variables that links stored into, and
	// opaque the objects of the group whose every pointer load is
	// followed.
	fields map[*types.Var]bool
	opaque map[ssa.Value]bool
	// links, for the group of a parameter, are the other parameters of
	// its function into whose objects it is stored.
	links uint64
	// inspected are the calls of functions that only inspect the group
	// (see inspectsOnly), which -explain names.
	inspected []*ssa.Call
}

// groupOf returns the group of the object at v.
func (ea *Analysis) groupOf(v ssa.Value) *group {
	g := &group{
		members: make(map[ssa.Value]bool),
		fields:  make(map[*types.Var]bool),
		opaque:  make(map[ssa.Value]bool),
	}
	if ea.fromLinked(v) || ea.cellVars[v] {
		g.linked = true
		g.opaque[v] = true
	}
	roots := map[ssa.Value]bool{v: true}
	var loads []*ssa.UnOp // pointers loaded from the group, not followed yet
	work := []ssa.Value{v}
	for {
		for len(work) > 0 {
			x := work[len(work)-1]
			work = work[:len(work)-1]
			if g.members[x] {
				continue
			}
			g.members[x] = true
			refs := x.Referrers()
			if refs == nil {
				continue
			}
			for _, ref := range *refs {
				switch ref := ref.(type) {
				case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Slice, *ssa.ChangeType, *ssa.Convert:
					work = append(work, ref.(ssa.Value))
				case *ssa.UnOp:
					// A load reads the object; a receive or negation
					// of a pointer does not occur.
					if ref.Op == token.MUL && mayHoldPointer(ref.Type()) {
						loads = append(loads, ref)
					}
				case *ssa.Store:
					if ref.Val != x {
						continue // a store into the object
					}
					if cell, ok := ref.Addr.(*ssa.Alloc); ok {
						// A local variable that a function literal
						// captures: its loads yield the object.
						g.linked = true
						g.opaque[cell] = true
						roots[cell] = true
						work = append(work, cell)
						continue
					}
					r := ea.linkTarget(ref.Addr, roots)
					if r == nil {
						if j := paramLink(v, ref.Addr); j >= 0 {
							g.links |= 1 << j
						} else {
							g.uses = append(g.uses, ref)
						}
						continue
					}
					g.link(ref.Addr, r)
					if !roots[r] {
						roots[r] = true
						work = append(work, r)
					}
				case *ssa.Extract, *ssa.MakeInterface, *ssa.TypeAssert, *ssa.ChangeInterface:
					// A result of a call that returns the group, or the
					// same pointer in or out of an interface.
					work = append(work, ref.(ssa.Value))
				case *ssa.Phi:
					// A variable that may hold the pointer: what is done
					// with it may be done with the group.
					work = append(work, ref)
				case *ssa.BinOp, *ssa.DebugRef:
				case *ssa.Call:
					if isBuiltin(ref.Common(), "append") {
						work = append(work, ref)
						continue
					}
					kept, results := ea.callKeeps(ref.Common(), x, g.members)
					if !kept {
						g.uses = append(g.uses, ref)
						continue
					}
					if callee := ref.Common().StaticCallee(); callee != nil && inspectsOnly(callee) {
						g.inspected = append(g.inspected, ref)
					}
					for _, r := range callResults(ref, results) {
						g.linked = true
						g.opaque[r] = true
						work = append(work, r)
					}
				case *ssa.MakeClosure:
					if !ea.closureKeeps(ref, x) {
						g.uses = append(g.uses, ref)
					}
				case *ssa.Defer:
					// The call runs at the function's exit; one that
					// keeps the object publishes nothing then either.
					if kept, results := ea.callKeeps(ref.Common(), x, g.members); !kept || results != 0 {
						g.uses = append(g.uses, ref)
					}
				default:
					g.uses = append(g.uses, ref)
				}
			}
		}
		// The loads that the links made since may now be followed.
		n := len(loads)
		loads = slices.DeleteFunc(loads, func(load *ssa.UnOp) bool {
			if g.follows(load) {
				work = append(work, load)
				return true
			}
			return false
		})
		if len(loads) == n {
			return g
		}
	}
}

// link records that a pointer into the group was stored at addr, in
// the object r.
func (g *group) link(addr, r ssa.Value) {
	g.linked = true
	locs := loc.Resolve(addr)
	for _, l := range locs {
		g.fields[l.Var] = true
	}
	if len(locs) == 0 {
		g.opaque[r] = true // a local array, say, whose elements have no location
	}
}

// follows reports whether the pointer that load reads from the group
// may point into it. A load of a whole struct or array copies every
// pointer the object holds, those that links stored included.
func (g *group) follows(load *ssa.UnOp) bool {
	if !g.linked {
		return false
	}
	switch load.Type().Underlying().(type) {
	case *types.Struct, *types.Array:
		return true
	}
	for _, l := range loc.Resolve(load.X) {
		if g.fields[l.Var] {
			return true
		}
	}
	return g.opaque[loc.SelectionRoot(load.X)]
}

// closureKeeps reports whether the closure mc, which binds x, keeps it:
// the closure is only called, here and synchronously (a deferred call
// included, and a subtest that t.Run waits for; a go statement hands it
// to another goroutine), or it is the body of a range-over-func loop,
// and its function lets the free variable bound to x escape nowhere. A function
// literal that locks the object or counts into it does not publish it.
func (ea *Analysis) closureKeeps(mc *ssa.MakeClosure, x ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	// The body of a range-over-func loop is a function literal that the
	// loop passes to the iterator, which may call it only while the
	// loop runs: the loop calls it, in effect.
	loopBody := fn.Synthetic == "range-over-func yield"
	for _, ref := range *mc.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
			common := ref.(ssa.CallInstruction).Common()
			if loopBody || isSubtest(common, mc) {
				continue
			}
			if common.Value != ssa.Value(mc) || slices.Contains(common.Args, ssa.Value(mc)) {
				return false
			}
		default:
			return false
		}
	}
	for i, b := range mc.Bindings {
		if b == x && i < len(fn.FreeVars) && !ea.freeVarKept(fn.FreeVars[i], isCell(x)) {
			return false
		}
	}
	return true
}

// freeVarKept reports whether fv's function lets it escape nowhere,
// returns included; cell says fv holds a local variable's cell, whose
// loads yield the object.
func (ea *Analysis) freeVarKept(fv *ssa.FreeVar, cell bool) bool {
	if kept, ok := ea.freeVars[fv]; ok {
		return kept
	}
	ea.freeVars[fv] = false // recursion: assume it escapes
	if cell {
		ea.cellVars[fv] = true
	}
	kept := len(ea.groupOf(fv).uses) == 0
	ea.freeVars[fv] = kept
	return kept
}

func isCell(v ssa.Value) bool {
	_, ok := v.(*ssa.Alloc)
	return ok
}

// callResults returns the values of call's results that results, a
// set of result indexes, names: the call itself for a single result,
// the extractions of them otherwise.
func callResults(call *ssa.Call, results uint64) []ssa.Value {
	if results == 0 {
		return nil
	}
	if call.Call.Signature().Results().Len() == 1 {
		return []ssa.Value{call}
	}
	var out []ssa.Value
	for _, ref := range *call.Referrers() {
		if e, ok := ref.(*ssa.Extract); ok && e.Index < 64 && results&(1<<e.Index) != 0 {
			out = append(out, e)
		}
	}
	return out
}

// inGroup reports whether the address x is in the group of members: it
// is one, or selects from one.
func inGroup(x ssa.Value, members map[ssa.Value]bool) bool {
	for {
		if members[x] {
			return true
		}
		next, ok := loc.SelectedFrom(x)
		if !ok {
			return false
		}
		x = next
	}
}

// paramLink returns the index of the other parameter of v's function
// whose object addr is a field or element of, when v is a parameter; or
// -1. Storing v there links it with that argument's object, which is a
// fact of the call, not of the function (see callKeeps).
func paramLink(v, addr ssa.Value) int {
	p, ok := v.(*ssa.Parameter)
	if !ok {
		return -1
	}
	q, ok := fieldOwner(addr).(*ssa.Parameter)
	if !ok || q == p || q.Parent() != p.Parent() {
		return -1
	}
	for j, x := range q.Parent().Params {
		if x == q && j < 64 {
			return j
		}
	}
	return -1
}

// linkTarget returns the object that addr, where a pointer is stored,
// is a field or element of, if the store links the pointer's object
// with it: the object is one of roots, or one the function allocates.
// (groupOf takes a store into a local variable's cell itself apart.)
func (ea *Analysis) linkTarget(addr ssa.Value, roots map[ssa.Value]bool) ssa.Value {
	r := fieldOwner(addr)
	if r != nil && (roots[r] || ea.isAllocation(r, ea.fresh)) {
		return r
	}
	return nil
}

// fieldOwner returns the object that addr is a field or element of, at
// the root of its selections, or nil if addr selects nothing.
func fieldOwner(addr ssa.Value) ssa.Value {
	r, ok := loc.SelectedFrom(addr)
	if !ok {
		return nil
	}
	return loc.SelectionRoot(r)
}

// fromLinked reports whether v is the result of a constructor whose
// object is linked with others (see groupOf).
func (ea *Analysis) fromLinked(v ssa.Value) bool {
	if e, ok := v.(*ssa.Extract); ok && e.Index == 0 {
		v = e.Tuple
	}
	call, ok := v.(*ssa.Call)
	return ok && ea.linked[call.Common().StaticCallee()]
}

// isBuiltin reports whether call calls the built-in function name.
func isBuiltin(call *ssa.CallCommon, name string) bool {
	b, ok := call.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// mayHoldPointer reports whether a value of type t may hold a pointer
// to an object: a pointer, a reference type, or a struct or array with
// one.
func mayHoldPointer(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Basic:
		return t.Kind() == types.UnsafePointer
	case *types.Struct:
		for i := range t.NumFields() {
			if mayHoldPointer(t.Field(i).Type()) {
				return true
			}
		}
		return false
	case *types.Array:
		return mayHoldPointer(t.Elem())
	}
	return true // pointers, slices, maps, channels, functions, interfaces, type parameters
}

// isSubtest reports whether call is t.Run(name, f) (or b.Run) with mc as
// f, and f does not call t.Parallel: Run starts f's goroutine after
// everything before the call and returns when f has returned, so f's
// accesses are ordered with the caller's as a call's would be.
func isSubtest(call *ssa.CallCommon, mc *ssa.MakeClosure) bool {
	g := call.StaticCallee()
	if g == nil || g.Name() != "Run" || len(call.Args) != 3 || call.Args[2] != ssa.Value(mc) || call.Args[0] == ssa.Value(mc) {
		return false
	}
	recv := g.Signature.Recv()
	if recv == nil || !(calls.IsTestingPtr(recv.Type(), "T") || calls.IsTestingPtr(recv.Type(), "B")) {
		return false
	}
	fn, ok := mc.Fn.(*ssa.Function)
	return ok && !calls.CallsParallel(fn)
}
