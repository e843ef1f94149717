package atomiccnt

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Wrappers are functions that access memory through a pointer
// parameter: func inc(p *uint32) { atomic.AddUint32(p, 1) }, or a method
// of type flag int32 that loads its receiver atomically. A call counts as
// the accesses the callee makes through its arguments, so inc(&x.n)
// makes x.n an atomically accessed location, in this package and, through
// a facts.Func fact, in the packages that import it.

// A paramUse summarises the accesses a function makes through one
// pointer parameter.
type paramUse struct {
	load, store *atomicapi.Func // the first atomic load and atomic write
	read, write bool            // plain accesses
}

func (u paramUse) isZero() bool { return u == paramUse{} }

// merge adds v's uses to u and reports whether u changed.
func (u *paramUse) merge(v paramUse) bool {
	old := *u
	if u.load == nil {
		u.load = v.load
	}
	if u.store == nil {
		u.store = v.store
	}
	u.read = u.read || v.read
	u.write = u.write || v.write
	return *u != old
}

// paramIndex returns the index of the parameter of fn that addr is,
// through pointer conversions, or -1. Only parameters that can address
// a word the atomic APIs operate on count (*int32, *uintptr,
// unsafe.Pointer...): a helper that copies a whole struct through its
// pointer parameter is not a wrapper, and keeping it out keeps the facts
// small.
func paramIndex(fn *ssa.Function, addr ssa.Value) int {
	p, ok := loc.StripConversions(addr).(*ssa.Parameter)
	if !ok || p.Parent() != fn || !isWordPointer(p.Type()) {
		return -1
	}
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// isWordPointer reports whether t is unsafe.Pointer or a pointer to an
// integer type that some atomic API takes.
func isWordPointer(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Basic:
		return t.Kind() == types.UnsafePointer
	case *types.Pointer:
		b, ok := t.Elem().Underlying().(*types.Basic)
		if !ok {
			return false
		}
		switch b.Kind() {
		case types.Int32, types.Int64, types.Uint32, types.Uint64, types.Uintptr,
			types.UnsafePointer, types.Uint8, types.Uint:
			return true
		}
	}
	return false
}

// computeParamUses summarises, for every function of funcs, the
// accesses it makes through each parameter: directly, or by passing
// the parameter on to another function of the package (to a fixpoint).
func computeParamUses(funcs []*ssa.Function, graph *calls.Graph) map[*ssa.Function][]paramUse {
	uses := make(map[*ssa.Function][]paramUse, len(funcs))
	for _, fn := range funcs {
		u := make([]paramUse, len(fn.Params))
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					if i := paramIndex(fn, instr.Addr); i >= 0 {
						u[i].write = true
					}
				case *ssa.UnOp:
					if i := paramIndex(fn, instr.X); instr.Op == token.MUL && i >= 0 {
						u[i].read = true
					}
				case ssa.CallInstruction:
					api := atomicapi.Callee(instr.Common())
					if api == nil {
						continue
					}
					if i := paramIndex(fn, instr.Common().Args[0]); i >= 0 {
						if api.Op().Writes() {
							u[i].merge(paramUse{store: api})
						} else {
							u[i].merge(paramUse{load: api})
						}
					}
				}
			}
		}
		uses[fn] = u
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			for _, s := range graph.CallsIn(fn) {
				call, ok := s.Instr.(*ssa.Call)
				if !ok || s.Arg || uses[s.Callee] == nil {
					continue
				}
				for j, arg := range call.Common().Args {
					if i := paramIndex(fn, arg); i >= 0 && j < len(uses[s.Callee]) {
						if uses[fn][i].merge(uses[s.Callee][j]) {
							changed = true
						}
					}
				}
			}
		}
	}
	return uses
}

// calleeUses returns the parameter uses of g: computed here for the
// package's own functions, from facts for the others.
func (w *walker) calleeUses(g *ssa.Function) []paramUse {
	if u, ok := w.paramUses[g]; ok {
		return u
	}
	obj, ok := g.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == w.pass.Pkg {
		return nil
	}
	var fact facts.Func
	if !w.pass.ImportObjectFact(obj.Origin(), &fact) {
		return nil
	}
	n := obj.Signature().Params().Len()
	if obj.Signature().Recv() != nil {
		n++
	}
	u := make([]paramUse, n)
	for _, p := range fact.Params {
		if p.Index >= n {
			continue
		}
		u[p.Index] = paramUse{
			load:  atomicapi.Wrapped(p.AtomicLoad, atomicapi.Load),
			store: atomicapi.Wrapped(p.AtomicWrite, atomicapi.Store),
			read:  p.PlainRead,
			write: p.PlainWrite,
		}
	}
	return u
}

// recordWrapperCall records the accesses that call, to a wrapper g,
// makes through its arguments.
func (w *walker) recordWrapperCall(fn *ssa.Function, instr ssa.CallInstruction, g *ssa.Function) {
	uses := w.calleeUses(g)
	if len(uses) == 0 || !instr.Pos().IsValid() {
		return
	}
	via := w.funcName(g)
	for j, u := range uses {
		if u.isZero() || j >= len(instr.Common().Args) {
			continue
		}
		arg := instr.Common().Args[j]
		base := access{fn: fn, instr: instr, addr: arg, pos: instr.Pos(), via: via}
		for _, a := range []struct {
			ok   bool
			kind accessKind
			api  *atomicapi.Func
		}{
			{u.load != nil, atomicAccess, u.load},
			{u.store != nil, atomicAccess, u.store},
			{u.read, plainRead, nil},
			{u.write, plainWrite, nil},
		} {
			if a.ok {
				acc := base
				acc.kind, acc.api = a.kind, a.api
				w.record(&acc)
			}
		}
	}
}

// exportFuncFacts exports a facts.Func for each function of funcs that
// is a wrapper or a constructor, or that keeps a pointer parameter
// whose object holds a field that another package may access plainly
// and that is accessed atomically (summaries say which): an importer
// that owns such an object keeps owning it through the call. A
// constructor that links its object with others is not exported as
// one: its importers would not follow the links (see groupOf).
func (c *checker) exportFuncFacts(funcs []*ssa.Function, summaries []*summary) {
	holds := atomicHolders(summaries)
	for _, fn := range funcs {
		if obj, ok := fn.Object().(*types.Func); ok && callableElsewhere(obj) {
			var confined []facts.Confined
			for _, p := range c.esc.Confined(fn) {
				if holds(fn.Params[p.Index].Type()) {
					confined = append(confined, p)
				}
			}
			into := ""
			if v := c.containers.returns[fn]; v != nil && v != unnamed {
				into = c.imported.varID(loc.Location{Var: v})
			}
			if fact := funcFact(c.paramUses[fn], c.esc.FreshFact(fn), confined, into); fact != nil {
				c.pass.ExportObjectFact(obj, fact)
			}
		}
	}
}

// atomicHolders returns a function that reports whether a pointer type
// points to an object that holds, in itself or in the structs and
// arrays it holds by value, an exported field accessed atomically.
func atomicHolders(summaries []*summary) func(types.Type) bool {
	fields := make(map[*types.Var]bool)
	for _, s := range summaries {
		if v := s.loc.Var; v.IsField() && v.Exported() && s.isAtomic() {
			fields[v.Origin()] = true
		}
	}
	memo := make(map[types.Type]bool)
	var holds func(t types.Type) bool
	holds = func(t types.Type) bool {
		if r, ok := memo[t]; ok {
			return r
		}
		memo[t] = false // value types cannot contain themselves; this ends a bad cycle
		r := false
		switch u := t.Underlying().(type) {
		case *types.Struct:
			for f := range u.Fields() {
				if fields[f.Origin()] || holds(f.Type()) {
					r = true
					break
				}
			}
		case *types.Array:
			r = holds(u.Elem())
		}
		memo[t] = r
		return r
	}
	return func(t types.Type) bool {
		p, ok := t.Underlying().(*types.Pointer)
		return ok && len(fields) > 0 && holds(p.Elem())
	}
}

// callableElsewhere reports whether another package can call f: an
// exported function, or an exported method of an exported type. Facts
// about the others would never be read.
func callableElsewhere(f *types.Func) bool {
	if !f.Exported() {
		return false
	}
	if f.Signature().Recv() == nil {
		return true
	}
	named := calls.RecvNamed(f)
	return named != nil && named.Obj().Exported()
}

// funcFact builds the fact for a function's parameter uses, freshness
// and confined parameters, or nil.
func funcFact(uses []paramUse, fresh bool, confined []facts.Confined, into string) *facts.Func {
	fact := facts.Func{Fresh: fresh, Confined: confined, Into: into}
	for i, u := range uses {
		if u.isZero() {
			continue
		}
		p := facts.Param{Index: i, PlainRead: u.read, PlainWrite: u.write}
		if u.load != nil {
			p.AtomicLoad = u.load.Qualified()
		}
		if u.store != nil {
			p.AtomicWrite = u.store.Qualified()
		}
		fact.Params = append(fact.Params, p)
	}
	if len(fact.Params) == 0 && !fresh && len(confined) == 0 && into == "" {
		return nil
	}
	return &fact
}
