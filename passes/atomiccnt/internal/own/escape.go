// Package own is the analyzer's ownership analysis: which objects a
// function owns at an instruction, because it allocated them, a
// constructor returned them or every caller passes them while owning
// them, and where each stopped being owned.
//
// Escape analysis decides when an object allocated by a function is
// published: when a pointer into it is stored in memory, returned, sent,
// captured or passed where it may be kept. Passing it to a parameter
// that the callee does not let escape (a method that only reads and
// writes fields through its receiver, an init helper) keeps it
// unpublished, so that c := &conn{}; c.init(); c.state = 1 is still
// initialisation. Objects linked by stores are one, published where any
// of them is; the owning fields' objects are owned with the object that
// holds them.
package own

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// An Analysis holds what the pass knows about the escape of
// objects: which parameters each function keeps, which functions are
// constructors (fresh.go), and, on demand, when each allocation
// escapes.
type Analysis struct {
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
	// owned holds the owned parameters (see computeOwnedParams), and
	// owning the owning fields (see computeOwningFields).
	owned  map[*ssa.Parameter]bool
	owning map[*types.Var]bool
	// handed holds the parameters whose objects the callers hand over,
	// by a directive the caller's checks hold them to (see New).
	handed map[*ssa.Parameter]bool
	// ownedFVs memoises ownedFreeVar, and foreign foreignFact.
	ownedFVs map[*ssa.FreeVar]bool
	foreign  map[*types.Func]*facts.Func
	// infos caches the escape of allocations and owned parameters.
	infos map[ssa.Value]*escapeInfo
}

// New analyses funcs, the package's functions, whose call
// graph is graph. The objects of the parameters in handed are owned on
// entry to their functions, whoever calls them: their callers hand them
// over, as an atomiccnt:handoff directive says.
func New(pass *analysis.Pass, funcs []*ssa.Function, graph *calls.Graph, handed map[*ssa.Parameter]bool) *Analysis {
	ea := &Analysis{
		pass:     pass,
		handed:   handed,
		infos:    make(map[ssa.Value]*escapeInfo),
		freeVars: make(map[*ssa.FreeVar]bool),
		cellVars: make(map[ssa.Value]bool),
		ownedFVs: make(map[*ssa.FreeVar]bool),
		foreign:  make(map[*types.Func]*facts.Func),
	}
	ea.computeKept(funcs)
	ea.computeFresh(funcs)
	ea.computeOwningFields(funcs)
	ea.computeOwnedParams(funcs, graph)
	return ea
}

// computeKept finds, for each function of funcs, the pointer parameters
// it does not let escape, but perhaps through its results, and which
// results may then point to the parameter's object. It starts from
// "none escapes" and marks escapes until nothing changes, so that
// recursion keeps what it can.
func (ea *Analysis) computeKept(funcs []*ssa.Function) {
	ea.kept = make(map[*ssa.Function][]bool, len(funcs))
	ea.results = make(map[*ssa.Function][]uint64, len(funcs))
	ea.links = make(map[*ssa.Function][]uint64, len(funcs))
	for _, fn := range funcs {
		k := make([]bool, len(fn.Params))
		for i, p := range fn.Params {
			k[i] = loc.IsPointerLike(p.Type()) || types.IsInterface(p.Type())
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

// keptParam reports whether g keeps its parameter i, which of its
// results may then point to the parameter's object, and into which
// other parameters' objects it may be stored. For a function of another
// package, its fact says (see confined); without one, every parameter
// escapes.
func (ea *Analysis) keptParam(g *ssa.Function, i int) (kept bool, results, links uint64) {
	if k, ok := ea.kept[g]; ok {
		if i >= len(k) || !k[i] {
			return false, 0, 0
		}
		return true, ea.results[g][i], ea.links[g][i]
	}
	if inspectsOnly(g) {
		return true, 0, 0
	}
	fact := ea.ForeignFact(g)
	if fact == nil {
		return false, 0, 0
	}
	for _, c := range fact.Confined {
		if c.Index == i {
			return true, c.Results, c.Links
		}
	}
	return false, 0, 0
}

// ForeignFact returns the fact of g, a function of another package, or
// nil if it has none or is of this package. The escape walks ask for it
// at every call they follow, again in each round of computeKept: it is
// imported once.
func (ea *Analysis) ForeignFact(g *ssa.Function) *facts.Func {
	obj, ok := g.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == ea.pass.Pkg {
		return nil
	}
	obj = obj.Origin()
	if fact, ok := ea.foreign[obj]; ok {
		return fact
	}
	fact := new(facts.Func)
	if !ea.pass.ImportObjectFact(obj, fact) {
		fact = nil
	}
	ea.foreign[obj] = fact
	return fact
}

// Confined returns the pointer parameters that fn keeps, for its fact:
// another package's calls keep them too.
func (ea *Analysis) Confined(fn *ssa.Function) []facts.Confined {
	var out []facts.Confined
	for i, p := range fn.Params {
		if ea.kept[fn][i] && loc.IsPointerLike(p.Type()) {
			out = append(out, facts.Confined{Index: i, Results: ea.results[fn][i], Links: ea.links[fn][i]})
		}
	}
	return out
}

// callKeeps reports whether the call, which mentions v, keeps it: v is
// not the function called, and every argument that is v goes to the
// address of an atomic function or to a parameter the callee keeps,
// stored at most into the objects of other arguments that members says
// are of v's group. It also returns the results of the call that may
// then point to v.
func (ea *Analysis) callKeeps(call *ssa.CallCommon, v ssa.Value, members map[ssa.Value]bool) (bool, uint64) {
	if call.Value == v || call.IsInvoke() {
		return false, 0
	}
	keepsFirst := atomicapi.Callee(call) != nil || keepsReceiver(call)
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

// inspectsOnly reports whether g is one of the functions of the
// standard library that only inspect their arguments, on the calling
// goroutine, and keep no pointer to them once they return:
// reflect.DeepEqual and reflect.TypeOf, which work by reflection and
// call none of the arguments' methods, and runtime.KeepAlive. Their
// bodies are out of the analysis' reach (reflection, unsafe, the
// compiler's intrinsics), so what they do is stated here.
func inspectsOnly(g *ssa.Function) bool {
	obj, ok := g.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Signature().Recv() != nil {
		return false
	}
	switch obj.Pkg().Path() + "." + obj.Name() {
	case "reflect.DeepEqual", "reflect.TypeOf", "runtime.KeepAlive":
		return true
	}
	return false
}

// A local variable that a function literal captures lives in memory, a
// cell the SSA form does not lift, and every use loads it anew: in
// g := &T{}; g.n = 1; go func() { g.run() }(), g.n = 1 stores through a
// load of the cell. When the variable is assigned once, with an
// allocation, every load yields that object, which escapes where the
// cell does (captured by the literal) or where a loaded pointer does:
// groupOf joins the cell to the object's group.

// cellObject returns the object that addr, a load of such a variable,
// points to, or nil.
func (ea *Analysis) cellObject(addr ssa.Value) ssa.Value {
	load, ok := addr.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	return ea.cellValue(cell)
}

// cellValue returns the allocation that is the only value stored in
// cell, or nil.
func (ea *Analysis) cellValue(cell *ssa.Alloc) ssa.Value {
	var obj ssa.Value
	for _, ref := range *cell.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != ssa.Value(cell) {
				continue
			}
			if obj != nil {
				return nil // assigned more than once
			}
			obj = ref.Val
		case *ssa.MakeClosure:
			if assignedIn(ref, cell) {
				return nil // assigned by a function literal
			}
		}
	}
	if obj == nil || !ea.isAllocation(obj, ea.fresh) {
		return nil
	}
	return obj
}

// assignedIn reports whether the function literal of mc, or one nested
// in it, assigns the variable whose cell mc binds as v.
func assignedIn(mc *ssa.MakeClosure, v ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return true
	}
	for i, b := range mc.Bindings {
		if b != v || i >= len(fn.FreeVars) {
			continue
		}
		fv := fn.FreeVars[i]
		for _, ref := range *fv.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr == ssa.Value(fv) {
					return true
				}
			case *ssa.MakeClosure:
				if assignedIn(ref, fv) {
					return true
				}
			}
		}
	}
	return false
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

// ScopeOf returns the functions that can reach the object addr points
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
func (ea *Analysis) ScopeOf(addr ssa.Value) map[*ssa.Function]bool {
	root := ea.rootObject(addr)
	if root == nil {
		return nil
	}
	scope := map[*ssa.Function]bool{root.(ssa.Instruction).Parent(): true}
	for _, use := range ea.escapingUses(root) {
		mc, ok := use.(*ssa.MakeClosure)
		if !ok || !calls.OnlyCalled(mc) {
			return nil
		}
		if g := calls.FuncOf(mc); g != nil {
			for _, f := range append([]*ssa.Function{g}, calls.AnonFuncs(g, nil)...) {
				scope[f] = true
			}
		}
	}
	return scope
}

// rootObject is allocationOf, seeing through a function literal's free
// variables to the values its closure captured.
func (ea *Analysis) rootObject(addr ssa.Value) ssa.Value {
	for range 8 {
		v := ea.asserted(loc.SelectionRoot(addr))
		if ea.isAllocation(v, ea.fresh) {
			return v
		}
		fv, ok := v.(*ssa.FreeVar)
		if !ok {
			return nil
		}
		captured := CapturedValue(fv)
		if captured == nil {
			return nil
		}
		addr = captured
	}
	return nil
}

// CapturedValue returns the value that the only closure made of fv's
// function binds to fv, or nil.
func CapturedValue(fv *ssa.FreeVar) ssa.Value {
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

// InScope reports whether fn, or a function literal enclosing it, is in
// scope.
func InScope(fn *ssa.Function, scope map[*ssa.Function]bool) bool {
	for ; fn != nil; fn = fn.Parent() {
		if scope[fn] {
			return true
		}
	}
	return false
}

// FreshFact reports whether facts record fn as a constructor
// (facts.Func.Fresh): it returns a new object, linked with no other.
func (ea *Analysis) FreshFact(fn *ssa.Function) bool { return ea.fresh[fn] && !ea.linked[fn] }
