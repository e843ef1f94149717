package atomiccnt

import (
	"go/token"
	"go/types"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestPrescan checks which packages the pre-scan sends to the SSA
// analysis, and, through the packages' want comments, that those it
// spares have nothing to report.
func TestPrescan(t *testing.T) {
	for _, tt := range []struct {
		dir  string
		want map[string]bool
	}{
		{analysistest.TestData(), map[string]bool{
			"prescan/lib":         true,
			"prescan/inplace":     false,
			"prescan/copies":      true,
			"prescan/valuemethod": true,
		}},
		{filepath.Join(analysistest.TestData(), "typedrt"), map[string]bool{
			"runtime/prescantyped": false,
			"runtime/prescanfunc":  true,
		}},
	} {
		var (
			mu  sync.Mutex
			got = make(map[string]bool)
		)
		a := *Analyzer
		a.Run = func(pass *analysis.Pass) (any, error) {
			u, err := newUnit(pass)
			if err != nil {
				return nil, err
			}
			needs, _ := u.prescan()
			mu.Lock()
			got[pass.Pkg.Path()] = needs
			mu.Unlock()
			return run(pass)
		}
		var pkgs []string
		for pkg := range tt.want {
			pkgs = append(pkgs, pkg)
		}
		analysistest.Run(t, tt.dir, &a, pkgs...)
		for pkg, want := range tt.want {
			if got[pkg] != want {
				t.Errorf("prescan(%s) = %v, want %v", pkg, got[pkg], want)
			}
		}
	}
}

// TestMayRecordWrite checks the filter that lets a package without SSA
// skip the walk for plain writes: it must admit every variable whose
// writes astWriteFacts could record.
func TestMayRecordWrite(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	pkgVar := func(name string, typ types.Type) *types.Var {
		v := types.NewVar(token.NoPos, pkg, name, typ)
		pkg.Scope().Insert(v)
		return v
	}
	field := func(name string, typ types.Type) *types.Var {
		return types.NewField(token.NoPos, pkg, name, typ, false)
	}
	for _, tt := range []struct {
		v    *types.Var
		want bool
	}{
		{field("N", types.Typ[types.Int64]), true},
		{field("P", types.Typ[types.UnsafePointer]), true},
		{field("n", types.Typ[types.Int64]), false},                          // unexported
		{field("S", types.Typ[types.String]), false},                         // no atomic API takes it
		{field("I", types.Typ[types.Int]), false},                            // nor int
		{pkgVar("Counts", types.NewArray(types.Typ[types.Uint32], 4)), true}, // its elements
		{pkgVar("Ptrs", types.NewSlice(types.Typ[types.Uintptr])), true},
		{pkgVar("Names", types.NewSlice(types.Typ[types.String])), false},
		{types.NewVar(token.NoPos, pkg, "Local", types.Typ[types.Int32]), false}, // not package-level
	} {
		if got := mayRecordWrite(tt.v); got != tt.want {
			t.Errorf("mayRecordWrite(%s %s) = %v, want %v", tt.v.Name(), tt.v.Type(), got, tt.want)
		}
	}
}
