package atomiccnt

import (
	"go/token"
	"slices"

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
	// kept holds, for each function, the pointer parameters it does not
	// let escape.
	kept map[*ssa.Function][]bool
	// fresh holds the package's constructors.
	fresh map[*ssa.Function]bool
	// infos caches the escape of allocations.
	infos map[ssa.Value]*escapeInfo
}

// newEscapeAnalysis analyses funcs, the package's functions.
func newEscapeAnalysis(pass *analysis.Pass, funcs []*ssa.Function) *escapeAnalysis {
	ea := &escapeAnalysis{pass: pass, infos: make(map[ssa.Value]*escapeInfo)}
	ea.computeKept(funcs)
	ea.fresh = ea.computeFresh(funcs)
	return ea
}

// computeKept finds, for each function of funcs, the pointer parameters
// it does not let escape. It starts from "none escapes" and marks
// escapes until nothing changes, so that recursion keeps what it can.
func (ea *escapeAnalysis) computeKept(funcs []*ssa.Function) {
	ea.kept = make(map[*ssa.Function][]bool, len(funcs))
	for _, fn := range funcs {
		k := make([]bool, len(fn.Params))
		for i, p := range fn.Params {
			k[i] = isPointerLike(p.Type())
		}
		ea.kept[fn] = k
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			for i, p := range fn.Params {
				if ea.kept[fn][i] && len(ea.escapingUses(p)) > 0 {
					ea.kept[fn][i] = false
					changed = true
				}
			}
		}
	}
}

// keptParam reports whether g, a function of this package, keeps its
// parameter i. Functions of other packages are assumed to let every
// parameter escape: facts do not carry this, to stay small.
func (ea *escapeAnalysis) keptParam(g *ssa.Function, i int) bool {
	k := ea.kept[g]
	return i < len(k) && k[i]
}

// callKeeps reports whether the call, which mentions v, keeps it: v is
// not the function called, and every argument that is v goes to the
// address of an atomic function or to a parameter the callee keeps.
func (ea *escapeAnalysis) callKeeps(call *ssa.CallCommon, v ssa.Value) bool {
	if call.Value == v || call.IsInvoke() {
		return false
	}
	atomic := atomicCallee(call) != nil
	g := call.StaticCallee()
	for i, arg := range call.Args {
		if arg != v {
			continue
		}
		switch {
		case atomic && i == 0:
		case g != nil && ea.keptParam(g, i):
		default:
			return false
		}
	}
	return true
}

// escapingUses returns the instructions through which a pointer into
// the object at v may become visible outside the function's control.
// Selecting a field or element, loading, storing into the object,
// comparing, and passing the address to an atomic function or to a
// parameter that does not escape do not publish the object.
func (ea *escapeAnalysis) escapingUses(v ssa.Value) []ssa.Instruction {
	var uses []ssa.Instruction
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Slice, *ssa.ChangeType, *ssa.Convert:
				work = append(work, ref.(ssa.Value))
			case *ssa.UnOp:
				// A load reads the object; a receive or
				// negation of a pointer does not occur.
			case *ssa.Store:
				if ref.Val == v {
					uses = append(uses, ref)
				}
			case *ssa.BinOp, *ssa.DebugRef:
			case *ssa.Call:
				if !ea.callKeeps(ref.Common(), v) {
					uses = append(uses, ref)
				}
			default:
				uses = append(uses, ref)
			}
		}
	}
	return uses
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
// that a's function allocated and that has not escaped when a runs: no
// other goroutine can reach the object yet, so initialising it plainly
// (or reading it back) is safe even if it is shared atomically later.
func (ea *escapeAnalysis) isUnpublished(a *access) bool {
	alloc := ea.allocationOf(a.addr)
	if alloc == nil {
		return false
	}
	esc := ea.infos[alloc]
	if esc == nil {
		esc = newEscapeInfo(alloc, ea.objectEscapes(alloc))
		ea.infos[alloc] = esc
	}
	return !esc.after(a.instr)
}

// allocationOf returns the allocation (new(T), &T{}, a local variable
// whose address is taken, make([]T, n), a constructor's result) that
// addr points into, or nil.
func (ea *escapeAnalysis) allocationOf(addr ssa.Value) ssa.Value {
	for {
		if ea.isAllocation(addr, ea.fresh) {
			return addr
		}
		x, ok := selectedFrom(addr)
		if !ok {
			obj, _ := ea.cellObject(addr)
			return obj
		}
		addr = x
	}
}

// escapeInfo records, for one allocation, the instructions that may run
// after a pointer into the object has escaped: been passed to a call,
// stored in memory, returned, sent, converted to an interface, captured
// by a closure or merged by a phi. Reaching the allocation again (in a
// loop) makes a new object, which has not escaped.
type escapeInfo struct {
	alloc      ssa.Instruction
	allocIndex int
	spans      map[*ssa.BasicBlock]*afterSpan
}

// An afterSpan gives the instructions of a block that may run after an
// escape: those before index head (the allocation's block, entered
// again by a loop, runs after the escape until the allocation) and
// those from index from on.
type afterSpan struct{ head, from int }

// newEscapeInfo computes what may run after alloc escapes through uses.
func newEscapeInfo(alloc ssa.Value, uses []ssa.Instruction) *escapeInfo {
	instr := alloc.(ssa.Instruction)
	esc := &escapeInfo{
		alloc:      instr,
		allocIndex: indexOf(instr),
		spans:      make(map[*ssa.BasicBlock]*afterSpan),
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
	if b == esc.alloc.Block() && i <= esc.allocIndex {
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
