// Package atomic is a stand-in for a runtime atomic API that has typed
// atomics but no function for int32: the 2016 functions, which take
// *uint32, plus the typed atomics that Go 1.19 added. Only the
// signatures matter to the analyzer; the bodies just type-check.
package atomic

func Load(ptr *uint32) uint32                 { return *ptr }
func Store(ptr *uint32, val uint32)           { *ptr = val }
func Xadd(ptr *uint32, delta int32) uint32    { *ptr += uint32(delta); return *ptr }
func Cas(ptr *uint32, old, new uint32) bool   { return *ptr == old }
func Loadint64(ptr *int64) int64              { return *ptr }
func Xaddint64(ptr *int64, delta int64) int64 { *ptr += delta; return *ptr }

// Int32 is an atomically accessed int32.
type Int32 struct {
	noCopy noCopy
	value  int32
}

func (i *Int32) Load() int32                        { return i.value }
func (i *Int32) Store(value int32)                  { i.value = value }
func (i *Int32) CompareAndSwap(old, new int32) bool { return i.value == old }
func (i *Int32) Swap(new int32) int32               { old := i.value; i.value = new; return old }
func (i *Int32) Add(delta int32) int32              { i.value += delta; return i.value }

// Uint32 is an atomically accessed uint32.
type Uint32 struct {
	noCopy noCopy
	value  uint32
}

func (u *Uint32) Load() uint32                        { return u.value }
func (u *Uint32) Store(value uint32)                  { u.value = value }
func (u *Uint32) CompareAndSwap(old, new uint32) bool { return u.value == old }
func (u *Uint32) Add(delta int32) uint32              { u.value += uint32(delta); return u.value }

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}
