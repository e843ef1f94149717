package atomiccnt

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// The diagnostic categories. Each has a heading in doc.go that the
// diagnostic's URL points to.
const (
	categoryPlainWrite    = "plainwrite"
	categoryPlainRead     = "plainread"
	categoryImportedWrite = "importedwrite"
	categoryDirective     = "directive"
	categoryExplain       = "explain"
	categoryStructCopy    = "structcopy"
	// The concurrent-context rule's categories (concurrentrule.go).
	categoryConcurrentWrite = "concurrentwrite"
	categoryConcurrentRead  = "concurrentread"
)

// categoryAnchors maps each category to the pkg.go.dev anchor of its
// doc.go heading. A bare category would resolve to "#plainwrite",
// which pkg.go.dev does not generate.
var categoryAnchors = map[string]string{
	categoryPlainWrite:    "hdr-Category_plainwrite",
	categoryPlainRead:     "hdr-Category_plainread",
	categoryImportedWrite: "hdr-Category_importedwrite",
	categoryDirective:     "hdr-Category_directive",
	categoryExplain:       "hdr-Category_explain",
	categoryStructCopy:    "hdr-Category_structcopy",

	categoryConcurrentWrite: "hdr-Category_concurrentwrite",
	categoryConcurrentRead:  "hdr-Category_concurrentread",
}

const docURL = "https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccnt"

// report queues d; run sorts the queue before reporting, so output
// order does not depend on the order of the analysis.
func (c *checker) report(d analysis.Diagnostic) {
	d.URL = docURL + "#" + categoryAnchors[d.Category]
	c.diagnostics = append(c.diagnostics, d)
}

// flush reports the queued diagnostics in position order, once each.
func (c *checker) flush() {
	fset := c.pass.Fset
	slices.SortStableFunc(c.diagnostics, func(a, b analysis.Diagnostic) int {
		return cmp.Or(orderOf(fset, a.Pos).compare(orderOf(fset, b.Pos)),
			cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Message, b.Message))
	})
	for _, d := range c.diagnostics {
		// Fixes gather edits from maps and from several files: put them
		// in the one order that every run produces.
		for _, fix := range d.SuggestedFixes {
			slices.SortStableFunc(fix.TextEdits, func(x, y analysis.TextEdit) int {
				return cmp.Or(orderOf(fset, x.Pos).compare(orderOf(fset, y.Pos)),
					orderOf(fset, x.End).compare(orderOf(fset, y.End)),
					cmp.Compare(string(x.NewText), string(y.NewText)))
			})
		}
	}
	generated := make(map[*ast.File]bool)
	for _, f := range c.pass.Files {
		generated[f] = ast.IsGenerated(f)
	}
	for i, d := range c.diagnostics {
		if generated[c.files.Of(d.Pos)] {
			// Generated code is fixed in its generator, not here; as
			// linters do, leave it alone. Its accesses still count
			// as the other side of a conflict.
			continue
		}
		if i > 0 {
			prev := c.diagnostics[i-1]
			if prev.Pos == d.Pos && prev.Category == d.Category && prev.Message == d.Message {
				continue // the same access recorded twice (test variants, phis)
			}
		}
		c.pass.Report(d)
	}
}

// writeForm classifies a plain write by its statement: "increment",
// "decrement", an assignment operator such as "+=", or "write".
func (c *checker) writeForm(a *access) string {
	file := c.files.Of(a.pos)
	if file == nil || a.via != "" {
		return "write"
	}
	path, _ := astutil.PathEnclosingInterval(file, a.pos, a.pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.IncDecStmt:
			if n.Tok == token.INC {
				return "increment"
			}
			return "decrement"
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				return n.Tok.String()
			}
			return "write"
		case ast.Stmt, *ast.FuncLit:
			return "write"
		}
	}
	return "write"
}

// nameOf names the location that a accesses as the source spells it:
// the struct type and field (finblock.cnt), qualified by package name
// outside its package (lib.Stats.n), or the variable.
func (c *checker) nameOf(a *access) string {
	name := c.varName(a.loc.v, a.addr)
	if !a.loc.elem {
		return name
	}
	if _, ok := stripConversions(a.addr).(*ssa.IndexAddr); ok {
		return "an element of " + name
	}
	return "the elements of " + name // a copy of the whole array
}

func (c *checker) varName(v *types.Var, addr ssa.Value) string {
	if !v.IsField() {
		return c.qualify(v)
	}
	if fa := selecting(addr, v, make(map[*ssa.Phi]bool)); fa != nil {
		return c.fieldName(fa)
	}
	return v.Name()
}

// fieldName names the field fa selects by its struct type, or, for an
// anonymous struct, by the path that leads to it.
func (c *checker) fieldName(fa *ssa.FieldAddr) string {
	field := fieldOf(fa).Name()
	ptr := fa.X.Type().Underlying().(*types.Pointer)
	if named, ok := types.Unalias(ptr.Elem()).(*types.Named); ok {
		return c.qualify(named.Origin().Obj()) + "." + field
	}
	switch x := fa.X.(type) {
	case *ssa.FieldAddr:
		return c.fieldName(x) + "." + field
	case *ssa.Global:
		return c.qualify(x.Object()) + "." + field
	}
	return field
}

func (c *checker) qualify(obj types.Object) string {
	if obj.Pkg() != nil && obj.Pkg() != c.pass.Pkg {
		return obj.Pkg().Name() + "." + obj.Name()
	}
	return obj.Name()
}
