package atomiccnt

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An op is what an atomic function does to the memory it addresses.
type op uint8

const (
	opLoad op = iota + 1
	opStore
	opAdd
	opAnd
	opOr
	opSwap
	opCAS
)

var opNames = [...]string{
	opLoad:  "load",
	opStore: "store",
	opAdd:   "add",
	opAnd:   "and",
	opOr:    "or",
	opSwap:  "swap",
	opCAS:   "compare-and-swap",
}

func (o op) String() string { return opNames[o] }

// writes reports whether the operation may modify memory.
func (o op) writes() bool { return o != opLoad }

// An atomicFunc describes one function of an atomic API. Every such
// function takes the address it operates on as its first argument.
type atomicFunc struct {
	pkg  string // import path of the API package
	name string
	op   op
	// elem is the kind of the value at the address.
	elem types.BasicKind
	// unsafeAddr says the address parameter has type unsafe.Pointer
	// rather than *elem (the runtime's Loadp and StorepNoWB), so a
	// call passes unsafe.Pointer(&x) for a variable x of any pointer type.
	unsafeAddr bool
}

// qualified returns the name as the call is usually written, with the
// package name both APIs share: "atomic.AddInt64".
func (f *atomicFunc) qualified() string { return "atomic." + f.name }

// The import paths of the atomic APIs. The runtime's own package moved
// from runtime/internal/atomic to internal/runtime/atomic in Go 1.23;
// older trees are still analysed, so both are recognised.
const (
	syncAtomic       = "sync/atomic"
	runtimeAtomic    = "internal/runtime/atomic"
	runtimeAtomicOld = "runtime/internal/atomic"
)

type apiEntry struct {
	name       string
	op         op
	elem       types.BasicKind
	unsafeAddr bool
}

// syncAtomicFuncs lists sync/atomic's functions. And* and Or* arrived
// in Go 1.23; the fixes check availability separately, but recognising
// a call is always safe because a call can only name what exists.
var syncAtomicFuncs = []apiEntry{
	{"AddInt32", opAdd, types.Int32, false},
	{"AddInt64", opAdd, types.Int64, false},
	{"AddUint32", opAdd, types.Uint32, false},
	{"AddUint64", opAdd, types.Uint64, false},
	{"AddUintptr", opAdd, types.Uintptr, false},
	{"AndInt32", opAnd, types.Int32, false},
	{"AndInt64", opAnd, types.Int64, false},
	{"AndUint32", opAnd, types.Uint32, false},
	{"AndUint64", opAnd, types.Uint64, false},
	{"AndUintptr", opAnd, types.Uintptr, false},
	{"CompareAndSwapInt32", opCAS, types.Int32, false},
	{"CompareAndSwapInt64", opCAS, types.Int64, false},
	{"CompareAndSwapPointer", opCAS, types.UnsafePointer, false},
	{"CompareAndSwapUint32", opCAS, types.Uint32, false},
	{"CompareAndSwapUint64", opCAS, types.Uint64, false},
	{"CompareAndSwapUintptr", opCAS, types.Uintptr, false},
	{"LoadInt32", opLoad, types.Int32, false},
	{"LoadInt64", opLoad, types.Int64, false},
	{"LoadPointer", opLoad, types.UnsafePointer, false},
	{"LoadUint32", opLoad, types.Uint32, false},
	{"LoadUint64", opLoad, types.Uint64, false},
	{"LoadUintptr", opLoad, types.Uintptr, false},
	{"OrInt32", opOr, types.Int32, false},
	{"OrInt64", opOr, types.Int64, false},
	{"OrUint32", opOr, types.Uint32, false},
	{"OrUint64", opOr, types.Uint64, false},
	{"OrUintptr", opOr, types.Uintptr, false},
	{"StoreInt32", opStore, types.Int32, false},
	{"StoreInt64", opStore, types.Int64, false},
	{"StorePointer", opStore, types.UnsafePointer, false},
	{"StoreUint32", opStore, types.Uint32, false},
	{"StoreUint64", opStore, types.Uint64, false},
	{"StoreUintptr", opStore, types.Uintptr, false},
	{"SwapInt32", opSwap, types.Int32, false},
	{"SwapInt64", opSwap, types.Int64, false},
	{"SwapPointer", opSwap, types.UnsafePointer, false},
	{"SwapUint32", opSwap, types.Uint32, false},
	{"SwapUint64", opSwap, types.Uint64, false},
	{"SwapUintptr", opSwap, types.Uintptr, false},
}

// runtimeAtomicFuncs lists the runtime's atomic functions, the union
// over all architectures (some, such as Xchg8, exist only on a few).
// The list is the same under both import paths.
var runtimeAtomicFuncs = []apiEntry{
	{"And", opAnd, types.Uint32, false},
	{"And32", opAnd, types.Uint32, false},
	{"And64", opAnd, types.Uint64, false},
	{"And8", opAnd, types.Uint8, false},
	{"Anduintptr", opAnd, types.Uintptr, false},
	{"Cas", opCAS, types.Uint32, false},
	{"Cas64", opCAS, types.Uint64, false},
	{"CasRel", opCAS, types.Uint32, false},
	{"Casint32", opCAS, types.Int32, false},
	{"Casint64", opCAS, types.Int64, false},
	{"Casp1", opCAS, types.UnsafePointer, false},
	{"Casuintptr", opCAS, types.Uintptr, false},
	{"Load", opLoad, types.Uint32, false},
	{"Load64", opLoad, types.Uint64, false},
	{"Load8", opLoad, types.Uint8, false},
	{"LoadAcq", opLoad, types.Uint32, false},
	{"LoadAcq64", opLoad, types.Uint64, false},
	{"LoadAcquintptr", opLoad, types.Uintptr, false},
	{"Loadint32", opLoad, types.Int32, false},
	{"Loadint64", opLoad, types.Int64, false},
	{"Loadp", opLoad, types.UnsafePointer, true},
	{"Loaduint", opLoad, types.Uint, false},
	{"Loaduintptr", opLoad, types.Uintptr, false},
	{"Or", opOr, types.Uint32, false},
	{"Or32", opOr, types.Uint32, false},
	{"Or64", opOr, types.Uint64, false},
	{"Or8", opOr, types.Uint8, false},
	{"Oruintptr", opOr, types.Uintptr, false},
	{"Store", opStore, types.Uint32, false},
	{"Store64", opStore, types.Uint64, false},
	{"Store8", opStore, types.Uint8, false},
	{"StoreRel", opStore, types.Uint32, false},
	{"StoreRel64", opStore, types.Uint64, false},
	{"StoreReluintptr", opStore, types.Uintptr, false},
	{"Storeint32", opStore, types.Int32, false},
	{"Storeint64", opStore, types.Int64, false},
	{"StorepNoWB", opStore, types.UnsafePointer, true},
	{"Storeuintptr", opStore, types.Uintptr, false},
	{"Xadd", opAdd, types.Uint32, false},
	{"Xadd64", opAdd, types.Uint64, false},
	{"Xaddint32", opAdd, types.Int32, false},
	{"Xaddint64", opAdd, types.Int64, false},
	{"Xadduintptr", opAdd, types.Uintptr, false},
	{"Xchg", opSwap, types.Uint32, false},
	{"Xchg64", opSwap, types.Uint64, false},
	{"Xchg8", opSwap, types.Uint8, false},
	{"Xchgint32", opSwap, types.Int32, false},
	{"Xchgint64", opSwap, types.Int64, false},
	{"Xchguintptr", opSwap, types.Uintptr, false},

	// Historical names, gone from current trees. StorepNoWB was
	// called Storep1 until Go 1.8.
	{"Storep1", opStore, types.UnsafePointer, true},
}

// historicalFuncs names the table entries that the installed Go is
// not expected to have.
var historicalFuncs = map[string]bool{"Storep1": true}

// atomicAPI maps "importpath.Name" to the function's description. It is
// built once and never modified.
var atomicAPI = func() map[string]*atomicFunc {
	m := make(map[string]*atomicFunc)
	add := func(pkg string, entries []apiEntry) {
		for _, e := range entries {
			m[pkg+"."+e.name] = &atomicFunc{pkg: pkg, name: e.name, op: e.op, elem: e.elem, unsafeAddr: e.unsafeAddr}
		}
	}
	add(syncAtomic, syncAtomicFuncs)
	add(runtimeAtomic, runtimeAtomicFuncs)
	add(runtimeAtomicOld, runtimeAtomicFuncs)
	return m
}()

// isAtomicPkg reports whether path is one of the atomic APIs.
func isAtomicPkg(path string) bool {
	return path == syncAtomic || path == runtimeAtomic || path == runtimeAtomicOld
}

// atomicCallee returns the atomic API function that call statically
// calls, or nil. Methods, such as those of the typed atomics
// (atomic.Int32.Add), are never API functions: their receivers are
// safe by construction.
func atomicCallee(call *ssa.CallCommon) *atomicFunc {
	fn, ok := call.Value.(*ssa.Function)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || !isAtomicPkg(obj.Pkg().Path()) {
		return nil
	}
	if obj.Signature().Recv() != nil {
		return nil
	}
	return atomicAPI[obj.Pkg().Path()+"."+obj.Name()]
}
