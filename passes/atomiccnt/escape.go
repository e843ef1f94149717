package atomiccnt

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Escape analysis decides when an object allocated by a function is
// published: when a pointer into it is stored in memory, returned, sent,
// captured or passed where it may be kept. Passing it to a parameter
// that the callee does not let escape (a method that only reads and
// writes fields through its receiver, an init helper) keeps it
// unpublished, so that c := &conn{}; c.init(); c.state = 1 is still
// initialisation.

// computeKept finds, for each function of funcs, the pointer parameters
// it does not let escape. It starts from "none escapes" and marks
// escapes until nothing changes, so that recursion keeps what it can.
func (c *checker) computeKept(funcs []*ssa.Function) {
	c.kept = make(map[*ssa.Function][]bool, len(funcs))
	for _, fn := range funcs {
		k := make([]bool, len(fn.Params))
		for i, p := range fn.Params {
			k[i] = isPointerLike(p.Type())
		}
		c.kept[fn] = k
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			for i, p := range fn.Params {
				if c.kept[fn][i] && len(c.escapingUses(p)) > 0 {
					c.kept[fn][i] = false
					changed = true
				}
			}
		}
	}
}

// keptParam reports whether g, a function of this package, keeps its
// parameter i. Functions of other packages are assumed to let every
// parameter escape: facts do not carry this, to stay small.
func (c *checker) keptParam(g *ssa.Function, i int) bool {
	k := c.kept[g]
	return i < len(k) && k[i]
}

// callKeeps reports whether the call, which mentions v, keeps it: v is
// not the function called, and every argument that is v goes to the
// address of an atomic function or to a parameter the callee keeps.
func (c *checker) callKeeps(call *ssa.CallCommon, v ssa.Value) bool {
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
		case g != nil && c.keptParam(g, i):
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
func (c *checker) escapingUses(v ssa.Value) []ssa.Instruction {
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
				if !c.callKeeps(ref.Common(), v) {
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
func (c *checker) cellObject(addr ssa.Value) (ssa.Value, *ssa.Alloc) {
	load, ok := addr.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return nil, nil
	}
	if obj := c.cellValue(cell); obj != nil {
		return obj, cell
	}
	return nil, nil
}

// cellValue returns the allocation that is the only value stored in
// cell, or nil.
func (c *checker) cellValue(cell *ssa.Alloc) ssa.Value {
	var obj ssa.Value
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(cell) {
			if obj != nil {
				return nil // assigned more than once
			}
			obj = st.Val
		}
	}
	if obj == nil || !c.isAllocation(obj, c.fresh) {
		return nil
	}
	return obj
}

// objectEscapes returns the instructions through which the object obj
// allocated may escape: its escaping uses, and, if it is the value of a
// captured variable, those of the variable's cell and of every load of
// it instead of the store into the cell.
func (c *checker) objectEscapes(obj ssa.Value) []ssa.Instruction {
	uses := c.escapingUses(obj)
	var cell *ssa.Alloc
	if refs := obj.Referrers(); refs != nil {
		for _, ref := range *refs {
			if st, ok := ref.(*ssa.Store); ok && st.Val == obj {
				if cl, ok := st.Addr.(*ssa.Alloc); ok && c.cellValue(cl) == obj {
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
	uses = append(uses, c.escapingUses(cell)...)
	for _, ref := range *cell.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
			uses = append(uses, c.escapingUses(load)...)
		}
	}
	return uses
}
