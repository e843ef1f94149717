package fix

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
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
// A read is wrapped by an insertion before it and by rewriting its last
// byte (see Builder.appendTo), so that the fixes of different accesses
// compose.

// A callBuilder builds the call fix of one access.
type callBuilder struct {
	bld *Builder
	v   *types.Var // the location's variable
	// update says the write is a read-modify-write (see Access).
	update bool
	st     *site
	pkg    *apiPkg
	typ    types.Type // of the location
	fn     *callee    // chosen by open
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
	return []analysis.TextEdit{b.bld.importEdit(b.st.file, specs...)}
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
		name, spec, why := b.bld.importName(b.st.file, "unsafe", "unsafe", b.st.expr.Pos())
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
		b.bld.appendTo(b.st.file, e, b.closeAddr()+")"),
	}, ""
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
			if b.update {
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

// assignRMW rewrites x.f = x.f op n as one atomic operation, where op
// has one.
func (b *callBuilder) assignRMW(stmt *ast.AssignStmt) ([]analysis.TextEdit, string) {
	bin, ok := ast.Unparen(stmt.Rhs[0]).(*ast.BinaryExpr)
	if !ok {
		return nil, "the new value is computed from the old one"
	}
	same := func(x ast.Expr) bool {
		return b.bld.denotes(x, location{v: b.v}) && types.ExprString(ast.Unparen(x)) == types.ExprString(b.st.expr)
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
	d, why := b.deltaArg(stmt, operand, delta, sub)
	if why != "" {
		return nil, why
	}
	if d.constant != "" {
		return []analysis.TextEdit{
			insert(e.Pos(), open),
			replace(e.End(), stmt.End(), b.closeAddr()+", "+d.constant+")"),
		}, ""
	}
	return []analysis.TextEdit{
		insert(e.Pos(), open),
		replace(e.End(), operand.Pos(), b.closeAddr()+", "+d.pre),
		replace(operand.End(), stmt.End(), d.post+")"),
	}, ""
}

// A delta is how an add's delta argument is written: a constant, or
// the text to put around the operand, which stays in place.
type delta struct {
	constant  string
	pre, post string
}

// deltaArg renders the delta of an add of operand (or of the constant
// delta when operand is nil), negated if sub, as an argument of the
// callee's delta type.
func (b *callBuilder) deltaArg(stmt ast.Stmt, operand ast.Expr, d *big.Int, sub bool) (delta, string) {
	dt := b.fn.delta
	dname, why := b.typeName(dt)
	if why != "" {
		return delta{}, why
	}
	if operand != nil {
		if tv := b.bld.pass.TypesInfo.Types[operand]; tv.Value != nil {
			d = constantInt(tv.Value)
			if d == nil {
				return delta{}, "the operand is not an integer constant"
			}
			if sub {
				d.Neg(d)
			}
			operand = nil
		}
	}
	if operand == nil {
		text, why := b.constDelta(d, dt, dname, stmt)
		return delta{constant: text}, why
	}
	// A variable delta: convert it to the parameter's type where the
	// location's type differs (the runtime's Xadd takes int32 for a
	// uint32), and negate it: in two's complement for an unsigned
	// parameter, as sync/atomic documents (^uint32(n-1)).
	pre, post := deltaWrap(b.bld.pass.TypesInfo.TypeOf(operand), dt, dname, operand, sub)
	return delta{pre: pre, post: post}, ""
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
	size := b.bld.pass.TypesSizes.Sizeof(dt) * 8
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
		if e, ok := n.(ast.Expr); ok && b.bld.denotes(e, location{v: b.v}) {
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
	if obj := b.bld.lookupAt(b.st.file, basic.Name(), b.st.expr.Pos()); obj == nil || obj.Parent() != types.Universe {
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
