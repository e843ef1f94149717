package atomiccnt

import (
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
