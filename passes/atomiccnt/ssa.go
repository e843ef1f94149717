package atomiccnt

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// The analyzer builds SSA itself, and only for the packages that need
// it (see prescan), rather than requiring buildssa: an analyzer with
// facts runs on every dependency of what it checks, and most of them,
// the standard library's included, never touch an atomic. Building SSA
// for all of them was most of the analyzer's cost.

// An ssaPackage is the SSA form of the package being analysed.
type ssaPackage struct {
	pkg *ssa.Package
	// srcFuncs are the functions declared in the package's files,
	// function literals included, in source order.
	srcFuncs []*ssa.Function
}

// buildSSA builds the SSA form of the pass's package, as buildssa does:
// a program of its own, the direct imports created from type
// information only, and calls to functions that cannot return (by
// ctrlflow's facts) ending their blocks.
func buildSSA(pass *analysis.Pass) *ssaPackage {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	if cfgs, ok := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs); ok {
		prog.SetNoReturn(cfgs.NoReturn)
	}
	for _, imp := range pass.Pkg.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	out := &ssaPackage{pkg: pkg}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		out.srcFuncs = append(out.srcFuncs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil {
				add(fn)
			}
		}
	}
	return out
}
