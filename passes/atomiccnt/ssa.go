package atomiccnt

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
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
// information only (see createImport), and calls to functions that
// cannot return (see noreturn.go) ending their blocks.
func buildSSA(pass *analysis.Pass, nr *noReturns) *ssaPackage {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	prog.SetNoReturn(nr.noReturn)
	uses := importedUses(pass)
	for _, imp := range pass.Pkg.Imports() {
		createImport(prog, imp, uses[imp])
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

// importedUses returns the package-level functions and variables of
// other packages that the pass's package names, by package, in a
// deterministic order.
func importedUses(pass *analysis.Pass) map[*types.Package][]types.Object {
	uses := make(map[*types.Package][]types.Object)
	seen := make(map[types.Object]bool)
	for _, obj := range pass.TypesInfo.Uses {
		pkg := obj.Pkg()
		if pkg == nil || pkg == pass.Pkg || obj.Parent() != pkg.Scope() || seen[obj] {
			continue
		}
		switch obj.(type) {
		case *types.Func, *types.Var:
			seen[obj] = true
			uses[pkg] = append(uses[pkg], obj)
		}
	}
	for _, objs := range uses {
		slices.SortFunc(objs, func(a, b types.Object) int { return cmp.Compare(a.Name(), b.Name()) })
	}
	return uses
}

// createImport creates the SSA package of an import with members for
// objs alone. Creating a package from type information creates every
// function and method in its scope, and for the packages the analysis
// reads (net/http's imports, say) that was a third of the cost of
// building SSA. The builder needs members only for the functions and
// variables the code names; it creates imported methods on demand.
// A syntax tree of bodiless declarations is how CreatePackage is told
// which members to create: a function without a body is built, like
// one from type information, with parameters only, and the imports
// are never built anyway.
func createImport(prog *ssa.Program, imp *types.Package, objs []types.Object) {
	if imp == types.Unsafe {
		prog.CreatePackage(imp, nil, nil, true)
		return
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object, len(objs))}
	file := &ast.File{Name: ast.NewIdent(imp.Name())}
	var vars []ast.Spec
	for _, obj := range objs {
		id := ast.NewIdent(obj.Name())
		info.Defs[id] = obj
		switch obj.(type) {
		case *types.Func:
			file.Decls = append(file.Decls, &ast.FuncDecl{Name: id, Type: &ast.FuncType{}})
		case *types.Var:
			vars = append(vars, &ast.ValueSpec{Names: []*ast.Ident{id}})
		}
	}
	if len(vars) > 0 {
		file.Decls = append(file.Decls, &ast.GenDecl{Tok: token.VAR, Specs: vars})
	}
	prog.CreatePackage(imp, []*ast.File{file}, info, true)
}
