package main

// The candidates: every call of an atomic function in the loaded
// packages, with the location it addresses, and of those the calls that
// have a plain form. The search is syntax and types only (go/ast,
// go/types), independent of the analyzer's SSA walk, so that a hole in
// the analyzer's recogniser is not repeated here and hidden.

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// atomicPackages are the import paths of the atomic APIs: sync/atomic
// and the runtime's own package under its old and its new path.
var atomicPackages = []string{"sync/atomic", "internal/runtime/atomic", "runtime/internal/atomic"}

// An op is what an atomic function does to its address.
type op string

const (
	opLoad  op = "load"
	opStore op = "store"
	opAdd   op = "add"
	opAnd   op = "and"
	opOr    op = "or"
	opSwap  op = "swap"
	opCAS   op = "cas"
)

// opPrefixes classifies an atomic function by the start of its name,
// which both APIs keep regular (LoadUint32, Load64, Xadd, Xchg8,
// CompareAndSwapInt32, Casp1). Longer prefixes come first: And before
// Add is not needed, but CompareAndSwap must win over nothing else, and
// a table in order keeps that visible.
var opPrefixes = []struct {
	prefix string
	op     op
}{
	{"CompareAndSwap", opCAS},
	{"Cas", opCAS},
	{"Load", opLoad},
	{"Store", opStore},
	{"Xadd", opAdd},
	{"Add", opAdd},
	{"And", opAnd},
	{"Or", opOr},
	{"Swap", opSwap},
	{"Xchg", opSwap},
}

// atomicOp returns what fn does if it is a function (not a method: the
// typed atomics are safe by construction) of an atomic API, or "".
func atomicOp(fn *types.Func) op {
	if fn.Pkg() == nil || !slices.Contains(atomicPackages, fn.Pkg().Path()) || fn.Signature().Recv() != nil {
		return ""
	}
	for _, p := range opPrefixes {
		if strings.HasPrefix(fn.Name(), p.prefix) {
			return p.op
		}
	}
	return ""
}

// A location is what two accesses must share to conflict, as far as
// syntax tells: a struct field or a variable, or (elem > 0) an element
// of one, elem levels of indexing down. A local variable is a location
// only as the base of an index (elements of a local slice); as a whole
// it is not a candidate (see addressed).
type location struct {
	obj  types.Object
	elem int
}

// An access is one atomic call, with the location it addresses.
type access struct {
	loc location
	op  op
	pkg *packages.Package
	pos token.Pos
}

// A mutant is one atomic call with a plain form.
type mutant struct {
	pkg     *packages.Package
	file    string // relative to the target's root, slash-separated
	line    int    // of the call's first line
	endLine int    // of its last line: reports are matched over the span
	start   int    // byte offsets of the replaced text in the file
	end     int
	op      op
	loc     location
	locName string // the location as written, for people: finBlock.cnt
	call    string // the replaced text, on one line
	plain   string // its replacement
	// keep is a reference to the atomic package ("atomic.Load") that
	// keeps its import used if every other use of it is mutated away.
	keep    string
	keepPkg string // the package name in keep, "" if there is none
	access  *access
}

// key identifies a mutant in the output and in triage files.
func (m *mutant) key() string { return fmt.Sprintf("%s:%d %s", m.file, m.line, m.locName) }

// finder collects the accesses and mutants of a set of packages.
type finder struct {
	root     string // the directory file names are relative to
	accesses []*access
	mutants  []*mutant
	// skipped counts the atomic calls on a recognised location that
	// have no plain form (a compare-and-swap, an add whose result is
	// used, an address converted to unsafe.Pointer, a defer), or are in
	// a generated file, by why.
	skipped map[string]int
	// uses holds, by file, the offsets of each name of an atomic
	// package (atomic in atomic.Load): a batch that mutates them all
	// must keep the import used (see rewrite).
	uses map[string]map[string][]int
}

func newFinder(root string) *finder {
	return &finder{root: root, skipped: make(map[string]int), uses: make(map[string]map[string][]int)}
}

// addPackage records the atomic calls of pkg's files.
func (f *finder) addPackage(pkg *packages.Package) error {
	for _, file := range pkg.Syntax {
		name := pkg.Fset.File(file.FileStart).Name()
		rel, err := filepath.Rel(f.root, name)
		if err != nil || !filepath.IsLocal(rel) {
			continue // a file cgo generated, in the build cache
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		generated := ast.IsGenerated(file)
		ast.PreorderStack(file, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				f.call(pkg, rel, data, n, stack, generated)
			case *ast.Ident:
				if pn, ok := pkg.TypesInfo.Uses[n].(*types.PkgName); ok && slices.Contains(atomicPackages, pn.Imported().Path()) {
					if f.uses[rel] == nil {
						f.uses[rel] = make(map[string][]int)
					}
					f.uses[rel][n.Name] = append(f.uses[rel][n.Name], pkg.Fset.PositionFor(n.Pos(), false).Offset)
				}
			}
			return true
		})
	}
	return nil
}

// call records call if it is an atomic call on a location, and its
// mutant if it has a plain form and its file is not generated:
// atomiccnt does not report generated files (their generator is where
// a fix goes), so a mutant there would be missed by design.
func (f *finder) call(pkg *packages.Package, file string, src []byte, call *ast.CallExpr, stack []ast.Node, generated bool) {
	info := pkg.TypesInfo
	fn, _ := typeutilCallee(info, call).(*types.Func)
	if fn == nil || len(call.Args) == 0 {
		return
	}
	o := atomicOp(fn)
	if o == "" {
		return
	}
	operand, converted := addressed(info, call.Args[0])
	if operand == nil {
		return
	}
	loc, ok := locationOf(info, operand, false)
	if !ok {
		return
	}
	a := &access{loc: loc, op: o, pkg: pkg, pos: call.Pos()}
	f.accesses = append(f.accesses, a)
	if generated {
		f.skipped["in a generated file"]++
		return
	}

	var parent ast.Node
	if len(stack) > 0 {
		parent = stack[len(stack)-1]
	}
	stmt, isStmt := parent.(*ast.ExprStmt)
	x := text(pkg.Fset, src, operand)
	arg := func() string { return text(pkg.Fset, src, call.Args[1]) }
	// The plain form is lhs op rhs, or rhs alone for a load that is
	// part of an expression.
	var lhs, assign, rhs string
	var span ast.Node = call
	switch {
	case converted:
		f.skipped["address converted"]++
		return
	case o == opLoad && isStmt:
		span, lhs, assign, rhs = stmt, "_", " = ", x
	case o == opLoad:
		rhs = x
	case o == opCAS:
		f.skipped["compare-and-swap"]++
		return
	case !isStmt:
		f.skipped[string(o)+" whose result is used, or deferred"]++
		return
	case len(call.Args) != 2:
		f.skipped["unexpected arguments"]++
		return
	case o == opStore, o == opSwap:
		lhs, assign, rhs = x, " = ", arg()
	case o == opAdd:
		assign, rhs = addDelta(info, operand, call.Args[1], arg())
		lhs = x
	case o == opAnd:
		lhs, assign, rhs = x, " &= ", arg()
	case o == opOr:
		lhs, assign, rhs = x, " |= ", arg()
	}
	start, end := pkg.Fset.PositionFor(span.Pos(), false), pkg.Fset.PositionFor(span.End(), false)
	orig := string(src[start.Offset:end.Offset])
	f.mutants = append(f.mutants, &mutant{
		pkg:     pkg,
		file:    file,
		line:    start.Line,
		endLine: end.Line,
		start:   start.Offset,
		end:     end.Offset,
		op:      o,
		loc:     loc,
		locName: locationName(pkg.Types, info, operand),
		call:    strings.Join(strings.Fields(orig), " "),
		plain:   plainForm(orig, lhs, assign, rhs),
		keep:    text(pkg.Fset, src, call.Fun),
		keepPkg: pkgIdent(call.Fun),
		access:  a,
	})
}

// typeutilCallee returns the object that call's function names, if it
// names one directly (pkg.F or F), else nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		if _, ok := info.Selections[fun]; ok {
			return nil // a method or a field of function type
		}
		return info.Uses[fun.Sel]
	}
	return nil
}

// addressed returns x for an address argument &x, also through
// parentheses and conversions ((*uint32)(unsafe.Pointer(&x))), and
// whether a conversion was involved: such a call addresses x, but its
// plain form would need the conversion's meaning, so it is not mutated.
func addressed(info *types.Info, arg ast.Expr) (ast.Expr, bool) {
	converted := false
	for {
		arg = ast.Unparen(arg)
		call, ok := arg.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || !info.Types[call.Fun].IsType() {
			break
		}
		arg, converted = call.Args[0], true
	}
	u, ok := arg.(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, false
	}
	return u.X, converted
}

// locationOf returns the location that x denotes: a field selector, a
// package-level variable, or an element (x[i]) of a location. Inside
// an index, a local variable counts too (elements of a local slice).
func locationOf(info *types.Info, x ast.Expr, inIndex bool) (location, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok {
			if sel.Kind() != types.FieldVal {
				return location{}, false
			}
			return location{obj: sel.Obj().(*types.Var).Origin()}, true
		}
		return globalVar(info.Uses[x.Sel])
	case *ast.Ident:
		if inIndex {
			if v, ok := info.Uses[x].(*types.Var); ok {
				return location{obj: v.Origin()}, true
			}
		}
		return globalVar(info.Uses[x])
	case *ast.IndexExpr:
		if _, ok := info.TypeOf(x.X).Underlying().(*types.Map); ok {
			return location{}, false
		}
		base, ok := locationOf(info, x.X, true)
		base.elem++
		return base, ok
	}
	return location{}, false
}

func globalVar(obj types.Object) (location, bool) {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return location{}, false
	}
	return location{obj: v}, true
}

// locationName renders the location that x denotes as people know it:
// the struct type and field (finBlock.cnt), the variable (sched, or
// pkg.v for another package's), and [] for each level of elements.
func locationName(pkg *types.Package, info *types.Info, x ast.Expr) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok {
			recv := sel.Recv()
			if p, ok := recv.Underlying().(*types.Pointer); ok {
				recv = p.Elem()
			}
			owner := types.TypeString(recv, types.RelativeTo(pkg))
			if n, ok := types.Unalias(recv).(*types.Named); ok {
				owner = n.Obj().Name()
			}
			return strings.ReplaceAll(owner, " ", "") + "." + sel.Obj().Name()
		}
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return locationName(pkg, info, x.X) + "[]"
	}
	return "?"
}

// addDelta returns the plain form's operator and operand for an add of
// delta (as written, d) to x. Go's += needs both sides of one type,
// where the runtime's Xadd takes a signed delta for an unsigned word:
// a constant delta is written as its magnitude with += or -=, and any
// other is converted, which wraps as the atomic add does.
func addDelta(info *types.Info, x, delta ast.Expr, d string) (assign, rhs string) {
	xt, dt := info.TypeOf(x), info.TypeOf(delta)
	if types.Identical(xt, dt) {
		return " += ", d
	}
	if tv := info.Types[delta]; tv.Value != nil && tv.Value.Kind() == constant.Int {
		if constant.Sign(tv.Value) < 0 {
			return " -= ", constant.UnaryOp(token.SUB, tv.Value, 0).ExactString()
		}
		return " += ", tv.Value.ExactString()
	}
	return " += ", types.TypeString(xt, nil) + "(" + d + ")"
}

// pkgIdent returns the package name that fun qualifies (atomic in
// atomic.Load), or "".
func pkgIdent(fun ast.Expr) string {
	if sel, ok := ast.Unparen(fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// text returns the source text of n.
func text(fset *token.FileSet, src []byte, n ast.Node) string {
	return string(src[fset.PositionFor(n.Pos(), false).Offset:fset.PositionFor(n.End(), false).Offset])
}

// counted reports whether a mutant can be reported at all: the
// analysis of its package must still see an atomic access to its
// location (for a load, an atomic write), in the package or in one it
// imports. Without one, the plain form races with nothing the analyzer
// is asked about.
func counted(m *mutant, byLoc map[location][]*access, visible func(from, to *packages.Package) bool) bool {
	for _, a := range byLoc[m.loc] {
		if a == m.access || !visible(m.pkg, a.pkg) {
			continue
		}
		if m.op != opLoad || a.op != opLoad {
			return true
		}
	}
	return false
}

// sortMutants orders mutants by file and offset.
func sortMutants(ms []*mutant) {
	slices.SortFunc(ms, func(a, b *mutant) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.start, b.start))
	})
}
