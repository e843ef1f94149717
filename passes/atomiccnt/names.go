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
func (c *checker) nameOf(a *access) string {
	name := c.varName(a.loc.Var, a.addr)
	if !a.loc.Elem {
		return name
	}
	if _, ok := loc.StripConversions(a.addr).(*ssa.IndexAddr); ok {
		return "an element of " + name
	}
	return "the elements of " + name // a copy of the whole array
}

func (c *checker) varName(v *types.Var, addr ssa.Value) string {
	if !v.IsField() {
		return c.qualify(v)
	}
	if fa := loc.Selecting(addr, v, make(map[*ssa.Phi]bool)); fa != nil {
		return c.fieldName(fa)
	}
	return v.Name()
}

// fieldName names the field fa selects by its struct type, or, for an
// anonymous struct, by the path that leads to it.
func (c *checker) fieldName(fa *ssa.FieldAddr) string {
	field := loc.FieldOf(fa).Name()
	ptr := fa.X.Type().Underlying().(*types.Pointer)
	if named, ok := types.Unalias(ptr.Elem()).(*types.Named); ok {
		return c.qualify(named.Origin().Obj()) + "." + field
	}
	switch x := fa.X.(type) {
	case *ssa.FieldAddr:
		return c.fieldName(x) + "." + field
	case *ssa.Global:
		return c.qualify(x.Object()) + "." + field
	}
	return field
}

func (c *checker) qualify(obj types.Object) string {
	if obj.Pkg() != nil && obj.Pkg() != c.pass.Pkg {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}

// funcName names g as a call to it is written: inc, flag.Set, or, from
// another package, wraplib.Add and wraplib.Flag.Set.
func (c *checker) funcName(g *ssa.Function) string {
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
			return c.qualify(named.Origin().Obj()) + "." + name
		}
		return name
	}
	return c.qualify(obj)
}

// readerName names the function that makes a concurrent access: its
// name as a call would spell it, or, for a function literal, the
// function that encloses it.
func (c *checker) readerName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if _, ok := fn.Object().(*types.Func); ok {
		return c.funcName(fn)
	}
	return fn.Name()
}

func (c *checker) typeName(t types.Type) string {
	if named, ok := types.Unalias(t).(*types.Named); ok {
		return c.qualify(named.Origin().Obj())
	}
	return "struct"
}
