package atomiccnt

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Names as the source spells them, for messages: the location an
// access names (finblock.cnt, lib.Stats.n), a function or a type.

// nameOf names the location that a accesses as the source spells it:
// the struct type and field (finblock.cnt), qualified by package name
// outside its package (lib.Stats.n), or the variable.
func (u *unit) nameOf(a *access) string {
	name := u.varName(a.loc.Var, a.addr)
	if !a.loc.Elem {
		return name
	}
	if _, ok := loc.StripConversions(a.addr).(*ssa.IndexAddr); ok {
		return "an element of " + name
	}
	return "the elements of " + name // a copy of the whole array
}

func (u *unit) varName(v *types.Var, addr ssa.Value) string {
	if !v.IsField() {
		return u.qualify(v)
	}
	if fa := loc.Selecting(addr, v, make(map[*ssa.Phi]bool)); fa != nil {
		return u.fieldName(fa)
	}
	return v.Name()
}

// fieldName names the field fa selects by its struct type, or, for an
// anonymous struct, by the path that leads to it.
func (u *unit) fieldName(fa *ssa.FieldAddr) string {
	field := loc.FieldOf(fa).Name()
	ptr := fa.X.Type().Underlying().(*types.Pointer)
	if named, ok := types.Unalias(ptr.Elem()).(*types.Named); ok {
		return u.qualify(named.Origin().Obj()) + "." + field
	}
	switch x := fa.X.(type) {
	case *ssa.FieldAddr:
		return u.fieldName(x) + "." + field
	case *ssa.Global:
		return u.qualify(x.Object()) + "." + field
	}
	return field
}

func (u *unit) qualify(obj types.Object) string {
	if obj.Pkg() != nil && obj.Pkg() != u.pass.Pkg {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

// funcName names g as a call to it is written: inc, flag.Set, or, from
// another package, wraplib.Add and wraplib.Flag.Set.
func (u *unit) funcName(g *ssa.Function) string {
	obj, ok := g.Object().(*types.Func)
	if !ok {
		return g.Name()
	}
	name := obj.Name()
	if recv := obj.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if named, ok := types.Unalias(t).(*types.Named); ok {
			return u.qualify(named.Origin().Obj()) + "." + name
		}
		return name
	}
	return u.qualify(obj)
}

// readerName names the function that makes a concurrent access: its
// name as a call would spell it, or, for a function literal, the
// function that encloses it.
func (u *unit) readerName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if _, ok := fn.Object().(*types.Func); ok {
		return u.funcName(fn)
	}
	return fn.Name()
}

func (u *unit) typeName(t types.Type) string {
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return u.qualify(named.Origin().Obj())
	}
	return "struct"
}
