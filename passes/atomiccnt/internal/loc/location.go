// Package loc resolves addresses in SSA form to the memory locations
// that the analyzer's accesses share: struct fields, package-level
// variables and their elements, and the walks over addresses that
// every other stage takes alike.
package loc

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A Location is what two accesses must share to conflict: a struct
// field or package-level variable, or the elements of one that has
// array or slice type.
//
// A field is one location whatever the object that holds it: the
// analysis cannot tell instances apart, and a field accessed atomically
// through one pointer is shared memory through every other. Fields of
// generic types are keyed by their origin, so that all instantiations
// are one location.
type Location struct {
	Var  *types.Var
	Elem bool
}

// Addresses. Every walk over an address goes back from it one step at a
// time, through step, to the address it is computed from: the
// selection of a field or an element, or a conversion. A conversion is
// followed only from a pointer or an unsafe.Pointer: unsafe.Pointer(&x.f)
// and (*uint32)(unsafe.Pointer(&x.f)) are the same address, but a
// pointer converted from an integer (uintptr) was computed by
// arithmetic the analysis does not follow, even where there is none,
// so the walk ends there, in every walk alike.

// A stepKind says how an address is computed from the one before it.
type stepKind uint8

const (
	noStep      stepKind = iota
	fieldStep            // &x.f, from x
	elemStep             // &x[i], from the array pointer or slice x
	convertStep          // a conversion between pointer types
)

// step returns the address that addr is computed from, and how; or
// noStep if addr is not computed from another address within the same
// object.
func step(addr ssa.Value) (ssa.Value, stepKind) {
	switch v := addr.(type) {
	case *ssa.FieldAddr:
		return v.X, fieldStep
	case *ssa.IndexAddr:
		return v.X, elemStep
	case *ssa.ChangeType:
		return v.X, convertStep
	case *ssa.Convert:
		if IsPointerLike(v.X.Type()) {
			return v.X, convertStep
		}
	}
	return nil, noStep
}

// StripConversions returns the address that addr converts.
func StripConversions(addr ssa.Value) ssa.Value {
	for {
		x, how := step(addr)
		if how != convertStep {
			return addr
		}
		addr = x
	}
}

// SelectedFrom returns the address that addr selects a field or an
// element from, or converts, and true; or false if addr does neither.
func SelectedFrom(addr ssa.Value) (ssa.Value, bool) {
	x, how := step(addr)
	return x, how != noStep
}

// SelectionRoot returns the address at the root of addr's chain of
// selections and conversions: the object addr points into.
func SelectionRoot(addr ssa.Value) ssa.Value {
	for x, ok := SelectedFrom(addr); ok; x, ok = SelectedFrom(addr) {
		addr = x
	}
	return addr
}

// Selecting finds the FieldAddr in addr's derivation that selects field
// v: through element selections, conversions, loads of the slice an
// element is selected from (&x.s[i]) and phi nodes.
func Selecting(addr ssa.Value, v *types.Var, seen map[*ssa.Phi]bool) *ssa.FieldAddr {
	for {
		switch x := addr.(type) {
		case *ssa.FieldAddr:
			if FieldOf(x) == v {
				return x
			}
			return nil
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			addr = x.X
			continue
		case *ssa.Phi:
			if seen[x] {
				return nil
			}
			seen[x] = true
			for _, e := range x.Edges {
				if fa := Selecting(e, v, seen); fa != nil {
					return fa
				}
			}
			return nil
		}
		next, how := step(addr)
		if how == noStep {
			return nil
		}
		addr = next
	}
}

// A Base identifies the object an address selects from: the value
// at the root of its chain of field and element selections. A pointer
// loaded from memory is identified by where it was loaded from: each
// mention of q.full or of a package-level finq loads the pointer anew,
// but names the same object as long as nobody changes the pointer, which
// is what the writer reading back assumes anyway.
type Base struct {
	root ssa.Value
	path string // the fields the pointer was loaded through
}

// Root returns the value that holds the object, or the pointer to it:
// a package-level variable, a parameter, an allocation, a load.
func (b Base) Root() ssa.Value { return b.root }

// BaseOf returns the object that addr selects from.
func BaseOf(addr ssa.Value) Base {
	path := ""
	for {
		if x, how := step(addr); how != noStep {
			addr = x
			continue
		}
		load, ok := addr.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return Base{addr, path}
		}
		switch from := load.X.(type) {
		case *ssa.Global:
			return Base{from, path}
		case *ssa.Alloc:
			if p := capturedParam(from); p != nil {
				return Base{p, path}
			}
		case *ssa.FieldAddr:
			if f := FieldOf(from); f != nil {
				path = f.Name() + "/" + path
				addr = from.X
				continue
			}
		}
		return Base{load, path}
	}
}

// capturedParam returns the parameter that the variable v holds, if v
// is a parameter's home that function literals capture and only read:
// the builder stores the parameter there once, and each use loads it
// again.
func capturedParam(v *ssa.Alloc) *ssa.Parameter {
	var param *ssa.Parameter
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil
			}
		case *ssa.Store:
			p, ok := ref.Val.(*ssa.Parameter)
			if !ok || ref.Addr != v || param != nil {
				return nil
			}
			param = p
		case *ssa.MakeClosure:
			for i, b := range ref.Bindings {
				if b == v && !onlyLoaded(ref.Fn.(*ssa.Function).FreeVars[i]) {
					return nil
				}
			}
		default:
			return nil
		}
	}
	return param
}

// onlyLoaded reports whether the captured variable fv is only read,
// by its function and by the literals it passes fv to in turn.
func onlyLoaded(fv *ssa.FreeVar) bool {
	for _, ref := range *fv.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			for i, b := range ref.Bindings {
				if b == fv && !onlyLoaded(ref.Fn.(*ssa.Function).FreeVars[i]) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// IsGloballyRooted reports whether addr reaches its memory from a
// package-level variable: the variable itself, a field or element of
// it, or something a pointer loaded from such memory points to
// (finq.cnt, allfin.alllink.cnt, work.spans[i].n). Parameters, call
// results (getg(), a queue's pop) and allocations are not rooted.
func IsGloballyRooted(addr ssa.Value) bool {
	onStack := make(map[*ssa.Phi]bool)
	var visit func(v ssa.Value, depth int) bool
	visit = func(v ssa.Value, depth int) bool {
		if depth > 16 {
			return false
		}
		switch v := v.(type) {
		case *ssa.Global:
			return true
		case *ssa.UnOp:
			return v.Op == token.MUL && visit(v.X, depth+1)
		case *ssa.Phi:
			if onStack[v] {
				return true // a loop: the other edges decide
			}
			onStack[v] = true
			defer delete(onStack, v)
			for _, e := range v.Edges {
				if !visit(e, depth+1) {
					return false
				}
			}
			return len(v.Edges) > 0
		}
		x, how := step(v)
		return how != noStep && visit(x, depth+1)
	}
	return visit(addr, 0)
}

// AddressOf returns the container whose address, or the address of an
// element of whose array, x is, or nil.
func AddressOf(x ssa.Value) *types.Var {
	switch x := x.(type) {
	case *ssa.FieldAddr:
		return FieldOf(x)
	case *ssa.Global:
		v, _ := x.Object().(*types.Var)
		return v
	case *ssa.IndexAddr:
		if _, isArray := x.X.Type().Underlying().(*types.Pointer); isArray {
			if v := AddressOf(x.X); v != nil {
				if _, ok := v.Type().Underlying().(*types.Array); ok {
					return v
				}
			}
		}
	}
	return nil
}

// Resolve returns the locations that addr, a pointer value, may point
// to, following field and element selection, conversions (see step),
// and phi nodes. It returns nil for addresses it cannot attribute, such
// as pointer parameters or local variables.
func Resolve(addr ssa.Value) []Location {
	var locs []Location
	seen := make(map[*ssa.Phi]bool)
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		switch v := v.(type) {
		case *ssa.FieldAddr:
			if f := FieldOf(v); f != nil {
				locs = appendLoc(locs, Location{Var: f})
			}
		case *ssa.Global:
			if obj, ok := v.Object().(*types.Var); ok {
				locs = appendLoc(locs, Location{Var: obj})
			}
		case *ssa.IndexAddr:
			for _, l := range indexed(v.X) {
				locs = appendLoc(locs, Location{Var: l.Var, Elem: true})
			}
		case *ssa.Phi:
			if !seen[v] {
				seen[v] = true
				for _, e := range v.Edges {
					visit(e)
				}
			}
		default:
			if x, how := step(v); how == convertStep {
				visit(x)
			}
		}
	}
	visit(addr)
	return locs
}

// indexed returns the locations whose elements x, the operand of an
// IndexAddr, selects from: x is a pointer to an array held by a field
// or variable (&x.arr[i], &arr[i], &m[i][j]), or a slice or a pointer
// to an array loaded from one (&x.s[i], &x.p[i] with p *[n]T).
// Elements of the elements collapse into one location.
func indexed(x ssa.Value) []Location {
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		switch t := load.Type().Underlying().(type) {
		case *types.Slice:
			return WholeLocations(Resolve(load.X))
		case *types.Pointer:
			if _, ok := t.Elem().Underlying().(*types.Array); ok {
				return WholeLocations(Resolve(load.X))
			}
		}
		return nil
	}
	if _, ok := x.Type().Underlying().(*types.Pointer); ok {
		return Resolve(x)
	}
	return nil
}

// WholeLocations keeps only the locations of whole variables.
func WholeLocations(locs []Location) []Location {
	var out []Location
	for _, l := range locs {
		if !l.Elem {
			out = append(out, l)
		}
	}
	return out
}

func appendLoc(locs []Location, l Location) []Location {
	for _, x := range locs {
		if x == l {
			return locs
		}
	}
	return append(locs, l)
}

// FieldOf returns the origin of the field that fa selects, or nil if the
// operand's type is not a pointer to a struct (a type parameter whose
// core type the analysis does not compute).
func FieldOf(fa *ssa.FieldAddr) *types.Var {
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

// IsPointerLike reports whether t is a pointer or an unsafe.Pointer:
// the types an address keeps its object through.
func IsPointerLike(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Pointer:
		return true
	case *types.Basic:
		return t.Kind() == types.UnsafePointer
	}
	return false
}

// ValueType returns the underlying type of the values at l: its
// variable's, or for elements the element type of its array or slice;
// nil if l is the elements of something else.
func ValueType(l Location) types.Type {
	t := l.Var.Type()
	if l.Elem {
		switch u := t.Underlying().(type) {
		case *types.Array:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		default:
			return nil
		}
	}
	return t.Underlying()
}

// IsArrayVar reports whether v holds an array.
func IsArrayVar(v *types.Var) bool {
	_, ok := v.Type().Underlying().(*types.Array)
	return ok
}
