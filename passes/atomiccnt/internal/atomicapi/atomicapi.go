// Package atomicapi describes the functions of the atomic APIs that
// atomiccnt recognises: sync/atomic, and the runtime's own atomic
// package under both of its import paths. Every such function takes the
// address it operates on as its first argument.
//
// The description is one table, built once and never modified: the
// walk that records accesses reads it to recognise calls, and the fixes
// read it to choose the function a plain access becomes.
package atomicapi

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// An Op is what an atomic function does to the memory it addresses.
type Op uint8

const (
	Load Op = iota + 1
	Store
	Add
	And
	Or
	Swap
	CAS
)

var opNames = [...]string{
	Load:  "load",
	Store: "store",
	Add:   "add",
	And:   "and",
	Or:    "or",
	Swap:  "swap",
	CAS:   "compare-and-swap",
}

func (o Op) String() string { return opNames[o] }

// Writes reports whether the operation may modify memory.
func (o Op) Writes() bool { return o != Load }

// The import paths of the atomic APIs. The runtime's own package moved
// from runtime/internal/atomic to internal/runtime/atomic in Go 1.23;
// older trees are still analysed, so both are recognised.
const (
	SyncAtomic       = "sync/atomic"
	RuntimeAtomic    = "internal/runtime/atomic"
	RuntimeAtomicOld = "runtime/internal/atomic"
)

// IsPackage reports whether path is one of the atomic APIs.
func IsPackage(path string) bool {
	return path == SyncAtomic || path == RuntimeAtomic || path == RuntimeAtomicOld
}

// A Func describes one function of an atomic API.
type Func struct {
	path string // of the API package, or "" if known only by name
	name string
	op   Op
	// elem is the kind of the value at the address.
	elem types.BasicKind
	// unsafeAddr says the address parameter has type unsafe.Pointer
	// rather than *elem (the runtime's Loadp and StorepNoWB), so a
	// call passes unsafe.Pointer(&x) for a variable x of any pointer
	// type.
	unsafeAddr bool
}

// Path returns the import path of the function's package, or "" for a
// function known only by name (see Wrapped).
func (f *Func) Path() string { return f.path }

// Name returns the function's name: "AddInt64".
func (f *Func) Name() string { return f.name }

// Op returns what the function does to the memory it addresses.
func (f *Func) Op() Op { return f.op }

// Elem returns the kind of the value at the address.
func (f *Func) Elem() types.BasicKind { return f.elem }

// UnsafeAddr reports whether the address parameter is an unsafe.Pointer
// rather than a pointer to Elem.
func (f *Func) UnsafeAddr() bool { return f.unsafeAddr }

// Qualified returns the name as a call is usually written, with the
// package name both APIs share: "atomic.AddInt64".
func (f *Func) Qualified() string { return "atomic." + f.name }

// Lookup returns the function name of the API package at path, or nil.
func Lookup(path, name string) *Func { return table[path+"."+name] }

// Of returns the API function that fn is, or nil. Methods, such as
// those of the typed atomics (atomic.Int32.Add), are never API
// functions: their receivers are safe by construction.
func Of(fn *types.Func) *Func {
	if fn.Pkg() == nil || !IsPackage(fn.Pkg().Path()) || fn.Signature().Recv() != nil {
		return nil
	}
	return Lookup(fn.Pkg().Path(), fn.Name())
}

// Wrapped describes an atomic function known only by its qualified
// name ("atomic.AddInt64") and the operation it stands for, as a fact
// about a wrapper of another package records it: nothing else about it
// is needed once it is wrapped. It returns nil for an empty name.
func Wrapped(qualified string, op Op) *Func {
	if qualified == "" {
		return nil
	}
	return &Func{name: qualified[len("atomic."):], op: op}
}

// An entry is one row of the tables below.
type entry struct {
	name       string
	op         Op
	elem       types.BasicKind
	unsafeAddr bool
}

// syncAtomicFuncs lists sync/atomic's functions. And* and Or* arrived
// in Go 1.23; the fixes check availability separately, but recognising
// a call is always safe because a call can only name what exists.
var syncAtomicFuncs = []entry{
	{"AddInt32", Add, types.Int32, false},
	{"AddInt64", Add, types.Int64, false},
	{"AddUint32", Add, types.Uint32, false},
	{"AddUint64", Add, types.Uint64, false},
	{"AddUintptr", Add, types.Uintptr, false},
	{"AndInt32", And, types.Int32, false},
	{"AndInt64", And, types.Int64, false},
	{"AndUint32", And, types.Uint32, false},
	{"AndUint64", And, types.Uint64, false},
	{"AndUintptr", And, types.Uintptr, false},
	{"CompareAndSwapInt32", CAS, types.Int32, false},
	{"CompareAndSwapInt64", CAS, types.Int64, false},
	{"CompareAndSwapPointer", CAS, types.UnsafePointer, false},
	{"CompareAndSwapUint32", CAS, types.Uint32, false},
	{"CompareAndSwapUint64", CAS, types.Uint64, false},
	{"CompareAndSwapUintptr", CAS, types.Uintptr, false},
	{"LoadInt32", Load, types.Int32, false},
	{"LoadInt64", Load, types.Int64, false},
	{"LoadPointer", Load, types.UnsafePointer, false},
	{"LoadUint32", Load, types.Uint32, false},
	{"LoadUint64", Load, types.Uint64, false},
	{"LoadUintptr", Load, types.Uintptr, false},
	{"OrInt32", Or, types.Int32, false},
	{"OrInt64", Or, types.Int64, false},
	{"OrUint32", Or, types.Uint32, false},
	{"OrUint64", Or, types.Uint64, false},
	{"OrUintptr", Or, types.Uintptr, false},
	{"StoreInt32", Store, types.Int32, false},
	{"StoreInt64", Store, types.Int64, false},
	{"StorePointer", Store, types.UnsafePointer, false},
	{"StoreUint32", Store, types.Uint32, false},
	{"StoreUint64", Store, types.Uint64, false},
	{"StoreUintptr", Store, types.Uintptr, false},
	{"SwapInt32", Swap, types.Int32, false},
	{"SwapInt64", Swap, types.Int64, false},
	{"SwapPointer", Swap, types.UnsafePointer, false},
	{"SwapUint32", Swap, types.Uint32, false},
	{"SwapUint64", Swap, types.Uint64, false},
	{"SwapUintptr", Swap, types.Uintptr, false},
}

// runtimeAtomicFuncs lists the runtime's atomic functions, the union
// over all architectures (some, such as Xchg8, exist only on a few).
// The list is the same under both import paths.
var runtimeAtomicFuncs = []entry{
	{"And", And, types.Uint32, false},
	{"And32", And, types.Uint32, false},
	{"And64", And, types.Uint64, false},
	{"And8", And, types.Uint8, false},
	{"Anduintptr", And, types.Uintptr, false},
	{"Cas", CAS, types.Uint32, false},
	{"Cas64", CAS, types.Uint64, false},
	{"CasRel", CAS, types.Uint32, false},
	{"Casint32", CAS, types.Int32, false},
	{"Casint64", CAS, types.Int64, false},
	{"Casp1", CAS, types.UnsafePointer, false},
	{"Casuintptr", CAS, types.Uintptr, false},
	{"Load", Load, types.Uint32, false},
	{"Load64", Load, types.Uint64, false},
	{"Load8", Load, types.Uint8, false},
	{"LoadAcq", Load, types.Uint32, false},
	{"LoadAcq64", Load, types.Uint64, false},
	{"LoadAcquintptr", Load, types.Uintptr, false},
	{"Loadint32", Load, types.Int32, false},
	{"Loadint64", Load, types.Int64, false},
	{"Loadp", Load, types.UnsafePointer, true},
	{"Loaduint", Load, types.Uint, false},
	{"Loaduintptr", Load, types.Uintptr, false},
	{"Or", Or, types.Uint32, false},
	{"Or32", Or, types.Uint32, false},
	{"Or64", Or, types.Uint64, false},
	{"Or8", Or, types.Uint8, false},
	{"Oruintptr", Or, types.Uintptr, false},
	{"Store", Store, types.Uint32, false},
	{"Store64", Store, types.Uint64, false},
	{"Store8", Store, types.Uint8, false},
	{"StoreRel", Store, types.Uint32, false},
	{"StoreRel64", Store, types.Uint64, false},
	{"StoreReluintptr", Store, types.Uintptr, false},
	{"Storeint32", Store, types.Int32, false},
	{"Storeint64", Store, types.Int64, false},
	{"StorepNoWB", Store, types.UnsafePointer, true},
	{"Storeuintptr", Store, types.Uintptr, false},
	{"Xadd", Add, types.Uint32, false},
	{"Xadd64", Add, types.Uint64, false},
	{"Xaddint32", Add, types.Int32, false},
	{"Xaddint64", Add, types.Int64, false},
	{"Xadduintptr", Add, types.Uintptr, false},
	{"Xchg", Swap, types.Uint32, false},
	{"Xchg64", Swap, types.Uint64, false},
	{"Xchg8", Swap, types.Uint8, false},
	{"Xchgint32", Swap, types.Int32, false},
	{"Xchgint64", Swap, types.Int64, false},
	{"Xchguintptr", Swap, types.Uintptr, false},

	// Historical names, gone from current trees. StorepNoWB was
	// called Storep1 until Go 1.8.
	{"Storep1", Store, types.UnsafePointer, true},
}

// table maps "importpath.Name" to the function's description.
var table = func() map[string]*Func {
	m := make(map[string]*Func)
	add := func(path string, entries []entry) {
		for _, e := range entries {
			m[path+"."+e.name] = &Func{path: path, name: e.name, op: e.op, elem: e.elem, unsafeAddr: e.unsafeAddr}
		}
	}
	add(SyncAtomic, syncAtomicFuncs)
	add(RuntimeAtomic, runtimeAtomicFuncs)
	add(RuntimeAtomicOld, runtimeAtomicFuncs)
	return m
}()

// Callee returns the atomic API function that call statically
// calls, or nil.
func Callee(call *ssa.CallCommon) *Func {
	fn, ok := call.Value.(*ssa.Function)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	return Of(obj)
}
