package fix

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// This file builds the type fix: the location's type becomes the typed
// atomic of the same type (int32 to atomic.Int32), and every access in
// the package becomes a method call: atomic calls become the matching
// method, plain reads Load, plain writes Store, increments and
// op-assignments Add, Or or And. After it no plain access is possible.
//
// The fix is offered only where it is certainly correct, which needs
// every use of the location to be in reach and in a form that has a
// method equivalent. It is not offered:
//   - for exported locations, which other packages may use;
//   - for elements, whose container's type would change instead;
//   - for types other than the five integer types (an unsafe.Pointer
//     could become atomic.Pointer[T] only if T were certain);
//   - for a defined type (type state uint32), whose methods and
//     conversions would be lost;
//   - when the declaration names other variables or fields too
//     (a, b int32), or has an initial value;
//   - when the address is taken other than as the first argument of an
//     atomic function of the same family as the typed atomic: a *int32
//     cannot point to an atomic.Int32;
//   - when a value of the enclosing struct exists anywhere in the
//     package (copied, passed or returned by value, a value receiver,
//     compared with == or used as a map key, stored in an interface):
//     typed atomics must not be copied, and vet reports such copies;
//   - when a composite literal sets the field, keyed or not: the value
//     would need to move into a Store after the literal;
//   - when a use sits in a generated file, or in a form with no method
//     equivalent (*=, a multiple assignment, unsafe.Sizeof);
//   - when the atomic package has no typed atomics at the file's Go
//     version (sync/atomic before Go 1.19, the 2016 runtime; there the
//     signedness fix of sign.go may apply instead).

// Type returns the fix that changes the type of v (of its elements, if
// elem) to a typed atomic, or where the atomic package has none, to the
// integer type of the other signedness (sign.go), and rewrites every
// access in the package; or the reason there is none. The result is
// the same for every diagnostic about the location, and is computed
// once.
func (b *Builder) Type(v *types.Var, elem bool) (*analysis.SuggestedFix, string) {
	l := location{v, elem}
	r, ok := b.typeFixes[l]
	if !ok {
		r.fix, r.why = b.buildTypeFix(l, nil)
		if r.fix == nil {
			if other := otherSignedness(v.Type()); other != nil {
				if sfix, _ := b.buildTypeFix(l, other); sfix != nil {
					r.fix, r.why = sfix, ""
				}
			}
		}
		b.typeFixes[l] = r
	}
	return r.fix, r.why
}

type typeFixResult struct {
	fix *analysis.SuggestedFix
	why string
}

// typedNames names the typed atomic for each type, in both families.
var typedNames = map[types.BasicKind]string{
	types.Int32:   "Int32",
	types.Int64:   "Int64",
	types.Uint32:  "Uint32",
	types.Uint64:  "Uint64",
	types.Uintptr: "Uintptr",
}

// A typeMigration is the state of building one type fix.
type typeMigration struct {
	b     *Builder
	v     *types.Var
	basic *types.Basic
	pkg   *apiPkg // the atomic package, as the declaring file names it
	typed *types.Named
	// sign, for the signedness fix (sign.go), is the location's new
	// type; typed is then nil.
	sign *types.Basic
	// container is the struct type that holds the field, if v is one.
	container types.Type
	edits     []analysis.TextEdit
	// consumed are uses that an enclosing rewrite already covers: the
	// x.f in x.f = x.f + n.
	consumed map[ast.Expr]bool
	// removed counts, per file, the references to the atomic package
	// that rewritten calls drop, to delete imports left unused.
	removed map[*ast.File]int
}

// buildTypeFix builds the type fix of l, or with sign the signedness
// fix that changes l's type to sign.
func (b *Builder) buildTypeFix(l location, sign *types.Basic) (*analysis.SuggestedFix, string) {
	v := l.v
	switch {
	case l.elem:
		return nil, "the location is an element"
	case v.Pkg() != b.pass.Pkg:
		return nil, "the location is declared in another package"
	case v.Exported():
		return nil, v.Name() + " is exported"
	}
	basic, ok := v.Type().(*types.Basic)
	if !ok || typedNames[basic.Kind()] == "" {
		return nil, fmt.Sprintf("no typed atomic for %s", types.TypeString(v.Type(), types.RelativeTo(b.pass.Pkg)))
	}
	m := &typeMigration{b: b, v: v, basic: basic, sign: sign, removed: make(map[*ast.File]int), consumed: make(map[ast.Expr]bool)}
	if why := m.declaration(); why != "" {
		return nil, why
	}
	if why := m.uses(); why != "" {
		return nil, why
	}
	if m.container != nil {
		// A copy of the struct would read (or an assignment of a whole
		// one write) the location plainly; for a typed atomic it would
		// be a copy vet reports.
		if why := b.copiesOf(m.container); why != "" {
			return nil, why
		}
	}
	if m.sign != nil {
		return &analysis.SuggestedFix{
			Message:   fmt.Sprintf("Change %s to %s", v.Name(), sign.Name()),
			TextEdits: Dedup(m.edits),
		}, ""
	}
	m.removeImports()
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Change %s to %s", v.Name(), m.pkg.qualified(m.typed.Obj().Name())),
		TextEdits: m.edits,
	}, ""
}

// declaration finds v's declaration, checks that it declares v alone
// and without a value, chooses the typed atomic, and changes the type.
func (m *typeMigration) declaration() string {
	b := m.b
	file := b.files.Of(m.v.Pos())
	var path []ast.Node
	if file != nil {
		path = syntax.Path(file, m.v.Pos())
	}
	if file == nil || len(path) < 2 {
		return "no declaration in the package's files"
	}
	if ast.IsGenerated(file) {
		return "the declaration is in a generated file"
	}
	var typ ast.Expr
	switch d := path[1].(type) {
	case *ast.Field:
		if len(d.Names) != 1 {
			return "the field is declared together with others"
		}
		typ = d.Type
		if len(path) > 2 {
			if fl, ok := path[2].(*ast.FieldList); ok {
				if st, ok := path[3].(*ast.StructType); ok && fl == st.Fields {
					m.container = b.pass.TypesInfo.TypeOf(st)
					if len(path) > 4 {
						if ts, ok := path[4].(*ast.TypeSpec); ok {
							m.container = b.pass.TypesInfo.Defs[ts.Name].Type()
						}
					}
				}
			}
		}
	case *ast.ValueSpec:
		if len(d.Names) != 1 || d.Type == nil || len(d.Values) != 0 {
			return "the declaration has other names or an initial value"
		}
		typ = d.Type
	default:
		return "the declaration has an unusual form"
	}
	pkg, why := b.atomicPkgFor(file, typ.Pos())
	if pkg == nil {
		return why
	}
	if pkg.pkg == nil {
		pkg.pkg = b.findPackage(pkg.path)
	}
	if m.sign != nil {
		if why := m.chooseSigned(pkg); why != "" {
			return why
		}
		m.pkg = pkg
		if pkg.spec != "" {
			m.edits = append(m.edits, b.importEdit(file, pkg.spec))
		}
		m.edits = append(m.edits, replace(typ.Pos(), typ.End(), m.sign.Name()))
		return ""
	}
	if !pkg.runtimeFamily() && !atLeast(pkg.goVersion, "go1.19") {
		return "sync/atomic has no typed atomics before go1.19"
	}
	name := typedNames[m.basic.Kind()]
	if pkg.pkg != nil {
		if tn, ok := pkg.pkg.Scope().Lookup(name).(*types.TypeName); ok {
			m.typed, _ = tn.Type().(*types.Named)
		}
	}
	if m.typed == nil {
		return fmt.Sprintf("%s has no type %s", pkg.path, name)
	}
	m.pkg = pkg
	if pkg.spec != "" {
		m.edits = append(m.edits, b.importEdit(file, pkg.spec))
	}
	m.edits = append(m.edits, replace(typ.Pos(), typ.End(), pkg.qualified(name)))
	return ""
}

// uses rewrites every use of the location in the package. It walks
// only the declarations that declsUsing says hold one.
func (m *typeMigration) uses() string {
	b := m.b
	for _, file := range b.pass.Files {
		decls := b.declsUsing(file, m.v, m.container)
		if len(decls) == 0 {
			continue
		}
		var why string
		stack := []ast.Node{file}
		visit := func(n ast.Node) bool {
			if why != "" {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			if lit, ok := n.(*ast.CompositeLit); ok && m.container != nil && len(lit.Elts) > 0 {
				if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed && types.Identical(b.pass.TypesInfo.TypeOf(lit), m.container) {
					why = "an unkeyed composite literal sets it"
					return false
				}
			}
			e, ok := n.(ast.Expr)
			if !ok || !m.isUse(e, stack) {
				return true
			}
			if ast.IsGenerated(file) {
				why = "a use is in a generated file"
				return false
			}
			if b.source(file) == nil {
				why = "the source is unavailable"
				return false
			}
			path := make([]ast.Node, 0, len(stack)-1)
			for i := len(stack) - 2; i >= 0; i-- {
				path = append(path, stack[i])
			}
			why = m.rewrite(file, e, path)
			return false
		}
		for _, decl := range decls {
			ast.Inspect(decl, visit)
			if why != "" {
				return why
			}
		}
	}
	return ""
}

// isUse reports whether e, the last node of stack, is a use of the
// location: a selection of the field or a reference to the variable,
// not the selector's name alone and not the declaration.
func (m *typeMigration) isUse(e ast.Expr, stack []ast.Node) bool {
	if id, ok := e.(*ast.Ident); ok && len(stack) > 1 {
		if sel, ok := stack[len(stack)-2].(*ast.SelectorExpr); ok && sel.Sel == id {
			return false
		}
		if kv, ok := stack[len(stack)-2].(*ast.KeyValueExpr); ok && kv.Key == id {
			return m.b.pass.TypesInfo.Uses[id] == m.v // a field key
		}
	}
	if _, ok := e.(*ast.ParenExpr); ok || m.consumed[e] {
		return false
	}
	return m.b.denotes(e, location{v: m.v})
}

// rewrite rewrites the use e, whose enclosing nodes are path (the
// parent first), or says why it cannot.
func (m *typeMigration) rewrite(file *ast.File, e ast.Expr, path []ast.Node) string {
	b := m.b
	if !m.addressable(e) {
		return "a use is not addressable"
	}
	if m.sign != nil {
		return m.rewriteSigned(file, e, path)
	}
	parent := path[0]
	switch p := parent.(type) {
	case *ast.KeyValueExpr:
		return "a composite literal sets it"
	case *ast.UnaryExpr:
		if p.Op != token.AND {
			break
		}
		if len(path) > 1 {
			if call, ok := path[1].(*ast.CallExpr); ok && len(call.Args) > 0 && call.Args[0] == ast.Expr(p) {
				return m.rewriteCall(file, call, e)
			}
		}
		return "its address is taken"
	case *ast.IncDecStmt:
		delta := big.NewInt(1)
		if p.Tok == token.DEC {
			delta.Neg(delta)
		}
		return m.add(file, p, e, nil, delta, false)
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if lhs == e {
				return m.assign(file, p, e)
			}
		}
	case *ast.RangeStmt:
		if p.Key == e || p.Value == e {
			return "a range statement assigns it"
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(p.Fun).(*ast.SelectorExpr); ok {
			if pn, ok := b.pass.TypesInfo.Uses[identOf(id.X)].(*types.PkgName); ok && pn.Imported().Path() == "unsafe" {
				return "unsafe." + id.Sel.Name + " measures it"
			}
		}
	}
	// A read: x.f becomes x.f.Load(), appended by rewriting the last
	// byte (see Builder.appendTo).
	m.edits = append(m.edits, m.b.appendTo(file, e, ".Load()"))
	return ""
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// addressable reports whether the use e denotes an addressable
// variable, as a method with a pointer receiver needs: a package-level
// variable, or a field selected through a pointer or from an
// addressable struct.
func (m *typeMigration) addressable(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return true // the variable itself
	}
	if s := m.b.pass.TypesInfo.Selections[sel]; s != nil && s.Indirect() {
		return true
	}
	var visit func(x ast.Expr) bool
	visit = func(x ast.Expr) bool {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			_, isVar := m.b.pass.TypesInfo.Uses[x].(*types.Var)
			return isVar
		case *ast.SelectorExpr:
			if s := m.b.pass.TypesInfo.Selections[x]; s != nil {
				return s.Indirect() || visit(x.X)
			}
			_, isVar := m.b.pass.TypesInfo.Uses[x.Sel].(*types.Var)
			return isVar
		case *ast.StarExpr:
			return true
		case *ast.IndexExpr:
			if _, isSlice := m.b.pass.TypesInfo.TypeOf(x.X).Underlying().(*types.Slice); isSlice {
				return true
			}
			return visit(x.X)
		}
		return false
	}
	return visit(sel.X)
}

// assign rewrites an assignment to the location.
func (m *typeMigration) assign(file *ast.File, stmt *ast.AssignStmt, e ast.Expr) string {
	if len(stmt.Lhs) != 1 || len(stmt.Rhs) != 1 {
		return "a multiple assignment writes it"
	}
	rhs := stmt.Rhs[0]
	switch stmt.Tok {
	case token.ASSIGN:
		if operand, sub, ok := m.selfUpdate(e, rhs); ok {
			return m.add(file, stmt, e, operand, nil, sub)
		}
		// x.f = v: reads of x.f inside v become loads, so a read,
		// compute, store sequence stays one (not atomic) sequence, as
		// the source wrote it.
		m.edits = append(m.edits,
			replace(e.End(), rhs.Pos(), ".Store("),
			insert(rhs.End(), ")"))
		return ""
	case token.ADD_ASSIGN:
		return m.add(file, stmt, e, rhs, nil, false)
	case token.SUB_ASSIGN:
		return m.add(file, stmt, e, rhs, nil, true)
	case token.OR_ASSIGN, token.AND_ASSIGN:
		method := "Or"
		if stmt.Tok == token.AND_ASSIGN {
			method = "And"
		}
		if !m.pkg.runtimeFamily() && !atLeast(m.pkg.goVersion, "go1.23") {
			return fmt.Sprintf("%s.%s has no method %s before go1.23", m.pkg.name, m.typed.Obj().Name(), method)
		}
		if m.method(method) == nil {
			return fmt.Sprintf("%s.%s has no method %s", m.pkg.name, m.typed.Obj().Name(), method)
		}
		m.edits = append(m.edits,
			replace(e.End(), rhs.Pos(), "."+method+"("),
			replace(rhs.End(), stmt.End(), ")"))
		return ""
	}
	return fmt.Sprintf("no method does %s", stmt.Tok)
}

// selfUpdate recognises the value rhs assigned to the use e as e + n,
// n + e or e - n: it marks that read of e as covered by the rewrite of
// the assignment, and returns n and whether it is subtracted.
func (m *typeMigration) selfUpdate(e, rhs ast.Expr) (operand ast.Expr, sub, ok bool) {
	bin, ok := ast.Unparen(rhs).(*ast.BinaryExpr)
	if !ok {
		return nil, false, false
	}
	same := func(x ast.Expr) bool {
		return m.b.denotes(x, location{v: m.v}) && types.ExprString(ast.Unparen(x)) == types.ExprString(e) && !hasCall(e)
	}
	var self ast.Expr
	switch {
	case same(bin.X) && (bin.Op == token.ADD || bin.Op == token.SUB):
		self, operand, sub = bin.X, bin.Y, bin.Op == token.SUB
	case same(bin.Y) && bin.Op == token.ADD:
		self, operand = bin.Y, bin.X
	default:
		return nil, false, false
	}
	m.consumed[ast.Unparen(self)] = true
	return operand, sub, true
}

// method returns the typed atomic's method name, or nil.
func (m *typeMigration) method(name string) *types.Func {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(m.typed), false, m.typed.Obj().Pkg(), name)
	fn, _ := obj.(*types.Func)
	return fn
}

// add rewrites stmt as a call of the typed atomic's Add method, whose
// delta type may differ from the location's (the runtime's
// Uint32.Add takes an int32).
func (m *typeMigration) add(file *ast.File, stmt ast.Stmt, e, operand ast.Expr, delta *big.Int, sub bool) string {
	addm := m.method("Add")
	if addm == nil {
		return "the typed atomic has no Add method"
	}
	sig := addm.Signature()
	if sig.Params().Len() != 1 {
		return "the typed atomic's Add method is unusual"
	}
	// Reuse the call fix's rendering of deltas.
	b := &callBuilder{bld: m.b, st: &site{file: file, expr: e}, pkg: m.pkg, fn: &callee{delta: sig.Params().At(0).Type()}}
	d, why := b.deltaArg(stmt, operand, delta, sub)
	if why != "" {
		return why
	}
	if d.constant != "" {
		m.edits = append(m.edits, replace(e.End(), stmt.End(), ".Add("+d.constant+")"))
		return ""
	}
	m.edits = append(m.edits,
		replace(e.End(), operand.Pos(), ".Add("+d.pre),
		replace(operand.End(), stmt.End(), d.post+")"))
	return ""
}

// rewriteCall rewrites an atomic call whose first argument is &e as
// the typed atomic's method, keeping the other arguments' text.
func (m *typeMigration) rewriteCall(file *ast.File, call *ast.CallExpr, e ast.Expr) string {
	b := m.b
	fn, _ := typeutilCallee(b.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || !atomicapi.IsPackage(fn.Pkg().Path()) {
		return "its address is passed to a function"
	}
	if fn.Pkg().Path() != m.pkg.path {
		return fmt.Sprintf("it is accessed with %s, not %s", fn.Pkg().Path(), m.pkg.path)
	}
	name := methodFor(fn.Name(), m.pkg.runtimeFamily())
	method := m.method(name)
	if method == nil {
		return fmt.Sprintf("%s has no method equivalent", fn.Name())
	}
	// The method must take the remaining arguments as the function did
	// and return what it returned, so the call's context is unchanged.
	fsig, msig := fn.Signature(), method.Signature()
	if fsig.Params().Len() != msig.Params().Len()+1 || !types.Identical(fsig.Results(), msig.Results()) {
		return fmt.Sprintf("%s differs from %s.%s", fn.Name(), m.typed.Obj().Name(), name)
	}
	for i := 0; i < msig.Params().Len(); i++ {
		if !types.Identical(fsig.Params().At(i+1).Type(), msig.Params().At(i).Type()) {
			return fmt.Sprintf("%s differs from %s.%s", fn.Name(), m.typed.Obj().Name(), name)
		}
	}
	m.edits = append(m.edits, replace(call.Pos(), e.Pos(), ""))
	if len(call.Args) == 1 {
		m.edits = append(m.edits, replace(e.End(), call.End(), "."+name+"()"))
	} else {
		m.edits = append(m.edits, replace(e.End(), call.Args[1].Pos(), "."+name+"("))
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, ok := b.pass.TypesInfo.Uses[identOf(sel.X)].(*types.PkgName); ok {
			m.removed[file]++
		}
	}
	return ""
}

// methodFor names the typed atomics' method that does what the atomic
// function name does.
func methodFor(name string, runtime bool) string {
	if !runtime {
		for _, suffix := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr"} {
			if len(name) > len(suffix) && name[len(name)-len(suffix):] == suffix {
				return name[:len(name)-len(suffix)]
			}
		}
		return ""
	}
	for _, p := range []struct{ prefix, method string }{
		{"LoadAcq", "LoadAcquire"}, {"StoreRel", "StoreRelease"}, {"CasRel", "CompareAndSwapRelease"},
		{"Load", "Load"}, {"Store", "Store"}, {"Xadd", "Add"}, {"Xchg", "Swap"}, {"Cas", "CompareAndSwap"},
		{"And", "And"}, {"Or", "Or"},
	} {
		if len(name) >= len(p.prefix) && name[:len(p.prefix)] == p.prefix {
			return p.method
		}
	}
	return ""
}

// typeutilCallee returns the function that call calls, if static.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[f]
	case *ast.SelectorExpr:
		if info.Selections[f] != nil {
			return nil // a method
		}
		return info.Uses[f.Sel]
	}
	return nil
}

// removeImports deletes imports of the atomic package that the
// rewritten calls leave unused, so that the fixed files compile.
func (m *typeMigration) removeImports() {
	for file, n := range m.removed {
		for _, spec := range file.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			if path != m.pkg.path {
				continue
			}
			pn := m.b.pass.TypesInfo.PkgNameOf(spec)
			if pn == nil || m.refs(file, pn) > n || m.declaresIn(file) {
				continue
			}
			m.edits = append(m.edits, m.deleteImport(file, spec))
		}
	}
}

// refs counts the references to pn in file.
func (m *typeMigration) refs(file *ast.File, pn *types.PkgName) int {
	return m.b.useIndex().pkgRefs[pn][file]
}

// declaresIn reports whether the changed declaration, which names the
// typed atomic, is in file.
func (m *typeMigration) declaresIn(file *ast.File) bool {
	return file.FileStart <= m.v.Pos() && m.v.Pos() < file.FileEnd
}

// deleteImport returns the edit that deletes spec: its line in a block
// of several, or else the whole declaration.
func (m *typeMigration) deleteImport(file *ast.File, spec *ast.ImportSpec) analysis.TextEdit {
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			break // imports come first
		}
		for _, s := range g.Specs {
			if s != ast.Spec(spec) {
				continue
			}
			if len(g.Specs) == 1 {
				return replace(g.Pos(), g.End(), "")
			}
			tf := m.b.pass.Fset.File(file.FileStart)
			start := tf.LineStart(tf.Line(spec.Pos()))
			end := spec.End()
			if line := tf.Line(spec.End()); line < tf.LineCount() {
				end = tf.LineStart(line + 1)
			}
			return replace(start, end, "")
		}
	}
	return replace(spec.Pos(), spec.End(), "")
}

// hasCall reports whether evaluating e calls a function, so that two
// evaluations of e may denote different variables.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// TestsUnseen reports whether the package has test files in its
// directory that are not among the pass's files. A driver analyses a
// package without its tests and with them; a type fix built without
// the test files would leave their uses of the old type (a composite
// literal that sets the field, say) to break the tests' build, so the
// analysis without them must not offer it. The analysis with the test
// files offers the fix, or says why not.
func (b *Builder) TestsUnseen() bool {
	if b.testsChecked {
		return b.testsUnseen
	}
	b.testsChecked = true
	dirs := make(map[string]bool)
	for _, f := range b.pass.Files {
		name := b.pass.Fset.File(f.FileStart).Name()
		if strings.HasSuffix(name, "_test.go") {
			return false // the package's tests are in the analysis
		}
		dirs[filepath.Dir(name)] = true
	}
	for dir := range dirs {
		tests, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
		for _, test := range tests {
			if samePackage(test, b.pass.Pkg.Name()) {
				b.testsUnseen = true
				return true
			}
		}
	}
	return false
}

// samePackage reports whether the Go file at path declares package
// name (not name_test, an external test package, which cannot name the
// package's unexported locations).
func samePackage(path, name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly)
	return err == nil && f.Name.Name == name
}
