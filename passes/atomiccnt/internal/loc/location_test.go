package loc

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/ssatest"
)

// TestAddressConversions checks both sides of the conversion rule of
// step, in every walk: a conversion from a pointer is followed, and
// one from an integer ends the walk, arithmetic or not.
func TestAddressConversions(t *testing.T) {
	const src = `package p

import (
	"sync/atomic"
	"unsafe"
)

type T struct {
	n   uint32
	arr [2]uint32
}

var g T

func f(x *T) {
	atomic.AddUint32((*uint32)(unsafe.Pointer(&x.n)), 1)
	atomic.AddUint32((*uint32)(unsafe.Pointer(uintptr(unsafe.Pointer(&x.n)))), 1)
	atomic.AddUint32((*uint32)(unsafe.Pointer(uintptr(unsafe.Pointer(&x.arr))+4)), 1)
	atomic.AddUint32(&(*T)(unsafe.Pointer(&g)).n, 1)
	atomic.AddUint32(&(*T)(unsafe.Pointer(uintptr(unsafe.Pointer(&g)))).n, 1)
}
`
	// Each atomic call in order: what Resolve finds, whether the
	// address is rooted in a package-level variable, the kind of value
	// that StripConversions leaves, and the root of BaseOf.
	want := []struct {
		locs           string
		rooted         bool
		stripped, base string
	}{
		{"n", false, "*ssa.FieldAddr", "*ssa.Parameter"},
		{"", false, "*ssa.Convert", "*ssa.Convert"},
		{"", false, "*ssa.Convert", "*ssa.Convert"},
		{"n", true, "*ssa.FieldAddr", "*ssa.Global"},
		{"n", false, "*ssa.FieldAddr", "*ssa.Convert"},
	}
	pkg := ssatest.BuildPackage(t, "p", src)
	var addrs []ssa.Value
	for _, b := range pkg.Func("f").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && isAtomicCall(call.Common()) {
				addrs = append(addrs, call.Common().Args[0])
			}
		}
	}
	if len(addrs) != len(want) {
		t.Fatalf("found %d atomic calls, want %d", len(addrs), len(want))
	}
	for i, addr := range addrs {
		var names []string
		for _, l := range Resolve(addr) {
			names = append(names, l.Var.Name())
		}
		if got := strings.Join(names, ","); got != want[i].locs {
			t.Errorf("call %d: Resolve = %q, want %q", i, got, want[i].locs)
		}
		if got := IsGloballyRooted(addr); got != want[i].rooted {
			t.Errorf("call %d: IsGloballyRooted = %v, want %v", i, got, want[i].rooted)
		}
		if got := fmt.Sprintf("%T", StripConversions(addr)); got != want[i].stripped {
			t.Errorf("call %d: StripConversions gives a %s, want %s", i, got, want[i].stripped)
		}
		if got := fmt.Sprintf("%T", BaseOf(addr).root); got != want[i].base {
			t.Errorf("call %d: BaseOf is rooted at a %s, want %s", i, got, want[i].base)
		}
	}
}

// isAtomicCall reports whether call is a call of a sync/atomic function.
func isAtomicCall(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	return fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "sync/atomic"
}

// TestBaseOfCaptured checks that a parameter that a function literal
// captures is still the base of each access through it, and that a
// variable assigned more than once is not taken for a parameter.
func TestBaseOfCaptured(t *testing.T) {
	const src = `package p

import "sync/atomic"

type T struct{ n uint32 }

func captured(x *T) {
	atomic.AddUint32(&x.n, 1)
	f := func() { _ = x }
	f()
	atomic.AddUint32(&x.n, 1)
}

func reassigned(x *T, y *T) {
	atomic.AddUint32(&x.n, 1)
	f := func() { x = y }
	f()
	atomic.AddUint32(&x.n, 1)
}
`
	pkg := ssatest.BuildPackage(t, "p", src)
	for _, tt := range []struct {
		fn   string
		same bool
	}{
		{"captured", true},
		{"reassigned", false},
	} {
		var bases []Base
		for _, b := range pkg.Func(tt.fn).Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok && isAtomicCall(call.Common()) {
					bases = append(bases, BaseOf(call.Common().Args[0]))
				}
			}
		}
		if len(bases) != 2 {
			t.Fatalf("%s: found %d atomic calls, want 2", tt.fn, len(bases))
		}
		if got := bases[0] == bases[1]; got != tt.same {
			t.Errorf("%s: the two accesses have the same base: %v, want %v", tt.fn, got, tt.same)
		}
	}
}
