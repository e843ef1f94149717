package fix

import (
	"fmt"
	"go/types"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
)

// This file chooses the function a call fix calls: by name from the
// operation and the location's type, then confirmed against the
// package as the analysed code sees it, so that a fix never calls a
// function its Go version lacks or one whose parameters differ.

// A callee is the function a call fix calls.
type callee struct {
	name string
	// unsafeAddr: the address parameter is an unsafe.Pointer (the
	// runtime's Loadp), so the fix converts &x.f.
	unsafeAddr bool
	// delta is the type of an add's second parameter, which may differ
	// from the location's: the runtime's Xadd adds an int32 to a uint32.
	delta types.Type
}

// syncSuffixes names sync/atomic's functions by the type they access.
var syncSuffixes = map[types.BasicKind]string{
	types.Int32:         "Int32",
	types.Int64:         "Int64",
	types.Uint32:        "Uint32",
	types.Uint64:        "Uint64",
	types.Uintptr:       "Uintptr",
	types.UnsafePointer: "Pointer",
}

var syncPrefixes = map[atomicapi.Op]string{
	atomicapi.Load:  "Load",
	atomicapi.Store: "Store",
	atomicapi.Add:   "Add",
	atomicapi.And:   "And",
	atomicapi.Or:    "Or",
}

// runtimeNames names the runtime's functions by operation and type.
// Only the plain (sequentially consistent) forms are listed: LoadAcq,
// StoreRel and the like are weaker than what replacing a plain access
// in unknown code may need.
var runtimeNames = map[atomicapi.Op]map[types.BasicKind]string{
	atomicapi.Load: {
		types.Uint32: "Load", types.Uint64: "Load64", types.Uintptr: "Loaduintptr",
		types.Int32: "Loadint32", types.Int64: "Loadint64", types.Uint: "Loaduint",
		types.Uint8: "Load8", types.UnsafePointer: "Loadp",
	},
	atomicapi.Store: {
		types.Uint32: "Store", types.Uint64: "Store64", types.Uintptr: "Storeuintptr",
		types.Int32: "Storeint32", types.Int64: "Storeint64", types.Uint8: "Store8",
		// No unsafe.Pointer: StorepNoWB omits the garbage collector's
		// write barrier, which a plain pointer store has.
	},
	atomicapi.Add: {
		types.Uint32: "Xadd", types.Uint64: "Xadd64", types.Uintptr: "Xadduintptr",
		types.Int32: "Xaddint32", types.Int64: "Xaddint64",
	},
	atomicapi.Or: {
		types.Uint32: "Or", types.Uint64: "Or64", types.Uintptr: "Oruintptr", types.Uint8: "Or8",
	},
	atomicapi.And: {
		types.Uint32: "And", types.Uint64: "And64", types.Uintptr: "Anduintptr", types.Uint8: "And8",
	},
}

// syncSince gives the Go version that added a sync/atomic function to
// the ones every supported version has.
func syncSince(name string) string {
	switch {
	case len(name) > 3 && name[:3] == "And", len(name) > 2 && name[:2] == "Or":
		return "go1.23"
	}
	return ""
}

// find returns the function of p that performs o on a location of type
// t, or the reason there is none.
func (p *apiPkg) find(o atomicapi.Op, t types.Type) (*callee, string) {
	basic, ok := t.(*types.Basic)
	if !ok {
		return nil, fmt.Sprintf("no atomic function takes *%s", types.TypeString(t, p.qualifier))
	}
	none := fmt.Sprintf("%s has no %s for %s", p.path, o, basic.Name())
	var name string
	if p.runtimeFamily() {
		name = runtimeNames[o][basic.Kind()]
		if name == "" && o == atomicapi.Store && basic.Kind() == types.UnsafePointer {
			return nil, "the runtime's pointer store StorepNoWB omits the write barrier"
		}
	} else if suffix := syncSuffixes[basic.Kind()]; suffix != "" && (basic.Kind() != types.UnsafePointer || o == atomicapi.Load || o == atomicapi.Store) {
		name = syncPrefixes[o] + suffix
		if since := syncSince(name); since != "" && !atLeast(p.goVersion, since) {
			return nil, fmt.Sprintf("%s has no %s before %s", p.path, o, since)
		}
	}
	if name == "" {
		return nil, none
	}
	if p.pkg == nil {
		// The package is not among the dependencies, so this is
		// sync/atomic about to be imported: its API is known.
		if f := atomicapi.Lookup(p.path, name); f != nil && f.Op() == o && f.Elem() == basic.Kind() {
			return &callee{name: name, delta: t}, ""
		}
		return nil, none
	}
	fn, _ := p.pkg.Scope().Lookup(name).(*types.Func)
	if fn == nil {
		return nil, none
	}
	c := &callee{name: name}
	if !c.fits(fn.Signature(), o, t) {
		return nil, fmt.Sprintf("%s.%s does not take *%s", p.path, name, basic.Name())
	}
	return c, ""
}

// fits reports whether sig is that of a function performing o on a
// location of type t, recording what the call needs to know.
func (c *callee) fits(sig *types.Signature, o atomicapi.Op, t types.Type) bool {
	params, results := sig.Params(), sig.Results()
	if params.Len() == 0 {
		return false
	}
	addr := params.At(0).Type()
	switch {
	case types.Identical(addr, types.NewPointer(t)):
	case types.Identical(addr, types.Typ[types.UnsafePointer]):
		c.unsafeAddr = true
	default:
		return false
	}
	switch o {
	case atomicapi.Load:
		return params.Len() == 1 && results.Len() == 1 && types.Identical(results.At(0).Type(), t)
	case atomicapi.Store, atomicapi.And, atomicapi.Or:
		return params.Len() == 2 && types.Identical(params.At(1).Type(), t)
	case atomicapi.Add:
		if params.Len() != 2 {
			return false
		}
		d, ok := params.At(1).Type().(*types.Basic)
		if !ok || d.Info()&types.IsInteger == 0 {
			return false
		}
		c.delta = d
		return true
	}
	return false
}
