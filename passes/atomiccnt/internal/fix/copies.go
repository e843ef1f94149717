package fix

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// The type fix is refused for a field whose struct is copied anywhere
// in the package: a copy reads (or an assignment of a whole struct
// writes) the field plainly, and a typed atomic must not be copied at
// all. A copyFinder answers that question for each struct type, from
// the types of the package's values, gathered once.

// A copyFinder finds the copies of struct types among the values of
// the package's functions.
type copyFinder struct {
	funcs []*ssa.Function
	pkg   *types.Package // names types in reasons
	// values are the distinct types of the package's values,
	// parameters and constants, in the order the functions first
	// mention them; built on first use.
	values []valueType
	// found memoises copiesOf by type.
	found map[types.Type]string
}

// A valueType is a type that values of the package have, and whether
// its first value is a parameter.
type valueType struct {
	typ   types.Type
	param bool
}

// copiesOf says why values of type t, a struct holding the location,
// exist in the package, or returns "".
func (b *Builder) copiesOf(t types.Type) string {
	if b.copies == nil {
		b.copies = &copyFinder{funcs: b.funcs, pkg: b.pass.Pkg, found: make(map[types.Type]string)}
	}
	return b.copies.copiesOf(t)
}

func (cf *copyFinder) copiesOf(t types.Type) string {
	for seen, why := range cf.found {
		if types.Identical(seen, t) {
			return why
		}
	}
	why := cf.find(t)
	cf.found[t] = why
	return why
}

// find returns how a value of type t is copied in the package, or ""
// if it never is.
func (cf *copyFinder) find(t types.Type) string {
	name := types.TypeString(t, types.RelativeTo(cf.pkg))
	for _, v := range cf.valueTypes() {
		if holds(v.typ, t) {
			if v.param {
				return "a " + name + " is passed by value"
			}
			return "a " + name + " is copied"
		}
	}
	return ""
}

// valueTypes returns the distinct types of the package's values: what
// find searches, once per package rather than once per location.
func (cf *copyFinder) valueTypes() []valueType {
	if cf.values != nil {
		return cf.values
	}
	cf.values = []valueType{}
	var seen typeutil.Map
	add := func(t types.Type, param bool) {
		switch types.Unalias(t).(type) {
		case *types.Named, *types.Struct, *types.Array, *types.TypeParam:
		default:
			// Nothing else holds a struct by value. SSA's own types
			// (the state of a range-over-func loop) are not even
			// go/types types, which older typeutil.Maps reject.
			return
		}
		if seen.At(t) == nil {
			seen.Set(t, true)
			cf.values = append(cf.values, valueType{t, param})
		}
	}
	var operands []*ssa.Value
	for _, fn := range cf.funcs {
		for _, p := range fn.Params {
			add(p.Type(), true)
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if v, ok := instr.(ssa.Value); ok {
					add(v.Type(), false)
				}
				operands = instr.Operands(operands[:0])
				for _, op := range operands {
					if k, ok := (*op).(*ssa.Const); ok {
						add(k.Type(), false)
					}
				}
			}
		}
	}
	return cf.values
}

// holds reports whether a value of type x contains a t by value.
func holds(x, t types.Type) bool {
	if types.Identical(x, t) {
		return true
	}
	if n, ok := types.Unalias(x).(*types.Named); ok && n.Origin() != n {
		if tn, ok := types.Unalias(t).(*types.Named); ok && n.Origin() == tn.Origin() {
			return true // an instance of the generic container
		}
	}
	switch u := x.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if holds(u.Field(i).Type(), t) {
				return true
			}
		}
	case *types.Array:
		return holds(u.Elem(), t)
	}
	return false
}
