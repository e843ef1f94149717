package atomiccnt

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// This file attaches suggested fixes to diagnostics. A fix must be
// safe to apply without reading it (atomiccnt -fix, an editor's quick
// fix): it compiles, it keeps the program's meaning apart from making
// the access atomic, and once applied the analyzer has nothing left to
// report about that access. Where no fix meets that bar the diagnostic
// says why instead.
//
// Two fixes are offered, in this order, because drivers apply only the
// first fix of a diagnostic:
//   - the call fix (fixcall.go) makes the one reported access atomic
//     with a call into the atomic package the file already uses;
//   - the type fix (fixtype.go) changes the location's type to a typed
//     atomic and rewrites every access in the package.

// fixState holds what fixes need across one pass, filled on demand.
type fixState struct {
	sources map[*ast.File][]byte
	// typeFixes memoises the type fix of each location: every
	// diagnostic about the location offers the same one.
	typeFixes map[location]*typeFixResult
	// callMissing memoises someCallFixMissing.
	callMissing map[location]bool
	// The indexes of useIndex. mentions holds the positions at which
	// each variable or field is named, and unkeyed the package's
	// unkeyed composite literals, both in position order; pkgRefs
	// counts the references to each import name, by file. They spare
	// the type fix a walk of every declaration for every location.
	mentions map[*types.Var][]token.Pos
	unkeyed  []unkeyedLit
	pkgRefs  map[*types.PkgName]map[*ast.File]int
	// copies memoises copiesOf by type; valueTypes indexes the types of
	// the package's values for it.
	copies     map[types.Type]string
	valueTypes []valueType
}

// An unkeyedLit is an unkeyed composite literal, which sets every
// field of its type.
type unkeyedLit struct {
	pos token.Pos
	typ types.Type
}

// mayUse reports whether the source between from and to can hold a use
// that the type fix must rewrite or refuse: a use of v, or an unkeyed
// literal of container.
func (c *checker) mayUse(from, to token.Pos, v *types.Var, container types.Type) bool {
	st := c.useIndex()
	pos := st.mentions[v]
	if i, _ := slices.BinarySearch(pos, from); i < len(pos) && pos[i] < to {
		return true
	}
	if container != nil {
		i, _ := slices.BinarySearchFunc(st.unkeyed, from, func(l unkeyedLit, pos token.Pos) int { return cmp.Compare(l.pos, pos) })
		for ; i < len(st.unkeyed) && st.unkeyed[i].pos < to; i++ {
			if t := st.unkeyed[i].typ; t != nil && types.Identical(t, container) {
				return true
			}
		}
	}
	return false
}

// useIndex returns the fix state with its indexes of the package's
// uses built: the positions naming each variable, the references to
// each import by file, and the unkeyed composite literals. One pass
// over the uses builds them, once, for every location the type fix
// migrates.
func (c *checker) useIndex() *fixState {
	st := c.fixes()
	if st.mentions != nil {
		return st
	}
	st.mentions = make(map[*types.Var][]token.Pos)
	st.pkgRefs = make(map[*types.PkgName]map[*ast.File]int)
	for id, obj := range c.pass.TypesInfo.Uses {
		switch obj := obj.(type) {
		case *types.Var:
			st.mentions[obj] = append(st.mentions[obj], id.Pos())
		case *types.PkgName:
			if st.pkgRefs[obj] == nil {
				st.pkgRefs[obj] = make(map[*ast.File]int)
			}
			st.pkgRefs[obj][c.fileOf(id.Pos())]++
		}
	}
	for _, pos := range st.mentions {
		slices.Sort(pos)
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
				if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
					st.unkeyed = append(st.unkeyed, unkeyedLit{lit.Pos(), c.pass.TypesInfo.TypeOf(lit)})
				}
			}
			return true
		})
	}
	slices.SortFunc(st.unkeyed, func(a, b unkeyedLit) int { return cmp.Compare(a.pos, b.pos) })
	return st
}

// someCallFixMissing reports whether some access to the location that
// s summarises is reported without a call fix.
func (c *checker) someCallFixMissing(s *summary) bool {
	st := c.fixes()
	missing, ok := st.callMissing[s.loc]
	if ok {
		return missing
	}
	for _, a := range s.accesses {
		if a.kind == atomicAccess || a.rmwRead || a.exempt != notExempt {
			continue
		}
		if a.kind == plainRead && !(c.reads && s.hasAtomicWrite()) {
			continue // not reported
		}
		if _, _, why := c.callEdits(a); why != "" {
			missing = true
			break
		}
	}
	st.callMissing[s.loc] = missing
	return missing
}

type typeFixResult struct {
	fix *analysis.SuggestedFix
	why string
}

func (c *checker) fixes() *fixState {
	if c.fixState == nil {
		c.fixState = &fixState{
			sources:     make(map[*ast.File][]byte),
			typeFixes:   make(map[location]*typeFixResult),
			callMissing: make(map[location]bool),
		}
	}
	return c.fixState
}

// suggestFixes returns the fixes for the diagnostic about the plain
// access a to the location that s summarises, and a note to append to
// the diagnostic's message when there is no call fix.
func (c *checker) suggestFixes(s *summary, a *access) ([]analysis.SuggestedFix, string) {
	if a.via != "" {
		// The access is in the wrapper's body, for every caller: the
		// fix belongs there, not at this call.
		return nil, "; no fix (" + a.via + " makes the access)"
	}
	var fixes []analysis.SuggestedFix
	call, whyNoCall := c.callFix(s, a)
	// The type fix's reason for refusing stays unsaid: it concerns the
	// location, not this access, and the call fix's reason is the one
	// the user can act on here.
	typed, _ := c.typeFix(s)
	if typed != nil && c.someCallFixMissing(s) {
		// A driver applies the first fix of each diagnostic. Were the
		// call fixes first, an access without one would stay plain and
		// its type fix would conflict with the others' call fixes; so
		// for such a location the type fix comes first everywhere, and
		// the identical copies merge into one.
		fixes = append(fixes, *typed)
		typed = nil
	}
	if call != nil {
		fixes = append(fixes, *call)
	}
	if typed != nil {
		fixes = append(fixes, *typed)
	}
	switch {
	case call != nil:
		return fixes, ""
	case len(fixes) > 0:
		return fixes, "; no atomic call fits (" + whyNoCall + "), so the fix changes the type"
	}
	return nil, "; no fix (" + whyNoCall + ")"
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

// siteOf finds the syntax of a: the innermost expression enclosing its
// position that denotes its location.
func (c *checker) siteOf(a *access) (*site, string) {
	file := c.fileOf(a.pos)
	if file == nil {
		return nil, "no syntax for the access"
	}
	path, _ := astutil.PathEnclosingInterval(file, a.pos, a.pos)
	for i, n := range path {
		if id, ok := n.(*ast.Ident); ok && i+1 < len(path) {
			if sel, ok := path[i+1].(*ast.SelectorExpr); ok && sel.Sel == id {
				continue // the selector as a whole denotes the location
			}
		}
		if e, ok := n.(ast.Expr); ok && c.denotes(e, a.loc) {
			return &site{file: file, expr: e, path: path[i+1:]}, ""
		}
		if _, ok := n.(ast.Stmt); ok {
			break
		}
	}
	for _, n := range path {
		if rs, ok := n.(*ast.RangeStmt); ok && a.pos >= rs.X.Pos() && a.pos < rs.X.End() {
			return nil, "a range loop reads each element; index the elements instead"
		}
	}
	if a.loc.elem {
		return nil, "the access copies the whole array"
	}
	return nil, "the access is implicit"
}

// denotes reports whether e is an expression for the location l: a
// selection of the field, a use of the variable, or an index into one
// of those when l is its elements.
func (c *checker) denotes(e ast.Expr, l location) bool {
	e = ast.Unparen(e)
	if l.elem {
		ix, ok := e.(*ast.IndexExpr)
		return ok && c.denotes(ix.X, location{v: l.v})
	}
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if sel := c.pass.TypesInfo.Selections[e]; sel != nil {
			v, ok := sel.Obj().(*types.Var)
			return ok && v.Origin() == l.v
		}
		return c.pass.TypesInfo.Uses[e.Sel] == l.v // pkg.V
	case *ast.Ident:
		return c.pass.TypesInfo.Uses[e] == l.v
	}
	return false
}

// source returns the text of file.
func (c *checker) source(file *ast.File) []byte {
	st := c.fixes()
	if src, ok := st.sources[file]; ok {
		return src
	}
	var src []byte
	if tf := c.pass.Fset.File(file.FileStart); tf != nil {
		src, _ = c.pass.ReadFile(tf.Name())
		if len(src) != tf.Size() {
			src = nil // changed since it was parsed
		}
	}
	st.sources[file] = src
	return src
}

// text returns the source text of n, or "" if it is not available.
func (c *checker) text(file *ast.File, n ast.Node) string {
	src := c.source(file)
	if src == nil {
		return ""
	}
	tf := c.pass.Fset.File(file.FileStart)
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// insert returns an edit that inserts text at pos.
func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

// replace returns an edit that replaces the source from pos to end.
func replace(pos, end token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)}
}
