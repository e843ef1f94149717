package atomiccnt

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
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
	// Each atomic call in order: what resolve finds, whether the
	// address is rooted in a package-level variable, the kind of value
	// that stripConversions leaves, and the root of baseOf.
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
	pkg := buildTestPackage(t, "p", src)
	var addrs []ssa.Value
	for _, b := range pkg.Func("f").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && atomicCallee(call.Common()) != nil {
				addrs = append(addrs, call.Common().Args[0])
			}
		}
	}
	if len(addrs) != len(want) {
		t.Fatalf("found %d atomic calls, want %d", len(addrs), len(want))
	}
	for i, addr := range addrs {
		var names []string
		for _, l := range resolve(addr) {
			names = append(names, l.v.Name())
		}
		if got := strings.Join(names, ","); got != want[i].locs {
			t.Errorf("call %d: resolve = %q, want %q", i, got, want[i].locs)
		}
		if got := isGloballyRooted(addr); got != want[i].rooted {
			t.Errorf("call %d: isGloballyRooted = %v, want %v", i, got, want[i].rooted)
		}
		if got := fmt.Sprintf("%T", stripConversions(addr)); got != want[i].stripped {
			t.Errorf("call %d: stripConversions gives a %s, want %s", i, got, want[i].stripped)
		}
		if got := fmt.Sprintf("%T", baseOf(addr).root); got != want[i].base {
			t.Errorf("call %d: baseOf is rooted at a %s, want %s", i, got, want[i].base)
		}
	}
}

// buildTestPackage type-checks src, a package at path that imports only
// the standard library, and builds its SSA form.
func buildTestPackage(t *testing.T, path, src string) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path+".go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage(path, path), []*ast.File{file}, ssa.BuilderMode(0))
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}
