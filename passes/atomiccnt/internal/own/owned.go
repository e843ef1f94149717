package own

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// Ownership: which objects a function owns at an instruction, the
// parameters it owns because every caller passes an object it owns, and
// where an object stopped being owned, for -explain.

// OwnedAt reports whether addr points into an object that its function
// owns when instr runs: one it allocated, or that every caller passes it
// while owning it (computeOwnedParams), and that has not escaped yet. No
// other goroutine can reach the object, so initialising it plainly (or
// reading it back) is safe even if it is shared atomically later, and
// an atomic access to it races with nothing.
func (ea *Analysis) OwnedAt(addr ssa.Value, instr ssa.Instruction) bool {
	root := ea.allocationOf(addr, instr.Block())
	if root == nil {
		return false
	}
	return !ea.escapeOf(root).after(instr)
}

// Publication returns the instruction at which the object that addr
// points into stopped being owned by its function before instr runs:
// the first, in source order, of its escaping uses after which instr
// may run; or nil if the object was never owned there.
func (ea *Analysis) Publication(addr ssa.Value, instr ssa.Instruction) ssa.Instruction {
	root := ea.allocationOf(addr, instr.Block())
	if root == nil || !ea.escapeOf(root).after(instr) {
		return nil
	}
	uses := ea.escapingUses(root)
	fset := ea.pass.Fset
	slices.SortStableFunc(uses, func(x, y ssa.Instruction) int {
		return syntax.OrderOf(fset, x.Pos()).Compare(syntax.OrderOf(fset, y.Pos()))
	})
	for _, u := range uses {
		if u.Pos().IsValid() && newEscapeInfo(root, []ssa.Instruction{u}).after(instr) {
			return u
		}
	}
	return nil
}

// DescribeEscape says how the instruction e lets an object escape.
func DescribeEscape(e ssa.Instruction) string {
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
	}
	return "used"
}

// escapeOf returns the escape of root, an allocation or an owned
// parameter, computed once.
func (ea *Analysis) escapeOf(root ssa.Value) *escapeInfo {
	esc := ea.infos[root]
	if esc == nil {
		esc = newEscapeInfo(root, ea.escapingUses(root))
		ea.infos[root] = esc
	}
	return esc
}

// allocationOf returns the object that addr points into and that its
// function may own: an allocation (new(T), &T{}, a local variable whose
// address is taken, make([]T, n), a constructor's result) or an owned
// parameter; or nil. The elements of a slice that a field of the object
// holds are the object's too (b.slots[i] for a b the function owns), and
// so is the object that an owning field of it points to (s.st.hits).
// Through a phi, it follows the one incoming value that is possible in
// block at (see feasibleEdges).
func (ea *Analysis) allocationOf(addr ssa.Value, at *ssa.BasicBlock) ssa.Value {
	root, _ := ea.ownerOf(addr, at, false)
	return root
}

// ownerOf is allocationOf; if describe is set, it also says, for
// -explain, how the function comes to own the object.
func (ea *Analysis) ownerOf(addr ssa.Value, at *ssa.BasicBlock, describe bool) (ssa.Value, string) {
	var through []string
	how := func(s string) string {
		if !describe {
			return ""
		}
		for i := len(through) - 1; i >= 0; i-- {
			s += ", " + through[i]
		}
		return s
	}
	for {
		addr = ea.asserted(addr)
		if ea.isAllocation(addr, ea.fresh) {
			if call, ok := callOf(addr); ok {
				return addr, how("returned by " + call.Common().StaticCallee().Name() + ", a constructor")
			}
			return addr, how("allocated by the function")
		}
		if p, ok := addr.(*ssa.Parameter); ok && ea.handed[p] {
			return p, how("handed over by its callers, as its function's atomiccnt:handoff directive says")
		}
		if p, ok := addr.(*ssa.Parameter); ok && ea.owned[p] {
			return p, how("passed by every call while its caller owns it")
		}
		if fv := freeVarOf(addr); fv != nil && ea.ownedFreeVar(fv) {
			return fv, how("owned by the function literal's creator at every call")
		}
		if x, ok := ea.owningLoad(addr); ok {
			if describe {
				through = append(through, "and its owning field "+loc.FieldOf(addr.(*ssa.UnOp).X.(*ssa.FieldAddr)).Name()+" points to this one")
			}
			addr = x // s.st, where s owns what st points to
			continue
		}
		if load, ok := addr.(*ssa.UnOp); ok && load.Op == token.MUL && isSliceType(load.Type()) {
			if fa, ok := load.X.(*ssa.FieldAddr); ok && ea.owning[loc.FieldOf(fa)] {
				if describe {
					through = append(through, "and this is an element of a slice it holds")
				}
				addr = load.X
				continue
			}
		}
		if phi, ok := addr.(*ssa.Phi); ok {
			if v := onlyValue(feasibleEdges(phi, at)); v != nil {
				if describe {
					through = append(through, "and the branches taken to this access rule out the other values of "+phiName(phi))
				}
				addr = v
				continue
			}
		}
		x, ok := loc.SelectedFrom(addr)
		if !ok {
			obj := ea.asserted(ea.cellObject(addr))
			if obj == nil {
				return nil, ""
			}
			if call, ok := callOf(obj); ok {
				return obj, how("returned by " + call.Common().StaticCallee().Name() + ", a constructor, into a variable a function literal captures")
			}
			return obj, how("allocated by the function, into a variable a function literal captures")
		}
		addr = x
	}
}

// callOf returns the call whose result v is, if v is one: a call, its
// first result, or its result asserted out of an interface.
func callOf(v ssa.Value) (*ssa.Call, bool) {
	switch v := v.(type) {
	case *ssa.Call:
		return v, true
	case *ssa.Extract:
		call, ok := v.Tuple.(*ssa.Call)
		return call, ok
	case *ssa.TypeAssert:
		call, ok := v.X.(*ssa.Call)
		return call, ok
	}
	return nil, false
}

// Ownership says, for -explain, how the function of instr, an access
// through addr, owns the object, or "", and which calls before instr it
// passed the object to that only inspect it.
func (ea *Analysis) Ownership(addr ssa.Value, instr ssa.Instruction) string {
	root, how := ea.ownerOf(addr, instr.Block(), true)
	if root == nil {
		return how
	}
	for _, call := range ea.groupOf(root).inspected {
		if newEscapeInfo(root, []ssa.Instruction{call}).after(instr) {
			how += fmt.Sprintf(", and %s at %s only inspects it", call.Common().StaticCallee().Name(), syntax.FileLine(ea.pass.Fset, call.Pos()))
		}
	}
	return how
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
func (ea *Analysis) computeOwnedParams(funcs []*ssa.Function, graph *calls.Graph) {
	ea.owned = make(map[*ssa.Parameter]bool)
	var candidates []*ssa.Function
	for _, fn := range funcs {
		// A function that only systemstack runs is passed no argument.
		if !graph.Internal(fn) || !slices.ContainsFunc(graph.CallsOf(fn), func(s calls.Site) bool { return !s.Arg }) {
			continue
		}
		for _, p := range fn.Params {
			if loc.IsPointerLike(p.Type()) {
				ea.owned[p] = true
			}
		}
		candidates = append(candidates, fn)
	}
	for changed := true; changed; {
		changed = false
		for _, g := range candidates {
			for _, s := range graph.CallsOf(g) {
				if s.Arg {
					continue
				}
				call := s.Instr
				args := call.Common().Args
				_, sync := call.(*ssa.Call)
				for i, p := range g.Params {
					if ea.owned[p] && (!sync || i >= len(args) || !ea.OwnedAt(args[i], call)) {
						delete(ea.owned, p)
						changed = true
					}
				}
			}
		}
	}
}

// freeVarOf returns the free variable that addr is, or that holds addr
// in a cell (a captured local variable, loaded); or nil.
func freeVarOf(addr ssa.Value) *ssa.FreeVar {
	if load, ok := addr.(*ssa.UnOp); ok && load.Op == token.MUL {
		addr = load.X
	}
	fv, _ := addr.(*ssa.FreeVar)
	return fv
}

// ownedFreeVar reports whether the function literal of fv owns the
// object fv holds: its creator only calls the literal, synchronously
// (see closureKeeps; not in a deferred call, which runs when the object
// may have escaped), and owns the object at every call. The literal runs
// between those instructions of its creator, as a callee would.
func (ea *Analysis) ownedFreeVar(fv *ssa.FreeVar) bool {
	if owned, ok := ea.ownedFVs[fv]; ok {
		return owned
	}
	ea.ownedFVs[fv] = false // recursion: assume not
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	parent := fn.Parent()
	if i < 0 || parent == nil {
		return false
	}
	nCalls, cell := 0, false
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != ssa.Value(fn) {
				continue
			}
			for _, ref := range *mc.Referrers() {
				if _, ok := ref.(*ssa.DebugRef); ok {
					continue
				}
				call, ok := ref.(*ssa.Call)
				if !ok {
					return false
				}
				common := call.Common()
				if !isSubtest(common, mc) && (common.Value != ssa.Value(mc) || slices.Contains(common.Args, ssa.Value(mc))) {
					return false
				}
				if !ea.ownsBinding(mc.Bindings[i], call) {
					return false
				}
				_, isCell := mc.Bindings[i].(*ssa.Alloc)
				cell = cell || isCell
				nCalls++
			}
		}
	}
	if nCalls == 0 {
		return false
	}
	if cell {
		ea.cellVars[fv] = true // its loads yield the object (see groupOf)
	}
	ea.ownedFVs[fv] = true
	return true
}

// ownsBinding reports whether the creator of a closure owns, at call,
// the object that b, a binding of the closure, gives it: b itself, or
// the object that b, a local variable's cell, holds.
func (ea *Analysis) ownsBinding(b ssa.Value, call ssa.Instruction) bool {
	if cell, ok := b.(*ssa.Alloc); ok {
		obj := ea.cellValue(cell)
		return obj != nil && ea.OwnedAt(obj, call)
	}
	return ea.OwnedAt(b, call)
}

// asserted returns the constructor's result that v, an assertion of it
// (NewCounter().(*counter)), takes the object out of, or v. The result's
// group holds every assertion of it, so its escape is the object's:
// publishing the interface publishes what an assertion takes out.
func (ea *Analysis) asserted(v ssa.Value) ssa.Value {
	if ta, ok := v.(*ssa.TypeAssert); ok && ea.isAllocation(ta, ea.fresh) {
		return ta.X
	}
	return v
}
