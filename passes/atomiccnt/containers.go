package atomiccnt

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
)

// Containers. An access to a field selects it from a struct, and the
// struct lives somewhere: in a field or package-level variable that
// holds it by value (its container), or in memory that a pointer
// reaches. Accesses whose containers differ touch different memory.
//
// A container (see containerOf) is sealed when no pointer to the struct
// it holds, or to an element of the array it holds, can exist: its
// package takes the container's address only to select a field or an
// element within it, to load the whole value or to store one. A
// pointer, a local variable or an allocated object then never reaches
// its memory, so accesses through them do not meet the accesses through
// the container. This is the pattern of a pool that counts in a stats
// struct it holds by value, atomically, and returns snapshots of the
// same type, which callers read and sum plainly.
//
// Only containers that no other package can name are sealed: unexported
// fields, and unexported package-level variables that no linkname
// directive names. Memory reached by unsafe pointer arithmetic is, as
// everywhere in the analysis, not followed.

// A containers holds what the pass knows of the containers of its
// package: which are sealed, the allocations of the objects that sealed
// pointers hold, and the parameters that sealed containers are lent to.
type containers struct {
	sealed map[*types.Var]bool
	// owners maps each allocation of an object that a sealed pointer
	// holds to that pointer field or variable.
	owners map[*ssa.Alloc]*types.Var
	// lent maps each parameter that a sealed container is lent to, to
	// the container.
	lent map[*ssa.Parameter]*types.Var
	// returns maps each function of the package that returns a pointer
	// into structs that one field or variable holds to that container
	// (see resultContainers), and foreign says it of a function of
	// another package, by its facts.
	returns map[*ssa.Function]*types.Var
	foreign func(*ssa.Function) *types.Var
	// foreignReturns caches foreign's answers: holder asks at every
	// call it meets.
	foreignReturns map[*ssa.Function]*types.Var
}

// isSealed reports whether the container v is sealed.
func (cs *containers) isSealed(v *types.Var) bool { return cs.sealed[v] }

// computeContainers finds the sealed containers of pkg among those that
// funcs, all of the package's functions, take the address of, and the
// allocations of the objects that sealed pointers hold, with their
// pointer field or variable. linknamed holds the names that linkname
// directives mention, and graph is the package's call graph.
func computeContainers(pkg *types.Package, funcs []*ssa.Function, linknamed map[string]bool, graph *calls.Graph, foreign func(*ssa.Function) *types.Var) *containers {
	candidate := func(v *types.Var) bool {
		if v == nil || v.Pkg() != pkg || v.Exported() {
			return false
		}
		if v.Embedded() {
			// Its methods are promoted, and the wrappers that call
			// them with its address are not among funcs.
			return false
		}
		if !v.IsField() && (linknamed[v.Name()] || v.Parent() != pkg.Scope()) {
			return false
		}
		switch t := v.Type().Underlying().(type) {
		case *types.Struct, *types.Array:
			return true
		case *types.Pointer:
			_, ok := t.Elem().Underlying().(*types.Struct)
			return ok
		}
		return false
	}
	owners := make(map[*ssa.Alloc]*types.Var)
	seen := make(map[*types.Var]bool)    // candidates whose address is taken
	escaped := make(map[*types.Var]bool) // ... and escapes
	// A candidate's address may go to a parameter of an internal
	// function: see lentTo.
	lent := make(map[*types.Var][]*ssa.Parameter)
	args := make(map[*ssa.Parameter][]*types.Var) // what each call passes
	var rands []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if g := call.Common().StaticCallee(); graph.Internal(g) {
						for i, arg := range call.Common().Args {
							if i < len(g.Params) && loc.IsPointerLike(arg.Type()) {
								args[g.Params[i]] = append(args[g.Params[i]], loc.AddressOf(arg))
							}
						}
					}
				}
				if f, ok := instr.(*ssa.Field); ok {
					// A pointer field read from a struct value.
					if v := fieldOfValue(f); candidate(v) && isPointerVar(v) {
						seen[v] = true
						if !derefsOnly(f) {
							escaped[v] = true
						}
					}
				}
				rands = instr.Operands(rands[:0])
				for _, op := range rands {
					if *op == nil {
						continue
					}
					v := loc.AddressOf(*op)
					if !candidate(v) {
						continue
					}
					seen[v] = true
					if isPointerVar(v) {
						if !holdsOwnObject(instr, op, v) {
							escaped[v] = true
						} else if st, ok := instr.(*ssa.Store); ok {
							if alloc, ok := st.Val.(*ssa.Alloc); ok {
								owners[alloc] = v
							}
						}
					} else if p := lentTo(instr, op, graph); p != nil {
						lent[v] = append(lent[v], p)
					} else if !selectsWithin(instr, op) {
						escaped[v] = true
					}
				}
			}
		}
	}
	for v, params := range lent {
		for _, p := range params {
			if !onlyReceives(args[p], v) || !selectsOnly(p) {
				escaped[v] = true
			}
		}
	}
	sealed := make(map[*types.Var]bool)
	lentParams := make(map[*ssa.Parameter]*types.Var)
	for v := range seen {
		if !escaped[v] {
			sealed[v] = true
			for _, p := range lent[v] {
				lentParams[p] = v
			}
		}
	}
	for alloc, v := range owners {
		if !sealed[v] {
			delete(owners, alloc)
		}
	}
	cs := &containers{sealed: sealed, owners: owners, lent: lentParams, foreign: foreign, foreignReturns: make(map[*ssa.Function]*types.Var)}
	cs.resultContainers(funcs)
	return cs
}

// A function that returns the address of a struct that a field or
// variable holds by value, or of an element of the array it holds
// (return &m.stats[gen]), returns a pointer into that container at
// every call: what the caller selects through the result is in it, and
// meets only the accesses that may be in it too. This is the runtime's
// consistentHeapStats.acquire, whose callers add atomically to the
// deltas of one generation, while snapshots of the same type that live
// elsewhere are merged plainly.

// resultContainers sets cs.returns: for the functions of funcs whose every
// non-nil result is a pointer into the structs that one container
// holds, that container: a named one, or unnamed for an object the
// function allocates (or gets from another such function) or an
// element of a slice. Functions that return another's result make it
// a fixpoint.
func (cs *containers) resultContainers(funcs []*ssa.Function) {
	cs.returns = make(map[*ssa.Function]*types.Var)
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if cs.returns[fn] != nil {
				continue
			}
			if into := cs.resultContainer(fn); into != nil {
				cs.returns[fn] = into
				changed = true
			}
		}
	}
}

// resultContainer returns the container that fn's every non-nil result
// points into, given cs.returns so far, or nil.
func (cs *containers) resultContainer(fn *ssa.Function) *types.Var {
	if fn.Signature.Results().Len() != 1 || fn.Blocks == nil {
		return nil
	}
	if _, ok := fn.Signature.Results().At(0).Type().Underlying().(*types.Pointer); !ok {
		return nil
	}
	var into *types.Var
	for _, b := range fn.Blocks {
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet {
			continue
		}
		if c, isConst := ret.Results[0].(*ssa.Const); isConst && c.IsNil() {
			continue
		}
		v := cs.holder(ret.Results[0])
		if v == nil || (into != nil && v != into) {
			return nil
		}
		into = v
	}
	return into
}

// A container stays sealed when its address goes to a parameter of a
// function of the package that only the package calls, and only
// directly (calls.Graph.Internal), if every call passes that parameter the
// container's address and the function only selects within it: the
// method that resets a stats struct held by value, say. Accesses through
// the parameter then have the container as theirs (see holder).

// lentTo returns the parameter that instr, a call of one of the internal
// functions, passes *op to, or nil.
func lentTo(instr ssa.Instruction, op *ssa.Value, graph *calls.Graph) *ssa.Parameter {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	common := call.Common()
	g := common.StaticCallee()
	if !graph.Internal(g) {
		return nil
	}
	for i := range common.Args {
		if &common.Args[i] == op && i < len(g.Params) {
			return g.Params[i]
		}
	}
	return nil
}

// onlyReceives reports whether every call passes the parameter whose
// arguments' containers are args the address of v.
func onlyReceives(args []*types.Var, v *types.Var) bool {
	for _, a := range args {
		if a != v {
			return false
		}
	}
	return len(args) > 0
}

// selectsOnly reports whether the function uses its parameter p only to
// select within the memory it points to, load it or store to it.
func selectsOnly(p *ssa.Parameter) bool {
	var rands []*ssa.Value
	for _, ref := range *p.Referrers() {
		rands = ref.Operands(rands[:0])
		for _, op := range rands {
			if *op == p && !selectsWithin(ref, op) {
				return false
			}
		}
	}
	return true
}

// A pointer field or variable is sealed too when it holds its own
// object: every value stored to it is nil or an object allocated for
// it, which nothing else keeps, and every pointer read from it is only
// dereferenced (to select a field, load or store the whole value) or
// compared. The object it points to is then reached only through it,
// as a struct held by value is reached only through its container: the
// private stats object a cache allocates in its constructor, beside
// the snapshots of the same type that it hands out.

// The object is reached through its allocation too, before and after
// the allocation is stored to the pointer: those accesses have the
// pointer as their container, like the others (see holder), so that a
// plain write after the store still meets the atomic accesses.

// holdsOwnObject reports whether instr uses *op, the address of the
// pointer variable v, in a way that keeps v sealed.
func holdsOwnObject(instr ssa.Instruction, op *ssa.Value, v *types.Var) bool {
	switch instr := instr.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.UnOp:
		return instr.Op == token.MUL && derefsOnly(instr)
	case *ssa.Store:
		return op == &instr.Addr && ownObject(instr.Val, v)
	}
	return false
}

// derefsOnly reports whether the pointer p is only dereferenced or
// compared.
func derefsOnly(p ssa.Value) bool {
	for _, ref := range *p.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
		case *ssa.BinOp:
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				return false
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if ref.Val == p {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ownObject reports whether x, stored to the pointer variable v, is nil
// or an object allocated for v alone: its allocation is initialised and
// stored to v, and used no other way.
func ownObject(x ssa.Value, v *types.Var) bool {
	switch x := x.(type) {
	case *ssa.Const:
		return x.IsNil()
	case *ssa.Alloc:
		for _, ref := range *x.Referrers() {
			switch ref := ref.(type) {
			case *ssa.FieldAddr, *ssa.DebugRef:
			case *ssa.UnOp:
				if ref.Op != token.MUL {
					return false
				}
			case *ssa.Store:
				if ref.Val == x && loc.AddressOf(ref.Addr) != v {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}

func isPointerVar(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Pointer)
	return ok
}

// fieldOfValue returns the field that f extracts from a struct value.
func fieldOfValue(f *ssa.Field) *types.Var {
	st, ok := f.X.Type().Underlying().(*types.Struct)
	if !ok || f.Field >= st.NumFields() {
		return nil
	}
	return st.Field(f.Field).Origin()
}

// selectsWithin reports whether instr uses the address *op only in a
// way that keeps it sealed: selecting a field or an array element
// within it (whose own uses loc.AddressOf also finds), loading the value,
// or storing a whole value to it.
func selectsWithin(instr ssa.Instruction, op *ssa.Value) bool {
	switch instr := instr.(type) {
	case *ssa.FieldAddr, *ssa.DebugRef:
		return true
	case *ssa.IndexAddr:
		return op == &instr.X
	case *ssa.UnOp:
		return instr.Op == token.MUL
	case *ssa.Store:
		return op == &instr.Addr
	}
	return false
}

// compatible reports whether accesses with containers a and b may touch
// the same memory. Different containers hold different structs, and
// the arrays that slices are made over include those that fields and
// variables hold (s.items[:]), so the unnamed container meets every
// array-typed one; an unknown (nil) container, reached through a
// pointer, meets any. A sealed container meets only itself.
func (cs *containers) compatible(a, b *types.Var) bool {
	switch {
	case a == b:
		return true
	case a == nil:
		return !cs.sealed[b]
	case b == nil:
		return !cs.sealed[a]
	case a == unnamed:
		return loc.IsArrayVar(b) && !cs.sealed[b]
	case b == unnamed:
		return loc.IsArrayVar(a) && !cs.sealed[a]
	}
	return false
}

// containerOf returns the variable that holds, by value, the struct
// whose field v the address addr selects: for srv.stats.outMsgs, the
// field Server.stats; for config.version, the global config. Two
// accesses with different containers touch different memory even though
// they select the same field, as when a stats struct is embedded both in
// a server, updated atomically, and in each client, updated under the
// client's lock. The container is unnamed for a struct in a slice's
// array, a local variable or an object allocated here, which no field
// or variable can alias except through a slice of an array it holds;
// it is nil (unknown) when the struct is reached
// through a pointer, which may point into any container, and for
// package-level variables, which are their own container. The object
// of a sealed pointer field or variable has that field or
// variable as its container.
func (cs *containers) containerOf(addr ssa.Value, v *types.Var) *types.Var {
	if !v.IsField() {
		return nil
	}
	fa := loc.Selecting(addr, v, make(map[*ssa.Phi]bool))
	if fa == nil {
		return nil
	}
	return cs.holder(fa.X)
}

// holder returns the variable that holds the struct value at addr: the
// field or global it is, or whose array it is an element of; the
// sealed pointer field or variable whose object it is; unnamed for a
// slice element, a local variable or an allocation; or nil.
func (cs *containers) holder(addr ssa.Value) *types.Var {
	x := loc.StripConversions(addr)
	if ia, ok := x.(*ssa.IndexAddr); ok {
		if _, isArray := ia.X.Type().Underlying().(*types.Pointer); !isArray {
			return unnamed // an element of a slice
		}
		x = ia.X // an element of an array held by a field or variable
	}
	switch x := x.(type) {
	case *ssa.FieldAddr:
		return loc.FieldOf(x)
	case *ssa.Global:
		obj, _ := x.Object().(*types.Var)
		return obj
	case *ssa.Alloc:
		if v := cs.owners[x]; v != nil {
			return v // the object of a sealed pointer
		}
		return unnamed // a local variable, new(T), &T{}, an array literal
	case *ssa.FreeVar:
		// A local variable that the function literal captures.
		if _, ok := own.CapturedValue(x).(*ssa.Alloc); ok {
			return unnamed
		}
	case *ssa.UnOp:
		// The object of a sealed pointer field or variable.
		if v := loc.AddressOf(x.X); x.Op == token.MUL && v != nil && isPointerVar(v) && cs.sealed[v] {
			return v
		}
	case *ssa.Field:
		if v := fieldOfValue(x); v != nil && isPointerVar(v) && cs.sealed[v] {
			return v
		}
	case *ssa.Parameter:
		// The parameter that a sealed container is lent to.
		return cs.lent[x]
	case *ssa.Call:
		// A function that returns a pointer into a container.
		if g := x.Call.StaticCallee(); g != nil {
			if v := cs.returns[g]; v != nil {
				return v
			}
			return cs.foreignReturn(g)
		}
	}
	return nil
}

// unnamed is the container of the structs that no field or
// package-level variable holds: those in the arrays that slices are
// made over, in local variables, and the objects that new(T) and &T{}
// allocate. Without unsafe none of them can alias a struct that a field
// or variable holds, though a pointer may point into either, and a
// slice into an array that one holds (see compatible). Facts do not
// name it; to importers it is unknown.
var unnamed = types.NewVar(token.NoPos, nil, "unnamed", nil)

// exportedCtx is ctx as facts know it: the unnamed container is unknown.
func exportedCtx(ctx *types.Var) *types.Var {
	if ctx == unnamed {
		return nil
	}
	return ctx
}

// foreignReturn returns what cs.foreign says of g, once.
func (cs *containers) foreignReturn(g *ssa.Function) *types.Var {
	if cs.foreign == nil {
		return nil
	}
	v, ok := cs.foreignReturns[g]
	if !ok {
		v = cs.foreign(g)
		cs.foreignReturns[g] = v
	}
	return v
}

// foreignContainer returns the container that g, a function of another
// package, returns a pointer into, by its facts as esc reads them: the
// one facts.Func.Into names, unnamed for a constructor's object, or nil.
func foreignContainer(esc *own.Analysis, g *ssa.Function) *types.Var {
	fact := esc.ForeignFact(g)
	switch {
	case fact == nil:
		return nil
	case fact.Fresh:
		return unnamed
	case fact.Into != "":
		return lookupVarID(g.Object().Pkg(), fact.Into)
	}
	return nil
}

// lookupVarID returns the field or package-level variable that id names,
// as varID names it, in pkg or a package it imports, or nil.
func lookupVarID(pkg *types.Package, id string) *types.Var {
	for _, p := range append([]*types.Package{pkg}, pkg.Imports()...) {
		rest, ok := strings.CutPrefix(id, p.Path()+".")
		if !ok {
			continue
		}
		if v, ok := p.Scope().Lookup(rest).(*types.Var); ok {
			return v
		}
		if obj, err := objectpath.Object(p, objectpath.Path(rest)); err == nil {
			if v, ok := obj.(*types.Var); ok && v.IsField() {
				return v.Origin()
			}
		}
	}
	return nil
}
