package atomiccnt

import (
	"fmt"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// This file builds the call fix: the reported plain access becomes a
// call of the atomic package that the file uses.
//
//	x.f            atomic.LoadInt32(&x.f)
//	x.f = v        atomic.StoreInt32(&x.f, v)
//	x.f++          atomic.AddInt32(&x.f, 1)
//	x.f -= n       atomic.AddInt32(&x.f, -n)
//	x.f = x.f + n  atomic.AddInt32(&x.f, n)
//	x.f |= m       atomic.OrInt32(&x.f, m)
//
// Only a single statement becomes one read-modify-write call: a read
// and a later write (v := x.f; x.f = v + 1) stay two accesses, each
// made atomic on its own, since merging them would change what other
// goroutines can observe.
//
// Edits are shaped so that the fixes of different diagnostics compose
// when a driver merges them: a read is wrapped by an insertion before
// it and by replacing its last byte with that byte and the closing
// parenthesis. Drivers coalesce identical edits from different fixes,
// so a bare ")" inserted at the end of a read would vanish when a
// write's fix inserted the same text at the same place (x.f = y.g).

// callFix returns the call fix for the plain access a to the location
// that s summarises, or the reason there is none.
func (c *checker) callFix(s *summary, a *access) (*analysis.SuggestedFix, string) {
	edits, fn, why := c.callEdits(a)
	if why != "" {
		return nil, why
	}
	if a.kind == plainWrite && c.reads && !s.hasAtomicWrite() {
		// The write becomes the location's first atomic write, and
		// every plain read of it then races with an atomic write, which
		// the analyzer reports. Those reads raced with this plain write
		// before, a race the analyzer reports at the write; so the fix
		// of the write makes them atomic too. Reads the exemptions
		// cover stay plain; a read with no call fix is reported, with
		// its reason, on the next run.
		for _, r := range s.accesses {
			if c.wouldRace(s, r, a) {
				if more, _, why := c.callEdits(r); why == "" {
					edits = append(edits, more...)
				}
			}
		}
	}
	return &analysis.SuggestedFix{Message: "Use " + fn, TextEdits: dedupEdits(edits)}, ""
}

// hasAtomicWrite reports whether an atomic access that may write the
// location is visible to the pass.
func (s *summary) hasAtomicWrite() bool {
	for _, a := range s.atomics {
		if a.api.Op().Writes() {
			return true
		}
	}
	for _, r := range s.remote {
		if r.site.Kind == facts.AtomicWrite {
			return true
		}
	}
	return false
}

// wouldRace reports whether the plain read r would race with the write
// w once w is atomic, by the rules of check: it is not exempt outright,
// not the writer reading back, and shares no lock or exclusive phase
// with w, in a compatible container.
func (c *checker) wouldRace(s *summary, r, w *access) bool {
	if r.kind != plainRead || r.rmwRead {
		return false
	}
	switch r.exempt {
	case exemptLocal, exemptExclusive, exemptIgnored:
		return false
	}
	return !c.readsBack(s, r) && !w.exclusive() && c.compatible(r.ctx, w.ctx) && !c.locks.protects(r.locks, w.locks)
}

// dedupEdits drops exact duplicates, which arise when two reads share
// an import edit.
func dedupEdits(edits []analysis.TextEdit) []analysis.TextEdit {
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

// callEdits returns the edits that make a atomic and the qualified
// name of the function they call, or the reason there are none.
func (c *checker) callEdits(a *access) ([]analysis.TextEdit, string, string) {
	st, why := c.siteOf(a)
	if st == nil {
		return nil, "", why
	}
	if ast.IsGenerated(st.file) {
		return nil, "", "the file is generated"
	}
	if c.source(st.file) == nil {
		return nil, "", "the source is unavailable"
	}
	pkg, why := c.atomicPkgFor(st.file, st.expr.Pos())
	if pkg == nil {
		return nil, "", why
	}
	b := &callBuilder{c: c, a: a, st: st, pkg: pkg, typ: c.pass.TypesInfo.TypeOf(st.expr)}
	var edits []analysis.TextEdit
	if a.kind == plainRead {
		edits, why = b.load()
	} else {
		edits, why = b.write()
	}
	if why != "" {
		return nil, "", why
	}
	return append(b.imports(), edits...), pkg.qualified(b.fn.name), ""
}

// A callBuilder builds the call fix of one access.
type callBuilder struct {
	c   *checker
	a   *access
	st  *site
	pkg *apiPkg
	typ types.Type // of the location
	fn  *callee    // chosen by open
	// unsafeName qualifies unsafe.Pointer when the callee takes one.
	unsafeName string
	unsafeSpec string
}

// imports returns the edit that adds the imports the fix needs, if any.
func (b *callBuilder) imports() []analysis.TextEdit {
	var specs []string
	for _, spec := range []string{b.pkg.spec, b.unsafeSpec} {
		if spec != "" {
			specs = append(specs, spec)
		}
	}
	if len(specs) == 0 {
		return nil
	}
	return []analysis.TextEdit{b.c.importEdit(b.st.file, specs...)}
}

// open chooses the function for o and returns the text that opens the
// call, up to and including the address argument's "&".
func (b *callBuilder) open(o atomicapi.Op) (string, string) {
	fn, why := b.pkg.find(o, b.typ)
	if fn == nil {
		return "", why
	}
	b.fn = fn
	if fn.unsafeAddr {
		name, spec, why := b.c.importName(b.st.file, "unsafe", "unsafe", b.st.expr.Pos())
		if why != "" {
			return "", why
		}
		b.unsafeName, b.unsafeSpec = name, spec
		return b.pkg.qualified(fn.name) + "(" + name + ".Pointer(&", ""
	}
	return b.pkg.qualified(fn.name) + "(&", ""
}

// closeAddr returns the text that closes the address argument.
func (b *callBuilder) closeAddr() string {
	if b.fn.unsafeAddr {
		return ")"
	}
	return ""
}

// load wraps the read in a load call.
func (b *callBuilder) load() ([]analysis.TextEdit, string) {
	open, why := b.open(atomicapi.Load)
	if why != "" {
		return nil, why
	}
	e := b.st.expr
	return []analysis.TextEdit{
		insert(e.Pos(), open),
		b.closeAfter(e, b.closeAddr()+")"),
	}, ""
}

// closeAfter returns the edit that appends text to the expression e by
// rewriting its last byte (see the file comment).
func (b *callBuilder) closeAfter(e ast.Expr, text string) analysis.TextEdit {
	last := b.c.text(b.st.file, e)
	return replace(e.End()-1, e.End(), last[len(last)-1:]+text)
}

// write rewrites the statement that writes the location.
func (b *callBuilder) write() ([]analysis.TextEdit, string) {
	e := b.st.expr
	switch stmt := b.st.parent().(type) {
	case *ast.IncDecStmt:
		delta := big.NewInt(1)
		if stmt.Tok == token.DEC {
			delta.Neg(delta)
		}
		return b.add(stmt, nil, delta, true)
	case *ast.AssignStmt:
		if len(stmt.Lhs) != 1 || len(stmt.Rhs) != 1 {
			return nil, "the write is part of a multiple assignment"
		}
		if len(b.st.path) > 1 {
			if cc, ok := b.st.path[1].(*ast.CommClause); ok && cc.Comm == ast.Stmt(stmt) {
				return nil, "the write is a select case"
			}
		}
		rhs := stmt.Rhs[0]
		switch stmt.Tok {
		case token.ASSIGN:
			if b.readModifyWrite() {
				return b.assignRMW(stmt)
			}
			open, why := b.open(atomicapi.Store)
			if why != "" {
				return nil, why
			}
			return []analysis.TextEdit{
				insert(e.Pos(), open),
				replace(e.End(), rhs.Pos(), b.closeAddr()+", "),
				insert(rhs.End(), ")"),
			}, ""
		case token.ADD_ASSIGN:
			return b.add(stmt, rhs, nil, false)
		case token.SUB_ASSIGN:
			return b.add(stmt, rhs, nil, true)
		case token.OR_ASSIGN:
			return b.bitwise(stmt, atomicapi.Or, rhs)
		case token.AND_ASSIGN:
			return b.bitwise(stmt, atomicapi.And, rhs)
		}
		return nil, fmt.Sprintf("no atomic operation does %s", stmt.Tok)
	}
	return nil, "the write is not an assignment statement"
}

// readModifyWrite reports whether the write stores a value computed
// from a load of the same address (x.f = x.f + n), as the SSA form
// shows.
func (b *callBuilder) readModifyWrite() bool {
	store, ok := b.a.instr.(*ssa.Store)
	if !ok {
		return false
	}
	bin, ok := store.Val.(*ssa.BinOp)
	if !ok {
		return false
	}
	for _, operand := range []ssa.Value{bin.X, bin.Y} {
		if load, ok := operand.(*ssa.UnOp); ok && load.Op == token.MUL && sameAddress(load.X, store.Addr) && b.c.sameStatement(load.Pos(), store.Pos()) {
			return true
		}
	}
	return false
}

// assignRMW rewrites x.f = x.f op n as one atomic operation, where op
// has one.
func (b *callBuilder) assignRMW(stmt *ast.AssignStmt) ([]analysis.TextEdit, string) {
	bin, ok := ast.Unparen(stmt.Rhs[0]).(*ast.BinaryExpr)
	if !ok {
		return nil, "the new value is computed from the old one"
	}
	same := func(x ast.Expr) bool {
		return b.c.denotes(x, b.a.loc) && types.ExprString(ast.Unparen(x)) == types.ExprString(b.st.expr)
	}
	var operand ast.Expr
	switch {
	case same(bin.X) && (bin.Op == token.ADD || bin.Op == token.SUB || bin.Op == token.OR || bin.Op == token.AND):
		operand = bin.Y
	case same(bin.Y) && (bin.Op == token.ADD || bin.Op == token.OR || bin.Op == token.AND):
		operand = bin.X
	default:
		return nil, fmt.Sprintf("no atomic operation does x = x %s y", bin.Op)
	}
	switch bin.Op {
	case token.OR:
		return b.bitwise(stmt, atomicapi.Or, operand)
	case token.AND:
		return b.bitwise(stmt, atomicapi.And, operand)
	}
	return b.add(stmt, operand, nil, bin.Op == token.SUB)
}

// add rewrites stmt as an atomic add of operand (or of the constant
// delta when operand is nil), negated if sub. The edits keep operand's
// text in place, so that fixes of reads inside it still apply.
func (b *callBuilder) add(stmt ast.Stmt, operand ast.Expr, delta *big.Int, sub bool) ([]analysis.TextEdit, string) {
	if operand != nil && b.mentionsLocation(operand) {
		return nil, "the operand reads the location again"
	}
	open, why := b.open(atomicapi.Add)
	if why != "" {
		return nil, why
	}
	e := b.st.expr
	dt := b.fn.delta
	dname, why := b.typeName(dt)
	if why != "" {
		return nil, why
	}
	if operand != nil {
		if tv := b.c.pass.TypesInfo.Types[operand]; tv.Value != nil {
			delta = constantInt(tv.Value)
			if delta == nil {
				return nil, "the operand is not an integer constant"
			}
			if sub {
				delta.Neg(delta)
			}
			operand = nil
		}
	}
	if operand == nil {
		text, why := b.constDelta(delta, dt, dname, stmt)
		if why != "" {
			return nil, why
		}
		return []analysis.TextEdit{
			insert(e.Pos(), open),
			replace(e.End(), stmt.End(), b.closeAddr()+", "+text+")"),
		}, ""
	}
	// A variable delta: convert it to the parameter's type where the
	// location's type differs (the runtime's Xadd takes int32 for a
	// uint32), and negate it: in two's complement for an unsigned
	// parameter, as sync/atomic documents (^uint32(n-1)).
	pre, post := deltaWrap(b.c.pass.TypesInfo.TypeOf(operand), dt, dname, operand, sub)
	return []analysis.TextEdit{
		insert(e.Pos(), open),
		replace(e.End(), operand.Pos(), b.closeAddr()+", "+pre),
		replace(operand.End(), stmt.End(), post+")"),
	}, ""
}

// deltaWrap returns the text to put around a variable operand, of type
// ot, to pass it as a delta of type dt (spelled dname), negated if sub.
func deltaWrap(ot, dt types.Type, dname string, operand ast.Expr, sub bool) (pre, post string) {
	switch {
	case !sub && types.Identical(ot, dt):
	case !sub:
		pre, post = dname+"(", ")"
	case isUnsigned(dt):
		pre, post = "^"+dname+"(", "-1)"
		if needsParens(operand) {
			pre, post = pre+"(", ")"+post
		}
	case types.Identical(ot, dt):
		pre, post = "-", ""
		if needsParens(operand) {
			pre, post = "-(", ")"
		}
	default:
		pre, post = "-"+dname+"(", ")"
	}
	return pre, post
}

// constDelta renders the constant delta as an argument of type dt:
// folded, as a negative number for a signed parameter, and in two's
// complement for an unsigned one (^uint32(0) subtracts one).
func (b *callBuilder) constDelta(delta *big.Int, dt types.Type, dname string, stmt ast.Stmt) (string, string) {
	basic, _ := dt.Underlying().(*types.Basic)
	size := b.c.pass.TypesSizes.Sizeof(dt) * 8
	if basic == nil || basic.Info()&types.IsInteger == 0 {
		return "", "the delta parameter is not an integer"
	}
	mod := new(big.Int).Lsh(big.NewInt(1), uint(size))
	d := new(big.Int).Mod(delta, mod) // in [0, 2^size)
	if isUnsigned(dt) {
		if delta.Sign() >= 0 {
			return d.String(), ""
		}
		// ^T(k) is 2^size - 1 - k, which is -(k+1) modulo 2^size.
		k := new(big.Int).Sub(new(big.Int).Sub(mod, big.NewInt(1)), d)
		return "^" + dname + "(" + k.String() + ")", ""
	}
	if d.Cmp(new(big.Int).Rsh(mod, 1)) >= 0 {
		d.Sub(d, mod)
	}
	if _, ok := stmt.(*ast.IncDecStmt); ok && b.pkg.runtimeFamily() && d.Sign() > 0 {
		// The runtime's own spelling of an increment, as in the fix
		// of golang.org/issue/17503: atomic.Xadd(&finq.cnt, +1).
		return "+" + d.String(), ""
	}
	return d.String(), ""
}

// bitwise rewrites stmt as an atomic or/and of operand.
func (b *callBuilder) bitwise(stmt ast.Stmt, o atomicapi.Op, operand ast.Expr) ([]analysis.TextEdit, string) {
	if b.mentionsLocation(operand) {
		return nil, "the operand reads the location again"
	}
	open, why := b.open(o)
	if why != "" {
		return nil, why
	}
	e := b.st.expr
	return []analysis.TextEdit{
		insert(e.Pos(), open),
		replace(e.End(), operand.Pos(), b.closeAddr()+", "),
		replace(operand.End(), stmt.End(), ")"),
	}, ""
}

// mentionsLocation reports whether x contains an expression for the
// location: a fix that kept it would leave a plain read behind.
func (b *callBuilder) mentionsLocation(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok && b.c.denotes(e, location{v: b.a.loc.v}) {
			found = true
		}
		return !found
	})
	return found
}

// typeName spells the basic type t at the access, or says why it cannot.
func (b *callBuilder) typeName(t types.Type) (string, string) {
	basic, ok := t.(*types.Basic)
	if !ok {
		return "", "the delta type is not predeclared"
	}
	if obj := b.c.lookupAt(b.st.file, basic.Name(), b.st.expr.Pos()); obj == nil || obj.Parent() != types.Universe {
		return "", basic.Name() + " is redeclared"
	}
	return basic.Name(), ""
}

func isUnsigned(t types.Type) bool {
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Info()&types.IsUnsigned != 0
}

// needsParens reports whether x must be parenthesised as the operand
// of a unary or binary operator.
func needsParens(x ast.Expr) bool {
	switch x.(type) {
	case *ast.BinaryExpr, *ast.UnaryExpr, *ast.StarExpr:
		return true
	}
	return false
}

// constantInt returns the integer value of v, or nil.
func constantInt(v constant.Value) *big.Int {
	v = constant.ToInt(v)
	if v.Kind() != constant.Int {
		return nil
	}
	n, ok := new(big.Int).SetString(v.ExactString(), 10)
	if !ok {
		return nil
	}
	return n
}
