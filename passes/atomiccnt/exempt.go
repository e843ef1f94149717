package atomiccnt

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// exemption returns the reason a cannot race with another goroutine
// whatever the other accesses do, or notExempt.
func (c *checker) exemption(a *access) exemption {
	if a.kind != atomicAccess {
		if c.isUnpublished(a) {
			return exemptLocal
		}
		if a.exclusive() {
			return exemptExclusive
		}
		if a.kind == plainRead && c.doomed(a.instr.Block()) {
			return exemptCrash
		}
	}
	if c.directives.covers(c.pass.Fset, a.pos, a.fn) {
		return exemptIgnored
	}
	return notExempt
}

// isUnpublished reports whether a goes through a pointer to an object
// that a's function allocated and that has not escaped when a runs: no
// other goroutine can reach the object yet, so initialising it plainly
// (or reading it back) is safe even if it is shared atomically later.
func (c *checker) isUnpublished(a *access) bool {
	alloc := c.allocationOf(a.addr)
	if alloc == nil {
		return false
	}
	esc := c.escapes[alloc]
	if esc == nil {
		esc = newEscapeInfo(alloc, c.objectEscapes(alloc))
		c.escapes[alloc] = esc
	}
	return !esc.after(a.instr)
}

// allocationOf returns the allocation (new(T), &T{}, a local variable
// whose address is taken, make([]T, n), a constructor's result) that
// addr points into, or nil.
func (c *checker) allocationOf(addr ssa.Value) ssa.Value {
	for {
		if c.isAllocation(addr, c.fresh) {
			return addr
		}
		x, ok := selectedFrom(addr)
		if !ok {
			obj, _ := c.cellObject(addr)
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

// isExportable reports whether other packages can name the variable or
// field v and operate on it atomically: it is exported and its type (or
// element type, for elem) is one the atomic APIs take.
func isExportable(l location) bool {
	if !l.v.Exported() {
		return false
	}
	t := l.v.Type()
	if l.elem {
		switch u := t.Underlying().(type) {
		case *types.Array:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		default:
			return false
		}
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return false
	}
	switch b.Kind() {
	case types.Int32, types.Int64, types.Uint32, types.Uint64, types.Uintptr, types.UnsafePointer:
		return true
	}
	return false
}

// doomed reports whether every path from b ends in a panic: b ends in
// one (the SSA builder puts one after each call that cannot return), or
// all its successors are doomed.
func (c *checker) doomed(b *ssa.BasicBlock) bool {
	fn := b.Parent()
	d, ok := c.doomedBlocks[fn]
	if !ok {
		d = doomedBlocks(fn)
		c.doomedBlocks[fn] = d
	}
	return d[b.Index]
}

func doomedBlocks(fn *ssa.Function) []bool {
	d := make([]bool, len(fn.Blocks))
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if d[b.Index] {
				continue
			}
			doomed := false
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
				doomed = true
			} else if len(b.Succs) > 0 {
				doomed = true
				for _, s := range b.Succs {
					if !d[s.Index] {
						doomed = false
						break
					}
				}
			}
			if doomed {
				d[b.Index] = true
				changed = true
			}
		}
	}
	return d
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
func (c *checker) scopeOf(addr ssa.Value) map[*ssa.Function]bool {
	root := c.rootObject(addr)
	if root == nil {
		return nil
	}
	scope := map[*ssa.Function]bool{root.(ssa.Instruction).Parent(): true}
	for _, use := range c.escapingUses(root) {
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
func (c *checker) rootObject(addr ssa.Value) ssa.Value {
	for range 8 {
		v := addr
		for x, ok := selectedFrom(v); ok; x, ok = selectedFrom(v) {
			v = x
		}
		if c.isAllocation(v, c.fresh) {
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
