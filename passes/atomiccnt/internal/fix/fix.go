// Package fix builds atomiccnt's suggested fixes from syntax and types:
// the edits that make one plain access atomic (Builder.Call), and the
// fix that changes a location's type to a typed atomic and rewrites
// every access to it (Builder.Type).
//
// It decides nothing about races. The pass says which accesses a fix
// should make atomic; this package says how, or why it cannot. A fix
// must be safe to apply without reading it (atomiccnt -fix, an
// editor's quick fix): it compiles, and it keeps the program's meaning
// apart from making the access atomic. Where no fix meets that bar the
// answer is the reason instead, worded for the end of a diagnostic.
package fix

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// A Builder builds the fixes of one pass. What it learns about the
// package (file contents, the uses of each variable, the types of its
// values) is gathered on first need and kept for the pass.
type Builder struct {
	pass  *analysis.Pass
	files *syntax.Files
	// funcs are the package's functions with bodies, among whose
	// values the type fix looks for copies of a struct.
	funcs   []*ssa.Function
	sources map[*ast.File][]byte
	// typeFixes memoises Type: every diagnostic about a location
	// offers the same one.
	typeFixes map[location]typeFixResult
	uses      *useIndex   // see index.go
	copies    *copyFinder // see copies.go
	// imported holds the paths that some file imports, and deps the
	// packages among the dependencies by path; built on first use.
	imported map[string]bool
	deps     map[string]*types.Package
	// testsChecked and testsUnseen memoise TestsUnseen.
	testsChecked, testsUnseen bool
}

// New returns the Builder of the pass, whose package's files are
// indexed by files and whose functions with bodies (function literals
// and the package initialiser included) are funcs.
func New(pass *analysis.Pass, files *syntax.Files, funcs []*ssa.Function) *Builder {
	return &Builder{
		pass:      pass,
		files:     files,
		funcs:     funcs,
		sources:   make(map[*ast.File][]byte),
		typeFixes: make(map[location]typeFixResult),
	}
}

// An Access is one plain access to a location, as the pass found it.
type Access struct {
	// Pos is the position the SSA form gives the load or store: within
	// the expression that denotes the location.
	Pos token.Pos
	// Var is the field or package-level variable accessed, or whose
	// element is accessed if Elem.
	Var  *types.Var
	Elem bool
	// Write says the access stores; otherwise it loads.
	Write bool
	// Update marks a write that stores a value computed, in the same
	// statement, from a load of the same address: x.f = x.f + n, which
	// becomes one atomic add.
	Update bool
}

// A location is what a fix makes atomic: a variable, or its elements.
type location struct {
	v    *types.Var
	elem bool
}

// Call returns the edits that make the access a call of the atomic
// package that its file uses, and the called function as the call
// spells it ("atomic.AddInt32"), or the reason there is none.
func (b *Builder) Call(a Access) (edits []analysis.TextEdit, fn string, why string) {
	st, why := b.siteOf(a.Pos, location{a.Var, a.Elem})
	if st == nil {
		return nil, "", why
	}
	if ast.IsGenerated(st.file) {
		return nil, "", "the file is generated"
	}
	if b.source(st.file) == nil {
		return nil, "", "the source is unavailable"
	}
	pkg, why := b.atomicPkgFor(st.file, st.expr.Pos())
	if pkg == nil {
		return nil, "", why
	}
	cb := &callBuilder{bld: b, v: a.Var, update: a.Update, st: st, pkg: pkg, typ: b.pass.TypesInfo.TypeOf(st.expr)}
	if a.Write {
		edits, why = cb.write()
	} else {
		edits, why = cb.load()
	}
	if why != "" {
		return nil, "", why
	}
	return append(cb.imports(), edits...), pkg.qualified(cb.fn.name), ""
}

// Dedup drops exact duplicates from edits, which arise when the edits
// of several calls share an import.
func Dedup(edits []analysis.TextEdit) []analysis.TextEdit {
	var out []analysis.TextEdit
outer:
	for _, e := range edits {
		for _, o := range out {
			if o.Pos == e.Pos && o.End == e.End && string(o.NewText) == string(e.NewText) {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

// A site is the syntax of one access: the expression that denotes the
// location (x.f, v, x.arr[i]) and the nodes that enclose it.
type site struct {
	file *ast.File
	expr ast.Expr
	// path runs from expr's parent outward.
	path []ast.Node
}

// parent returns the innermost enclosing node, or nil.
func (s *site) parent() ast.Node {
	if len(s.path) == 0 {
		return nil
	}
	return s.path[0]
}

// siteOf finds the syntax of the access to l at pos: the innermost
// expression enclosing pos that denotes l.
func (b *Builder) siteOf(pos token.Pos, l location) (*site, string) {
	file := b.files.Of(pos)
	if file == nil {
		return nil, "no syntax for the access"
	}
	path := syntax.Path(file, pos)
	for i, n := range path {
		if id, ok := n.(*ast.Ident); ok && i+1 < len(path) {
			if sel, ok := path[i+1].(*ast.SelectorExpr); ok && sel.Sel == id {
				continue // the selector as a whole denotes the location
			}
		}
		if e, ok := n.(ast.Expr); ok && b.denotes(e, l) {
			return &site{file: file, expr: e, path: path[i+1:]}, ""
		}
		if _, ok := n.(ast.Stmt); ok {
			break
		}
	}
	for _, n := range path {
		if rs, ok := n.(*ast.RangeStmt); ok && pos >= rs.X.Pos() && pos < rs.X.End() {
			return nil, "a range loop reads each element; index the elements instead"
		}
	}
	if l.elem {
		return nil, "the access copies the whole array"
	}
	return nil, "the access is implicit"
}

// denotes reports whether e is an expression for the location l: a
// selection of the field, a use of the variable, or an index into one
// of those when l is its elements.
func (b *Builder) denotes(e ast.Expr, l location) bool {
	e = ast.Unparen(e)
	info := b.pass.TypesInfo
	if l.elem {
		ix, ok := e.(*ast.IndexExpr)
		return ok && b.denotes(ix.X, location{v: l.v})
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			v, ok := sel.Obj().(*types.Var)
			return ok && v.Origin() == l.v
		}
		return info.Uses[e.Sel] == l.v // pkg.V
	case *ast.Ident:
		return info.Uses[e] == l.v
	}
	return false
}

// source returns the text of file, or nil if it is unavailable or has
// changed since it was parsed.
func (b *Builder) source(file *ast.File) []byte {
	if src, ok := b.sources[file]; ok {
		return src
	}
	var src []byte
	if tf := b.pass.Fset.File(file.FileStart); tf != nil {
		src, _ = b.pass.ReadFile(tf.Name())
		if len(src) != tf.Size() {
			src = nil
		}
	}
	b.sources[file] = src
	return src
}

// text returns the source text of n, or "" if it is not available.
func (b *Builder) text(file *ast.File, n ast.Node) string {
	src := b.source(file)
	if src == nil {
		return ""
	}
	tf := b.pass.Fset.File(file.FileStart)
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// appendTo returns the edit that appends text to e by rewriting its
// last byte. Edits are shaped so that the fixes of different
// diagnostics compose when a driver merges them, and drivers coalesce
// identical edits from different fixes: a bare ")" inserted at the end
// of a read would vanish when a write's fix inserted the same text at
// the same place (x.f = y.g), and an enclosing Store's closing
// parenthesis, inserted at the same offset, sorts after it.
func (b *Builder) appendTo(file *ast.File, e ast.Expr, text string) analysis.TextEdit {
	last := b.text(file, e)
	return replace(e.End()-1, e.End(), last[len(last)-1:]+text)
}

// insert returns an edit that inserts text at pos.
func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

// replace returns an edit that replaces the source from pos to end.
func replace(pos, end token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)}
}
