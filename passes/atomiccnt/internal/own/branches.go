package own

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Correlated branches: a variable that a function rebinds under a
// condition, and then uses under the same condition,
//
//	if isq {
//		nsub := *sub
//		sub = &nsub
//	}
//	...
//	if isq {
//		sub.qw = qw // only ever the private copy
//	}
//
// is a phi node whose incoming values are not all possible at every
// use. An SSA value does not change once computed, so where the
// branches taken to reach an instruction fix a condition's value, an
// incoming value of a phi that arrives only with the opposite value
// cannot be the phi's value there.

// feasibleEdges returns the incoming values of phi that may be its
// value when the instructions of block at run: those whose edge is not
// taken only when a condition has the opposite of the value it has at
// at. It returns every incoming value when phi's block does not
// dominate at (at is in another function, or does not use phi).
func feasibleEdges(phi *ssa.Phi, at *ssa.BasicBlock) []ssa.Value {
	b := phi.Block()
	if at == nil || at.Parent() != b.Parent() || !b.Dominates(at) {
		return phi.Edges
	}
	known := branchConds(at)
	if len(known) == 0 {
		return phi.Edges
	}
	var out []ssa.Value
	for i, v := range phi.Edges {
		conds, ok := edgeConds(b.Preds[i], b)
		if ok && !contradicts(conds, known, b) {
			out = append(out, v)
		}
	}
	return out
}

// contradicts reports whether conds, the conditions of an edge into b,
// give a condition the opposite of its value in known. A condition
// counts only if it is computed before b on every path (its block
// strictly dominates b, or it is a parameter or a constant): then the
// last edge into b and the instruction where known holds see the same
// value of it, since recomputing it would mean entering b again.
func contradicts(conds, known map[ssa.Value]bool, b *ssa.BasicBlock) bool {
	for c, v := range conds {
		w, ok := known[c]
		if !ok || w == v {
			continue
		}
		if instr, ok := c.(ssa.Instruction); ok {
			if d := instr.Block(); d == b || !d.Dominates(b) {
				continue
			}
		}
		return true
	}
	return false
}

// branchConds returns the conditions whose value is fixed at block b:
// for each block that dominates b (b included) and is entered only
// from an If, the value that the If's condition has on that edge.
func branchConds(b *ssa.BasicBlock) map[ssa.Value]bool {
	known := make(map[ssa.Value]bool)
	for d := b; d != nil; d = d.Idom() {
		if len(d.Preds) == 1 && !addEdgeCond(known, d.Preds[0], d) {
			return nil // b is unreachable: claim nothing
		}
	}
	return known
}

// edgeConds returns the conditions whose value is fixed on the edge
// from pred to b: the If that ends pred, and those fixed at pred. It
// reports false if the edge is never taken: the If's condition has the
// other value wherever pred runs.
func edgeConds(pred, b *ssa.BasicBlock) (map[ssa.Value]bool, bool) {
	conds := branchConds(pred)
	if conds == nil {
		return nil, true // pred is unreachable: claim nothing
	}
	return conds, addEdgeCond(conds, pred, b)
}

// addEdgeCond records the value that the condition of the If ending
// pred, seen through negations, has on the edge to b, if pred ends in
// one whose two successors differ. It reports false if conds already
// gives the condition the other value: the edge is never taken.
func addEdgeCond(conds map[ssa.Value]bool, pred, b *ssa.BasicBlock) bool {
	if len(pred.Instrs) == 0 || len(pred.Succs) != 2 || pred.Succs[0] == pred.Succs[1] {
		return true
	}
	ifInstr, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
	if !ok {
		return true
	}
	c, v := ifInstr.Cond, b == pred.Succs[0]
	for {
		u, ok := c.(*ssa.UnOp)
		if !ok {
			break
		}
		if u.Op == token.NOT {
			c, v = u.X, !v
		} else if x := storedOnce(u); x != nil {
			c = x
		} else {
			break
		}
	}
	if old, ok := conds[c]; ok && old != v {
		return false
	}
	conds[c] = v
	return true
}

// onlyValue returns the value that every one of values is, or nil if
// they differ or there are none.
func onlyValue(values []ssa.Value) ssa.Value {
	if len(values) == 0 {
		return nil
	}
	for _, v := range values[1:] {
		if v != values[0] {
			return nil
		}
	}
	return values[0]
}

// phiName names the variable that phi merges, for -explain.
func phiName(phi *ssa.Phi) string {
	if name := phi.Comment; name != "" {
		return name
	}
	return "the variable"
}

// storedOnce returns the value that load reads, when it reads a local
// variable that function literals capture (a cell the SSA form does not
// lift) and that is assigned once, before load, and never through a
// pointer or by a literal: then every load of it is that value. In
//
//	isq := len(sub.queue) > 0
//	unlock := func() { if isq { ... } }
//
// each if isq of the function loads the cell anew, and all are the
// same condition. It returns nil otherwise.
func storedOnce(load *ssa.UnOp) ssa.Value {
	cell, ok := load.X.(*ssa.Alloc)
	if !ok || load.Op != token.MUL {
		return nil
	}
	var store *ssa.Store
	for _, ref := range *cell.Referrers() {
		if s, ok := ref.(*ssa.Store); ok && s.Addr == ssa.Value(cell) && store == nil {
			store = s
		} else if !onlyLoads(ref, cell) {
			return nil
		}
	}
	if store == nil || !RunsBefore(store, load) {
		return nil
	}
	return store.Val
}

// onlyLoads reports whether ref, a use of v (a cell, or a function
// literal's free variable bound to one), only loads the variable: a
// load, or a function literal that, with those nested in it, only
// loads it.
func onlyLoads(ref ssa.Instruction, v ssa.Value) bool {
	switch ref := ref.(type) {
	case *ssa.UnOp:
		return ref.Op == token.MUL
	case *ssa.DebugRef:
		return true
	case *ssa.MakeClosure:
		fn, ok := ref.Fn.(*ssa.Function)
		if !ok {
			return false
		}
		for i, b := range ref.Bindings {
			if b != v {
				continue
			}
			if i >= len(fn.FreeVars) {
				return false
			}
			fv := fn.FreeVars[i]
			for _, r := range *fv.Referrers() {
				if !onlyLoads(r, fv) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// RunsBefore reports whether x, an instruction of the same function as
// y, runs before y on every path to y.
func RunsBefore(x, y ssa.Instruction) bool {
	if x.Block() == y.Block() {
		return indexOf(x) < indexOf(y)
	}
	return x.Block().Dominates(y.Block())
}
