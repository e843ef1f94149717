package atomiccnt

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A location is what two accesses must share to conflict: a struct
// field or package-level variable, or the elements of one that has
// array or slice type.
//
// A field is one location whatever the object that holds it: the
// analysis cannot tell instances apart, and a field accessed atomically
// through one pointer is shared memory through every other. Fields of
// generic types are keyed by their origin, so that all instantiations
// are one location.
type location struct {
	v    *types.Var
	elem bool
}

// isField reports whether the location is (an element of) a struct field.
func (l location) isField() bool { return l.v.IsField() }

// resolve returns the locations that addr, a pointer value, may point
// to, following field and element selection, conversions between
// pointer types and unsafe.Pointer, and phi nodes. It returns nil for
// addresses it cannot attribute, such as pointer parameters or local
// variables.
func resolve(addr ssa.Value) []location {
	var locs []location
	seen := make(map[*ssa.Phi]bool)
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		switch v := v.(type) {
		case *ssa.FieldAddr:
			if f := fieldOf(v); f != nil {
				locs = appendLoc(locs, location{v: f})
			}
		case *ssa.Global:
			if obj, ok := v.Object().(*types.Var); ok {
				locs = appendLoc(locs, location{v: obj})
			}
		case *ssa.IndexAddr:
			for _, l := range containers(v.X) {
				locs = appendLoc(locs, location{v: l.v, elem: true})
			}
		case *ssa.ChangeType:
			visit(v.X)
		case *ssa.Convert:
			// Only pointer reinterpretations: unsafe.Pointer(&x.f) and
			// (*uint32)(unsafe.Pointer(&x.f)). A conversion from uintptr
			// is address arithmetic the analysis does not follow.
			if isPointerLike(v.X.Type()) {
				visit(v.X)
			}
		case *ssa.Phi:
			if !seen[v] {
				seen[v] = true
				for _, e := range v.Edges {
					visit(e)
				}
			}
		}
	}
	visit(addr)
	return locs
}

// containers returns the locations whose elements x, the operand of an
// IndexAddr, selects from: x is a pointer to an array held by a field
// or variable (&x.arr[i], &arr[i], &m[i][j]), or a slice loaded from
// one (&x.s[i]). Elements of the elements collapse into one location.
func containers(x ssa.Value) []location {
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, ok := load.Type().Underlying().(*types.Slice); ok {
			return wholeLocations(resolve(load.X))
		}
		return nil
	}
	if _, ok := x.Type().Underlying().(*types.Pointer); ok {
		return resolve(x)
	}
	return nil
}

// wholeLocations keeps only the locations of whole variables.
func wholeLocations(locs []location) []location {
	var out []location
	for _, l := range locs {
		if !l.elem {
			out = append(out, l)
		}
	}
	return out
}

func appendLoc(locs []location, l location) []location {
	for _, x := range locs {
		if x == l {
			return locs
		}
	}
	return append(locs, l)
}

// fieldOf returns the origin of the field that fa selects, or nil if the
// operand's type is not a pointer to a struct (a type parameter whose
// core type the analysis does not compute).
func fieldOf(fa *ssa.FieldAddr) *types.Var {
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field).Origin()
}

func isPointerLike(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Pointer:
		return true
	case *types.Basic:
		return t.Kind() == types.UnsafePointer
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
// of a sealed pointer field or variable (sealed.go) has that field or
// variable as its container.
func (c *checker) containerOf(addr ssa.Value, v *types.Var) *types.Var {
	if !v.IsField() {
		return nil
	}
	fa := selecting(addr, v, make(map[*ssa.Phi]bool))
	if fa == nil {
		return nil
	}
	return c.holder(fa.X)
}

// holder returns the variable that holds the struct value at addr: the
// field or global it is, or whose array it is an element of; the
// sealed pointer field or variable whose object it is; unnamed for a
// slice element, a local variable or an allocation; or nil.
func (c *checker) holder(addr ssa.Value) *types.Var {
	x := stripConversions(addr)
	if ia, ok := x.(*ssa.IndexAddr); ok {
		if _, isArray := ia.X.Type().Underlying().(*types.Pointer); !isArray {
			return unnamed // an element of a slice
		}
		x = ia.X // an element of an array held by a field or variable
	}
	switch x := x.(type) {
	case *ssa.FieldAddr:
		return fieldOf(x)
	case *ssa.Global:
		obj, _ := x.Object().(*types.Var)
		return obj
	case *ssa.Alloc:
		if v := c.owners[x]; v != nil {
			return v // the object of a sealed pointer
		}
		return unnamed // a local variable, new(T), &T{}, an array literal
	case *ssa.FreeVar:
		// A local variable that the function literal captures.
		if _, ok := capturedValue(x).(*ssa.Alloc); ok {
			return unnamed
		}
	case *ssa.UnOp:
		// The object of a sealed pointer field or variable (sealed.go).
		if v := addressOf(x.X); x.Op == token.MUL && v != nil && isPointerVar(v) && c.sealed[v] {
			return v
		}
	case *ssa.Field:
		if v := fieldOfValue(x); v != nil && isPointerVar(v) && c.sealed[v] {
			return v
		}
	case *ssa.Parameter:
		// The parameter that a sealed container is lent to.
		return c.lentParams[x]
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

func isArrayVar(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Array)
	return ok
}
