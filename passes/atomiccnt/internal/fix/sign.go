package fix

import (
	"go/ast"
	"go/token"
	"go/types"
	"math/big"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
)

// This file builds the signedness fix, the type fix of trees whose
// atomic package has neither typed atomics nor functions for the
// location's type but has them for the integer type of the same size
// and the other signedness: the Go runtime of 2016, whose atomics took
// *uint32 and not *int32. The fix of golang.org/issue/17503 did just
// this, changing finblock.cnt from int32 to uint32.
//
// The location's type becomes the other one, and every use in the
// package becomes a call: reads T(atomic.Load(&x.f)), writes
// atomic.Store(&x.f, U(v)), increments and op-assignments atomic.Xadd,
// whose delta is signed. Converting between the two types keeps every
// bit, so reads converted back to T compute what they did before, and
// additions wrap the same way in both. The fix is refused where a use
// cannot be rewritten so: its address taken (a *int32 cannot point to a
// uint32), a composite literal setting it, |= and &=, a multiple
// assignment, and the cases the type fix refuses for the same reasons.

// otherSignedness returns the integer type of the same size as t and
// the other signedness, if the atomic packages could hold it.
func otherSignedness(t types.Type) *types.Basic {
	basic, ok := t.(*types.Basic)
	if !ok {
		return nil
	}
	switch basic.Kind() {
	case types.Int32:
		return types.Typ[types.Uint32]
	case types.Uint32:
		return types.Typ[types.Int32]
	case types.Int64:
		return types.Typ[types.Uint64]
	case types.Uint64:
		return types.Typ[types.Int64]
	}
	return nil
}

// signOps are the operations the signedness fix rewrites uses into.
var signOps = []atomicapi.Op{atomicapi.Load, atomicapi.Store, atomicapi.Add}

// chooseSigned checks that the signedness fix applies with pkg, the
// atomic package of the declaring file: some operation the package's
// uses need has no function for the location's type, and all have one
// for the other signedness. It returns the reason if not.
func (m *typeMigration) chooseSigned(pkg *apiPkg) string {
	missing := ""
	for _, o := range signOps {
		if fn, why := pkg.find(o, m.basic); fn == nil && missing == "" {
			missing = why
		}
	}
	if missing == "" {
		return "the atomic package has functions for " + m.basic.Name()
	}
	for _, o := range signOps {
		if fn, why := pkg.find(o, m.sign); fn == nil {
			return why
		}
	}
	return ""
}

// rewriteSigned rewrites the use e, whose enclosing nodes are path (the
// parent first), for the signedness fix, or says why it cannot.
func (m *typeMigration) rewriteSigned(file *ast.File, e ast.Expr, path []ast.Node) string {
	// Each file names (or imports) the atomic package in its own way.
	pkg, why := m.b.atomicPkgFor(file, e.Pos())
	if pkg == nil {
		return why
	}
	if pkg.path != m.pkg.path {
		return "the package's files use different atomic packages"
	}
	if pkg.pkg == nil {
		pkg.pkg = m.pkg.pkg
	}
	b := &callBuilder{
		bld: m.b,
		v:   m.v,
		st:  &site{file: file, expr: e, path: path},
		pkg: pkg,
		typ: m.sign,
	}
	m.edits = append(m.edits, b.imports()...)
	switch p := path[0].(type) {
	case *ast.KeyValueExpr:
		return "a composite literal sets it"
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return "its address is taken"
		}
	case *ast.IncDecStmt:
		delta := big.NewInt(1)
		if p.Tok == token.DEC {
			delta.Neg(delta)
		}
		return m.addEdits(b.add(p, nil, delta, false))
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if lhs == e {
				return m.assignSigned(b, p)
			}
		}
	case *ast.RangeStmt:
		if p.Key == e || p.Value == e {
			return "a range statement assigns it"
		}
	}
	// A read: T(atomic.Load(&x.f)), closed by rewriting the last byte
	// (see Builder.appendTo) so that it nests inside an enclosing Store.
	open, why := b.open(atomicapi.Load)
	if why != "" {
		return why
	}
	name, why := b.typeName(m.basic)
	if why != "" {
		return why
	}
	m.edits = append(m.edits,
		insert(e.Pos(), name+"("+open),
		m.b.appendTo(file, e, b.closeAddr()+"))"))
	return ""
}

// assignSigned rewrites an assignment to the location.
func (m *typeMigration) assignSigned(b *callBuilder, stmt *ast.AssignStmt) string {
	if len(stmt.Lhs) != 1 || len(stmt.Rhs) != 1 {
		return "a multiple assignment writes it"
	}
	e, rhs := b.st.expr, stmt.Rhs[0]
	switch stmt.Tok {
	case token.ADD_ASSIGN:
		return m.addEdits(b.add(stmt, rhs, nil, false))
	case token.SUB_ASSIGN:
		return m.addEdits(b.add(stmt, rhs, nil, true))
	case token.ASSIGN:
	default:
		return "no atomic operation does " + stmt.Tok.String() + " for " + m.sign.Name()
	}
	if operand, sub, ok := m.selfUpdate(e, rhs); ok {
		return m.addEdits(b.add(stmt, operand, nil, sub))
	}
	open, why := b.open(atomicapi.Store)
	if why != "" {
		return why
	}
	// The value is converted to the new type; reads of the location
	// inside it become loads of their own.
	pre, post := "", ""
	if tv := m.b.pass.TypesInfo.Types[rhs]; tv.Value != nil {
		n := constantInt(tv.Value)
		if n == nil {
			return "the value is not an integer constant"
		}
		// A constant converts only if it fits: spell its bits in the
		// new type unless the untyped constant already does.
		size := uint(m.b.pass.TypesSizes.Sizeof(m.sign) * 8)
		mod := new(big.Int).Lsh(big.NewInt(1), size)
		bits := new(big.Int).Mod(n, mod)
		if !isUnsigned(m.sign) && bits.Cmp(new(big.Int).Rsh(mod, 1)) >= 0 {
			bits.Sub(bits, mod)
		}
		if bits.Cmp(n) != 0 {
			m.edits = append(m.edits,
				insert(e.Pos(), open),
				replace(e.End(), stmt.End(), b.closeAddr()+", "+bits.String()+")"))
			return ""
		}
	}
	// A literal converts implicitly; a typed constant or a variable
	// needs a conversion (the type checker records a literal with the
	// type the context gives it, so its syntax decides).
	if _, lit := ast.Unparen(rhs).(*ast.BasicLit); !lit {
		name, why := b.typeName(m.sign)
		if why != "" {
			return why
		}
		pre, post = name+"(", ")"
	}
	m.edits = append(m.edits,
		insert(e.Pos(), open),
		replace(e.End(), rhs.Pos(), b.closeAddr()+", "+pre),
		insert(rhs.End(), post+")"))
	return ""
}

// addEdits records the edits of a call builder's rewrite, or returns
// why there are none.
func (m *typeMigration) addEdits(edits []analysis.TextEdit, why string) string {
	if why != "" {
		return why
	}
	m.edits = append(m.edits, edits...)
	return ""
}
