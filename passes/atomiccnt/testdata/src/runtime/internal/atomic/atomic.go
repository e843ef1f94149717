// Package atomic is a stand-in for the runtime's atomic API as it was
// in 2016, at the import path it had until Go 1.23. Only the
// signatures matter to the analyzer; the bodies just type-check.
package atomic

import "unsafe"

func Load(ptr *uint32) uint32                                 { return *ptr }
func Load64(ptr *uint64) uint64                               { return *ptr }
func Loadp(ptr unsafe.Pointer) unsafe.Pointer                 { return *(*unsafe.Pointer)(ptr) }
func Loaduintptr(ptr *uintptr) uintptr                        { return *ptr }
func Store(ptr *uint32, val uint32)                           { *ptr = val }
func Store64(ptr *uint64, val uint64)                         { *ptr = val }
func StorepNoWB(ptr unsafe.Pointer, val unsafe.Pointer)       { *(*unsafe.Pointer)(ptr) = val }
func Xadd(ptr *uint32, delta int32) uint32                    { *ptr += uint32(delta); return *ptr }
func Xadd64(ptr *uint64, delta int64) uint64                  { *ptr += uint64(delta); return *ptr }
func Xadduintptr(ptr *uintptr, delta uintptr) uintptr         { *ptr += delta; return *ptr }
func Xchg(ptr *uint32, new uint32) uint32                     { old := *ptr; *ptr = new; return old }
func Cas(ptr *uint32, old, new uint32) bool                   { return *ptr == old }
func Casp1(ptr *unsafe.Pointer, old, new unsafe.Pointer) bool { return *ptr == old }
func Or8(ptr *uint8, val uint8)                               { *ptr |= val }
func And8(ptr *uint8, val uint8)                              { *ptr &= val }
