package atomiccnt

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// prescan reports whether the package needs the SSA analysis at all,
// judging from its syntax and type information alone. It does if it
// calls an atomic function or a wrapper of one (its own wrappers call
// atomic functions), if it names a variable or field that a
// dependency's facts say is accessed atomically or read by a concurrent
// context, if it has a value of a struct type holding such a field (a
// copy may read it), or if it has a concurrent context of its own. Otherwise nothing in
// it can be reported, and only the facts about its plain writes are
// needed, which the syntax gives (see astWriteFacts).
//
// When the package needs no SSA, writes also says whether it names a
// location whose plain writes astWriteFacts records: if not, the walk
// of its function bodies can find none, and is skipped.
func (u *unit) prescan() (needsSSA, writes bool) {
	if u.needsConcurrentRule() {
		return true, false
	}
	info := u.pass.TypesInfo
	for _, obj := range info.Uses {
		switch obj := obj.(type) {
		case *types.Func:
			pkg := obj.Pkg()
			if pkg == nil {
				continue
			}
			if atomicapi.Of(obj) != nil {
				return true, false
			}
			if pkg != u.pass.Pkg {
				var fact facts.Func
				if u.pass.ImportObjectFact(obj.Origin(), &fact) && len(fact.Params) > 0 {
					return true, false
				}
			}
		case *types.Var:
			if u.imported.foreignAtomic(obj) {
				return true, false
			}
			writes = writes || mayRecordWrite(obj)
		}
	}
	return u.copiesForeignAtomic(), writes
}

// mayRecordWrite reports whether a plain write to v, or to one of its
// elements, could be one that astWriteFacts records (see
// writtenLocation and isExportable). Every location written is the
// object of an identifier in Uses: the variable, or the field selected.
func mayRecordWrite(v *types.Var) bool {
	if !v.Exported() || !(v.IsField() || (v.Pkg() != nil && v.Parent() == v.Pkg().Scope())) {
		return false
	}
	for _, u := range []*types.Var{v, v.Origin()} {
		if isExportable(loc.Location{Var: u}) || isExportable(loc.Location{Var: u, Elem: true}) {
			return true
		}
	}
	return false
}

// copiesForeignAtomic reports whether the package may load or store a
// whole value of a type that holds a field foreignAtomic reports: an
// expression of such a type used other than in place. Selecting a
// field (f.pfd.Sysfd), taking the address (&f.pfd) or calling a
// pointer method (f.pfd.Close()) copies nothing, and those are most of
// the uses of a struct that embeds another package's synchronised one.
func (u *unit) copiesForeignAtomic() bool {
	info := u.pass.TypesInfo
	seen := make(map[types.Type]bool)
	candidates := make(map[ast.Expr]bool)
	for e, tv := range info.Types {
		if !tv.IsValue() {
			continue // a type, or a package's built-in
		}
		if _, ok := e.(*ast.CompositeLit); ok {
			continue // a new value, not a copy of one
		}
		switch tv.Type.Underlying().(type) {
		case *types.Struct, *types.Array:
		default:
			continue // most values: nothing held by value, no memo needed
		}
		if u.holdsForeignAtomic(tv.Type, seen, 0) {
			candidates[e] = true
		}
	}
	if len(candidates) == 0 {
		return false
	}
	found := false
	for _, file := range u.pass.Files {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if found {
				return false
			}
			if e, ok := n.(ast.Expr); ok && candidates[e] && !usedInPlace(info, e, stack) {
				found = true
				return false
			}
			stack = append(stack, n)
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// usedInPlace reports whether the struct-valued expression e, whose
// enclosing nodes are stack, is used without copying it whole.
func usedInPlace(info *types.Info, e ast.Expr, stack []ast.Node) bool {
	var child ast.Node = e
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			child = p
			continue
		case *ast.UnaryExpr:
			return p.Op == token.AND
		case *ast.IndexExpr:
			// An array's element, loaded alone; it is a candidate
			// of its own if it holds the field.
			return p.X == child
		case *ast.SelectorExpr:
			if p.X != child {
				return false
			}
			sel := info.Selections[p]
			if sel == nil {
				return false
			}
			if sel.Kind() == types.FieldVal {
				return true
			}
			// A pointer method of the value itself takes its
			// address; a value method, or one promoted from an
			// embedded field, is left to the SSA analysis.
			fn, ok := sel.Obj().(*types.Func)
			if !ok || len(sel.Index()) != 1 {
				return false
			}
			_, ptr := fn.Signature().Recv().Type().Underlying().(*types.Pointer)
			return ptr
		}
		return false
	}
	return false
}

// needsConcurrentRule reports whether the concurrent-context rule has
// anything to look at in the package: functions marked (or misusing the
// mark), the garbage collector's entry points in a runtime package, or,
// with -goroutines, a go statement.
func (u *unit) needsConcurrentRule() bool {
	if len(u.marks.funcs) > 0 || len(u.marks.malformed) > 0 || len(u.marks.misplaced) > 0 {
		return true
	}
	runtime := calls.IsRuntimePkg(u.pass.Pkg.Path())
	for _, file := range u.pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if runtime && fd.Recv == nil {
				for _, e := range gcEntryPoints {
					if e.name == fd.Name.Name {
						return true
					}
				}
			}
			if u.opts.goroutines && fd.Body != nil && hasGoStmt(fd.Body) {
				return true
			}
		}
	}
	return false
}

func hasGoStmt(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			found = true
		}
		return !found
	})
	return found
}

// holdsForeignAtomic reports whether a value of type t holds, by value,
// a field that foreignAtomic reports.
func (u *unit) holdsForeignAtomic(t types.Type, seen map[types.Type]bool, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	if done, ok := seen[t]; ok {
		return done
	}
	seen[t] = false // cycles through named types end here
	found := false
	switch under := t.Underlying().(type) {
	case *types.Struct:
		for i := range under.NumFields() {
			f := under.Field(i)
			if u.imported.foreignAtomic(f) || u.holdsForeignAtomic(f.Type(), seen, depth+1) {
				found = true
				break
			}
		}
	case *types.Array:
		found = u.holdsForeignAtomic(under.Elem(), seen, depth+1)
	}
	if found && (isSyncType(t) || u.copies.holdsLock(t)) {
		// Copies of these are copylocks' business (see recordCopy):
		// the mutex every such struct holds is no reason to analyse.
		found = false
	}
	seen[t] = found
	return found
}

// astWriteFacts returns, from the syntax alone, the plain writes that a
// package without atomic accesses makes to exported variables and
// fields of the types the atomic APIs take: the facts that let an
// importer which accesses them atomically report the conflict. Writes
// in init functions, and to objects the function has just made with
// &T{}, new(T) or T{}, are initialisation and left out; locks are not
// known here, so the facts carry none.
func (u *unit) astWriteFacts() []astWrite {
	var writes []astWrite
	info := u.pass.TypesInfo
	for _, file := range u.pass.Files {
		if ast.IsGenerated(file) {
			continue
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (fd.Recv == nil && fd.Name.Name == "init") {
				continue
			}
			// The fresh locals are needed only for a write to a
			// field, which most functions do not make.
			var fresh map[types.Object]bool
			isFresh := func(obj types.Object) bool {
				if fresh == nil {
					fresh = freshLocals(info, fd.Body)
				}
				return fresh[obj]
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				var lhs []ast.Expr
				var tok token.Token
				switch n := n.(type) {
				case *ast.AssignStmt:
					if n.Tok == token.DEFINE {
						return true
					}
					lhs, tok = n.Lhs, n.Tok
				case *ast.IncDecStmt:
					lhs, tok = []ast.Expr{n.X}, n.Tok
				default:
					return true
				}
				for _, e := range lhs {
					if l, ok := writtenLocation(info, e, isFresh); ok && isExportable(l) {
						writes = append(writes, astWrite{loc: l, pos: e.Pos(), form: formOf(tok)})
					}
				}
				return true
			})
		}
	}
	return writes
}

// An astWrite is a plain write the syntax shows.
type astWrite struct {
	loc  loc.Location
	pos  token.Pos
	form string
}

// formOf names the form of a write by the token of its statement:
// "increment", "decrement", an assignment operator such as "+=", or
// "write" for = and :=.
func formOf(tok token.Token) string {
	switch tok {
	case token.ASSIGN, token.DEFINE:
		return "write"
	case token.INC:
		return "increment"
	case token.DEC:
		return "decrement"
	}
	return tok.String()
}

// writtenLocation returns the location that the assigned expression e
// writes: a field selected through something other than a fresh local,
// a package-level variable, or an element of either.
func writtenLocation(info *types.Info, e ast.Expr, fresh func(types.Object) bool) (loc.Location, bool) {
	e = ast.Unparen(e)
	elem := false
	if ix, ok := e.(*ast.IndexExpr); ok {
		e, elem = ast.Unparen(ix.X), true
	}
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return loc.Location{Var: v, Elem: elem}, true
		}
	case *ast.SelectorExpr:
		sel, ok := info.Selections[e]
		if ok && sel.Kind() == types.FieldVal {
			if id, ok := ast.Unparen(e.X).(*ast.Ident); ok && fresh(info.Uses[id]) {
				return loc.Location{}, false
			}
			return loc.Location{Var: sel.Obj().(*types.Var).Origin(), Elem: elem}, true
		}
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return loc.Location{Var: v, Elem: elem}, true // pkg.Var
		}
	}
	return loc.Location{}, false
}

// freshLocals returns the local variables of body initialised with a
// new object: x := &T{...}, x := new(T), x := T{...}.
func freshLocals(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	fresh := make(map[types.Object]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, rhs := range as.Rhs {
			id, ok := as.Lhs[i].(*ast.Ident)
			if !ok {
				continue
			}
			switch r := ast.Unparen(rhs).(type) {
			case *ast.CompositeLit:
				fresh[info.Defs[id]] = true
			case *ast.UnaryExpr:
				if _, ok := r.X.(*ast.CompositeLit); ok && r.Op == token.AND {
					fresh[info.Defs[id]] = true
				}
			case *ast.CallExpr:
				if b, ok := info.Uses[calleeIdent(r)].(*types.Builtin); ok && b.Name() == "new" {
					fresh[info.Defs[id]] = true
				}
			}
		}
		return true
	})
	return fresh
}

func calleeIdent(call *ast.CallExpr) *ast.Ident {
	id, _ := ast.Unparen(call.Fun).(*ast.Ident)
	return id
}
