package atomiccnt

import (
	"go/token"
	"go/types"
	"slices"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Escape analysis decides when an object allocated by a function is
// published: when a pointer into it is stored in memory, returned, sent,
// captured or passed where it may be kept. Passing it to a parameter
// that the callee does not let escape (a method that only reads and
// writes fields through its receiver, an init helper) keeps it
// unpublished, so that c := &conn{}; c.init(); c.state = 1 is still
// initialisation.

// An escapeAnalysis holds what the pass knows about the escape of
// objects: which parameters each function keeps, which functions are
// constructors (fresh.go), and, on demand, when each allocation
// escapes.
type escapeAnalysis struct {
	pass *analysis.Pass
	// kept holds, for each function, the pointer and interface
	// parameters it does not let escape but perhaps through its results
	// or into the objects of its other parameters; results, for each of
	// those, the results that may point to its object, and links the
	// parameters whose objects it may be stored into.
	kept           map[*ssa.Function][]bool
	results, links map[*ssa.Function][]uint64
	// fresh holds the package's constructors, and linked those whose
	// result is linked with other objects (see groupOf).
	fresh, linked map[*ssa.Function]bool
	// freeVars memoises freeVarKept, and cellVars holds the free
	// variables that hold a cell.
	freeVars map[*ssa.FreeVar]bool
	cellVars map[ssa.Value]bool
	// owned holds the owned parameters (see computeOwnedParams).
	owned map[*ssa.Parameter]bool
	// infos caches the escape of allocations and owned parameters.
	infos map[ssa.Value]*escapeInfo
}

// newEscapeAnalysis analyses funcs, the package's functions, of which
// the package makes every call of those in internal (internalFuncs).
func newEscapeAnalysis(pass *analysis.Pass, funcs []*ssa.Function, internal map[*ssa.Function]bool) *escapeAnalysis {
	ea := &escapeAnalysis{
		pass:     pass,
		infos:    make(map[ssa.Value]*escapeInfo),
		freeVars: make(map[*ssa.FreeVar]bool),
		cellVars: make(map[ssa.Value]bool),
	}
	ea.computeKept(funcs)
	ea.computeFresh(funcs)
	ea.computeOwnedParams(funcs, internal)
	return ea
}

// computeKept finds, for each function of funcs, the pointer parameters
// it does not let escape, but perhaps through its results, and which
// results may then point to the parameter's object. It starts from
// "none escapes" and marks escapes until nothing changes, so that
// recursion keeps what it can.
func (ea *escapeAnalysis) computeKept(funcs []*ssa.Function) {
	ea.kept = make(map[*ssa.Function][]bool, len(funcs))
	ea.results = make(map[*ssa.Function][]uint64, len(funcs))
	ea.links = make(map[*ssa.Function][]uint64, len(funcs))
	for _, fn := range funcs {
		k := make([]bool, len(fn.Params))
		for i, p := range fn.Params {
			k[i] = isPointerLike(p.Type()) || types.IsInterface(p.Type())
		}
		ea.kept[fn] = k
		ea.results[fn] = make([]uint64, len(fn.Params))
		ea.links[fn] = make([]uint64, len(fn.Params))
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			for i, p := range fn.Params {
				if !ea.kept[fn][i] {
					continue
				}
				g := ea.groupOf(p)
				var results uint64
				for _, u := range g.uses {
					ret, ok := u.(*ssa.Return)
					if !ok {
						ea.kept[fn][i] = false
						changed = true
						break
					}
					for j, r := range ret.Results {
						if g.members[r] && j < 64 {
							results |= 1 << j
						}
					}
				}
				if ea.kept[fn][i] && results != ea.results[fn][i] {
					ea.results[fn][i] |= results
					changed = true
				}
				if ea.kept[fn][i] && g.links|ea.links[fn][i] != ea.links[fn][i] {
					ea.links[fn][i] |= g.links
					changed = true
				}
			}
		}
	}
}

// keptParam reports whether g, a function of this package, keeps its
// parameter i, and which of its results may then point to the
// parameter's object. Functions of other packages are assumed to let
// every parameter escape: facts do not carry this, to stay small.
func (ea *escapeAnalysis) keptParam(g *ssa.Function, i int) (kept bool, results, links uint64) {
	k := ea.kept[g]
	if i >= len(k) || !k[i] {
		return false, 0, 0
	}
	return true, ea.results[g][i], ea.links[g][i]
}

// callKeeps reports whether the call, which mentions v, keeps it: v is
// not the function called, and every argument that is v goes to the
// address of an atomic function or to a parameter the callee keeps,
// stored at most into the objects of other arguments that members says
// are of v's group. It also returns the results of the call that may
// then point to v.
func (ea *escapeAnalysis) callKeeps(call *ssa.CallCommon, v ssa.Value, members map[ssa.Value]bool) (bool, uint64) {
	if call.Value == v || call.IsInvoke() {
		return false, 0
	}
	keepsFirst := atomicCallee(call) != nil || keepsReceiver(call)
	g := call.StaticCallee()
	var results uint64
	for i, arg := range call.Args {
		if arg != v {
			continue
		}
		if keepsFirst && i == 0 {
			continue
		}
		if g == nil {
			return false, 0
		}
		kept, res, links := ea.keptParam(g, i)
		if !kept {
			return false, 0
		}
		for j, arg := range call.Args {
			if j < 64 && links&(1<<j) != 0 && !inGroup(arg, members) {
				return false, 0 // stored into an object outside the group
			}
		}
		results |= res
	}
	return true, results
}

// keepsReceiver reports whether call is of a method of a type of sync or
// sync/atomic (a mutex's Lock, a WaitGroup's Done, a typed atomic's
// Add), which keeps its receiver: a method of a field's lock does not
// publish the object that holds it.
func keepsReceiver(call *ssa.CallCommon) bool {
	fn, ok := call.Value.(*ssa.Function)
	if !ok || fn.Signature.Recv() == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "sync", atomicapi.SyncAtomic:
		return true
	}
	return false
}

// escapingUses returns the instructions through which a pointer into
// the object at v may become visible outside the function's control.
// Selecting a field or element, loading, storing into the object,
// comparing, and passing the address to an atomic function or to a
// parameter that does not escape do not publish the object. Nor does
// storing it into another object the function owns (see groupOf).
func (ea *escapeAnalysis) escapingUses(v ssa.Value) []ssa.Instruction {
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
}

// groupOf returns the group of the object at v.
func (ea *escapeAnalysis) groupOf(v ssa.Value) *group {
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
	locs := resolve(addr)
	for _, l := range locs {
		g.fields[l.v] = true
	}
	if len(locs) == 0 {
		g.opaque[r] = true // a local array, say, whose elements have no location
	}
}

// follows reports whether the pointer that load reads from the group
// may point into it.
func (g *group) follows(load *ssa.UnOp) bool {
	if !g.linked {
		return false
	}
	for _, l := range resolve(load.X) {
		if g.fields[l.v] {
			return true
		}
	}
	root := load.X
	for x, ok := selectedFrom(root); ok; x, ok = selectedFrom(root) {
		root = x
	}
	return g.opaque[root]
}

// closureKeeps reports whether the closure mc, which binds x, keeps it:
// the closure is only called, here and synchronously (a deferred call
// included; a go statement hands it to another goroutine), or it is the
// body of a range-over-func loop, and its function lets the free
// variable bound to x escape nowhere. A function
// literal that locks the object or counts into it does not publish it.
func (ea *escapeAnalysis) closureKeeps(mc *ssa.MakeClosure, x ssa.Value) bool {
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
			if loopBody {
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
func (ea *escapeAnalysis) freeVarKept(fv *ssa.FreeVar, cell bool) bool {
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
		next, ok := selectedFrom(x)
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
	r, ok := selectedFrom(addr)
	if !ok {
		return -1
	}
	for x, ok := selectedFrom(r); ok; x, ok = selectedFrom(r) {
		r = x
	}
	q, ok := r.(*ssa.Parameter)
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
// A store into a local variable itself (a cell) links nothing: see
// cellObject.
func (ea *escapeAnalysis) linkTarget(addr ssa.Value, roots map[ssa.Value]bool) ssa.Value {
	r, ok := selectedFrom(addr)
	if !ok {
		return nil
	}
	for x, ok := selectedFrom(r); ok; x, ok = selectedFrom(r) {
		r = x
	}
	if roots[r] || ea.isAllocation(r, ea.fresh) {
		return r
	}
	return nil
}

// fromLinked reports whether v is the result of a constructor whose
// object is linked with others (see groupOf).
func (ea *escapeAnalysis) fromLinked(v ssa.Value) bool {
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

// A local variable that a function literal captures lives in memory, a
// cell the SSA form does not lift, and every use loads it anew: in
// g := &T{}; g.n = 1; go func() { g.run() }(), g.n = 1 stores through a
// load of the cell. When the variable is assigned once, with an
// allocation, every load yields that object, which escapes where the
// cell does (captured by the literal) or where a loaded pointer does.

// cellObject returns the object that addr, a load of such a variable,
// points to, and the variable's cell; or nil.
func (ea *escapeAnalysis) cellObject(addr ssa.Value) (ssa.Value, *ssa.Alloc) {
	load, ok := addr.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return nil, nil
	}
	if obj := ea.cellValue(cell); obj != nil {
		return obj, cell
	}
	return nil, nil
}

// cellValue returns the allocation that is the only value stored in
// cell, or nil.
func (ea *escapeAnalysis) cellValue(cell *ssa.Alloc) ssa.Value {
	var obj ssa.Value
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(cell) {
			if obj != nil {
				return nil // assigned more than once
			}
			obj = st.Val
		}
	}
	if obj == nil || !ea.isAllocation(obj, ea.fresh) {
		return nil
	}
	return obj
}

// objectEscapes returns the instructions through which the object obj
// allocated may escape: its escaping uses, and, if it is the value of a
// captured variable, those of the variable's cell and of every load of
// it instead of the store into the cell.
func (ea *escapeAnalysis) objectEscapes(obj ssa.Value) []ssa.Instruction {
	uses := ea.escapingUses(obj)
	var cell *ssa.Alloc
	if refs := obj.Referrers(); refs != nil {
		for _, ref := range *refs {
			if st, ok := ref.(*ssa.Store); ok && st.Val == obj {
				if cl, ok := st.Addr.(*ssa.Alloc); ok && ea.cellValue(cl) == obj {
					cell = cl
				}
			}
		}
	}
	if cell == nil {
		return uses
	}
	uses = slices.DeleteFunc(uses, func(u ssa.Instruction) bool {
		st, ok := u.(*ssa.Store)
		return ok && st.Addr == ssa.Value(cell)
	})
	uses = append(uses, ea.escapingUses(cell)...)
	for _, ref := range *cell.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
			uses = append(uses, ea.escapingUses(load)...)
		}
	}
	return uses
}

// isUnpublished reports whether a goes through a pointer to an object
// that a's function owns when a runs: one it allocated, or that every
// caller passes it while owning it (ownedParams), and that has not
// escaped yet. No other goroutine can reach the object, so initialising
// it plainly (or reading it back) is safe even if it is shared
// atomically later, and an atomic access to it races with nothing.
func (ea *escapeAnalysis) isUnpublished(a *access) bool {
	return ea.ownedAt(a.addr, a.instr)
}

// ownedAt reports whether the object that addr points into is owned by
// its function when instr runs.
func (ea *escapeAnalysis) ownedAt(addr ssa.Value, instr ssa.Instruction) bool {
	root := ea.allocationOf(addr)
	if root == nil {
		return false
	}
	return !ea.escapeOf(root).after(instr)
}

// publication returns the instruction at which the object that addr
// points into stopped being owned by its function before instr runs:
// the first, in source order, of its escaping uses after which instr
// may run; or nil if the object was never owned there.
func (ea *escapeAnalysis) publication(addr ssa.Value, instr ssa.Instruction) ssa.Instruction {
	root := ea.allocationOf(addr)
	if root == nil || !ea.escapeOf(root).after(instr) {
		return nil
	}
	uses := ea.objectEscapes(root)
	fset := ea.pass.Fset
	slices.SortStableFunc(uses, func(x, y ssa.Instruction) int {
		return orderOf(fset, x.Pos()).compare(orderOf(fset, y.Pos()))
	})
	for _, u := range uses {
		if u.Pos().IsValid() && newEscapeInfo(root, []ssa.Instruction{u}).after(instr) {
			return u
		}
	}
	return nil
}

// describeEscape says how the instruction e lets an object escape.
func describeEscape(e ssa.Instruction) string {
	switch e := e.(type) {
	case *ssa.Store:
		return "stored"
	case *ssa.Call:
		if g := e.Common().StaticCallee(); g != nil {
			return "passed to " + g.Name()
		}
		return "passed to a dynamic call"
	case *ssa.Go:
		return "passed to a go statement"
	case *ssa.Defer:
		return "passed to a deferred call"
	case *ssa.Return:
		return "returned"
	case *ssa.Send:
		return "sent"
	case *ssa.MakeClosure:
		return "captured by a function literal"
	case *ssa.MakeInterface:
		return "converted to an interface"
	}
	return "used"
}

// escapeOf returns the escape of root, an allocation or an owned
// parameter, computed once.
func (ea *escapeAnalysis) escapeOf(root ssa.Value) *escapeInfo {
	esc := ea.infos[root]
	if esc == nil {
		esc = newEscapeInfo(root, ea.objectEscapes(root))
		ea.infos[root] = esc
	}
	return esc
}

// allocationOf returns the object that addr points into and that its
// function may own: an allocation (new(T), &T{}, a local variable whose
// address is taken, make([]T, n), a constructor's result) or an owned
// parameter; or nil. The elements of a slice that a field of the object
// holds are the object's too (b.slots[i] for a b the function owns).
func (ea *escapeAnalysis) allocationOf(addr ssa.Value) ssa.Value {
	for {
		if ea.isAllocation(addr, ea.fresh) {
			return addr
		}
		if p, ok := addr.(*ssa.Parameter); ok && ea.owned[p] {
			return p
		}
		if load, ok := addr.(*ssa.UnOp); ok && load.Op == token.MUL && isSliceType(load.Type()) {
			if _, ok := load.X.(*ssa.FieldAddr); ok {
				addr = load.X
				continue
			}
		}
		x, ok := selectedFrom(addr)
		if !ok {
			obj, _ := ea.cellObject(addr)
			return obj
		}
		addr = x
	}
}

func isSliceType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// computeOwnedParams finds the owned parameters: the pointer parameters
// of the functions that only this package calls, and only directly
// (internal), that every call passes an object its caller owns at the
// call. A go statement hands the object to another goroutine, and a
// deferred call runs when the object may have escaped, so neither
// passes one it owns. It starts from every such parameter and removes,
// to a fixpoint, those some call does not pass an owned object, so that
// recursion keeps what the outside calls give.
func (ea *escapeAnalysis) computeOwnedParams(funcs []*ssa.Function, internal map[*ssa.Function]bool) {
	ea.owned = make(map[*ssa.Parameter]bool)
	calls := make(map[*ssa.Function][]ssa.CallInstruction)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if g := call.Common().StaticCallee(); internal[g] {
						calls[g] = append(calls[g], call)
					}
				}
			}
		}
	}
	var candidates []*ssa.Function
	for _, fn := range funcs {
		if !internal[fn] || len(calls[fn]) == 0 {
			continue
		}
		for _, p := range fn.Params {
			if isPointerLike(p.Type()) {
				ea.owned[p] = true
			}
		}
		candidates = append(candidates, fn)
	}
	for changed := true; changed; {
		changed = false
		for _, g := range candidates {
			for _, call := range calls[g] {
				args := call.Common().Args
				_, sync := call.(*ssa.Call)
				for i, p := range g.Params {
					if ea.owned[p] && (!sync || i >= len(args) || !ea.ownedAt(args[i], call)) {
						delete(ea.owned, p)
						changed = true
					}
				}
			}
		}
	}
}

// escapeInfo records, for one allocation, the instructions that may run
// after a pointer into the object has escaped: been passed to a call,
// stored in memory, returned, sent, converted to an interface, captured
// by a closure or merged by a phi. Reaching the allocation again (in a
// loop) makes a new object, which has not escaped.
type escapeInfo struct {
	// allocBlock and allocIndex place the allocation; allocBlock is nil
	// for an owned parameter, which is not allocated again.
	allocBlock *ssa.BasicBlock
	allocIndex int
	spans      map[*ssa.BasicBlock]*afterSpan
}

// An afterSpan gives the instructions of a block that may run after an
// escape: those before index head (the allocation's block, entered
// again by a loop, runs after the escape until the allocation) and
// those from index from on.
type afterSpan struct{ head, from int }

// newEscapeInfo computes what may run after alloc (or an owned
// parameter) escapes through uses.
func newEscapeInfo(alloc ssa.Value, uses []ssa.Instruction) *escapeInfo {
	esc := &escapeInfo{spans: make(map[*ssa.BasicBlock]*afterSpan)}
	if instr, ok := alloc.(ssa.Instruction); ok {
		esc.allocBlock, esc.allocIndex = instr.Block(), indexOf(instr)
	}
	for _, use := range uses {
		esc.markAfter(use)
	}
	return esc
}

// after reports whether instr may run after the object escapes.
func (esc *escapeInfo) after(instr ssa.Instruction) bool {
	s := esc.spans[instr.Block()]
	if s == nil {
		return false
	}
	i := indexOf(instr)
	return i < s.head || i >= s.from
}

// markAfter marks what may run after the escaping instruction e.
func (esc *escapeInfo) markAfter(e ssa.Instruction) {
	var queue []*ssa.BasicBlock
	if esc.enter(e.Block(), indexOf(e)+1) {
		queue = append(queue, e.Block().Succs...)
	}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if esc.enter(b, 0) {
			queue = append(queue, b.Succs...)
		}
	}
}

// enter records that control may reach index i of b after an escape,
// and reports whether it newly flows on to b's successors.
func (esc *escapeInfo) enter(b *ssa.BasicBlock, i int) bool {
	s := esc.spans[b]
	if s == nil {
		s = &afterSpan{head: 0, from: len(b.Instrs)}
		esc.spans[b] = s
	}
	if b == esc.allocBlock && i <= esc.allocIndex {
		// Control runs up to the allocation, which starts afresh.
		s.head = max(s.head, esc.allocIndex)
		return false
	}
	if i >= s.from {
		return false
	}
	s.from = i
	return true
}

func indexOf(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	panic("instruction not in its block")
}

// scopeOf returns the functions that can reach the object addr points
// into, when that object is local: allocated by a function and shared
// only with function literals that the function itself starts (go) or
// calls, and, recursively, the literals nested in them. It returns nil
// when the object may be reachable from anywhere.
//
// An atomic access in some other function cannot touch such an object,
// whatever field it names: this is what lets a function count into a
// local result with atomic adds from its own goroutines, then read it
// once they are joined, without every other counter of the same type
// looking like a conflict.
func (ea *escapeAnalysis) scopeOf(addr ssa.Value) map[*ssa.Function]bool {
	root := ea.rootObject(addr)
	if root == nil {
		return nil
	}
	scope := map[*ssa.Function]bool{root.(ssa.Instruction).Parent(): true}
	for _, use := range ea.escapingUses(root) {
		mc, ok := use.(*ssa.MakeClosure)
		if !ok || !onlyCalled(mc) {
			return nil
		}
		if g := funcOf(mc); g != nil {
			for _, f := range append([]*ssa.Function{g}, anonFuncs(g, nil)...) {
				scope[f] = true
			}
		}
	}
	return scope
}

// rootObject is allocationOf, seeing through a function literal's free
// variables to the values its closure captured.
func (ea *escapeAnalysis) rootObject(addr ssa.Value) ssa.Value {
	for range 8 {
		v := addr
		for x, ok := selectedFrom(v); ok; x, ok = selectedFrom(v) {
			v = x
		}
		if ea.isAllocation(v, ea.fresh) {
			return v
		}
		fv, ok := v.(*ssa.FreeVar)
		if !ok {
			return nil
		}
		captured := capturedValue(fv)
		if captured == nil {
			return nil
		}
		addr = captured
	}
	return nil
}

// capturedValue returns the value that the only closure made of fv's
// function binds to fv, or nil.
func capturedValue(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	index := slices.Index(fn.FreeVars, fv)
	if index < 0 || fn.Parent() == nil {
		return nil
	}
	var found ssa.Value
	for _, ref := range *fn.Referrers() {
		mc, ok := ref.(*ssa.MakeClosure)
		if !ok || mc.Fn != ssa.Value(fn) || index >= len(mc.Bindings) {
			continue
		}
		if found != nil {
			return nil // made twice: which capture is unknown
		}
		found = mc.Bindings[index]
	}
	return found
}

// inScope reports whether fn, or a function literal enclosing it, is in
// scope.
func inScope(fn *ssa.Function, scope map[*ssa.Function]bool) bool {
	for ; fn != nil; fn = fn.Parent() {
		if scope[fn] {
			return true
		}
	}
	return false
}
