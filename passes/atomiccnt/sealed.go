package atomiccnt

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

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

// computeSealed returns the package's sealed containers among those
// that funcs, all of the package's functions, take the address of, and
// the allocations of the objects that sealed pointers hold, with their
// pointer field or variable. linknamed holds the names that linkname
// directives mention, internal the functions whose every call the
// package makes (internalFuncs).
func (c *checker) computeSealed(funcs []*ssa.Function, linknamed map[string]bool, internal map[*ssa.Function]bool) (map[*types.Var]bool, map[*ssa.Alloc]*types.Var) {
	candidate := func(v *types.Var) bool {
		if v == nil || v.Pkg() != c.pass.Pkg || v.Exported() {
			return false
		}
		if v.Embedded() {
			// Its methods are promoted, and the wrappers that call
			// them with its address are not among funcs.
			return false
		}
		if !v.IsField() && (linknamed[v.Name()] || v.Parent() != c.pass.Pkg.Scope()) {
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
					if g := call.Common().StaticCallee(); internal[g] {
						for i, arg := range call.Common().Args {
							if i < len(g.Params) && isPointerLike(arg.Type()) {
								args[g.Params[i]] = append(args[g.Params[i]], addressOf(arg))
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
					v := addressOf(*op)
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
					} else if p := lentTo(instr, op, internal); p != nil {
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
	c.lentParams = make(map[*ssa.Parameter]*types.Var)
	for v := range seen {
		if !escaped[v] {
			sealed[v] = true
			for _, p := range lent[v] {
				c.lentParams[p] = v
			}
		}
	}
	for alloc, v := range owners {
		if !sealed[v] {
			delete(owners, alloc)
		}
	}
	return sealed, owners
}

// A container stays sealed when its address goes to a parameter of a
// function of the package that only the package calls, and only
// directly (internalFuncs), if every call passes that parameter the
// container's address and the function only selects within it: the
// method that resets a stats struct held by value, say. Accesses through
// the parameter then have the container as theirs (see holder).

// lentTo returns the parameter that instr, a call of one of the internal
// functions, passes *op to, or nil.
func lentTo(instr ssa.Instruction, op *ssa.Value, internal map[*ssa.Function]bool) *ssa.Parameter {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	common := call.Common()
	g := common.StaticCallee()
	if !internal[g] {
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
				if ref.Val == x && addressOf(ref.Addr) != v {
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
// within it (whose own uses addressOf also finds), loading the value,
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
func (c *checker) compatible(a, b *types.Var) bool {
	switch {
	case a == b:
		return true
	case a == nil:
		return !c.sealed[b]
	case b == nil:
		return !c.sealed[a]
	case a == unnamed:
		return isArrayVar(b) && !c.sealed[b]
	case b == unnamed:
		return isArrayVar(a) && !c.sealed[a]
	}
	return false
}
