package atomiccnt

import (
	"cmp"
	"go/ast"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/baseline"
	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

const docURL = "https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccnt"

// A reporter queues the diagnostics of one pass and reports them in
// position order, so that output order does not depend on the order of
// the analysis.
type reporter struct {
	pass  *analysis.Pass
	files *syntax.Files
	queue []analysis.Diagnostic
	// baseline, if not nil, holds the reports to leave out (see
	// baseline.go); with explain, they are explained instead.
	baseline *baseline.File
	explain  bool
}

// report queues d, with its category's URL.
func (r *reporter) report(d analysis.Diagnostic) {
	d.URL = docURL + "#" + category.Anchor(d.Category)
	r.queue = append(r.queue, d)
}

// flush reports the queued diagnostics in position order, once each.
func (r *reporter) flush() {
	fset := r.pass.Fset
	slices.SortStableFunc(r.queue, func(a, b analysis.Diagnostic) int {
		return cmp.Or(syntax.OrderOf(fset, a.Pos).Compare(syntax.OrderOf(fset, b.Pos)),
			cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Message, b.Message))
	})
	for _, d := range r.queue {
		// Fixes gather edits from maps and from several files: put them
		// in the one order that every run produces.
		for _, fix := range d.SuggestedFixes {
			slices.SortStableFunc(fix.TextEdits, func(x, y analysis.TextEdit) int {
				return cmp.Or(syntax.OrderOf(fset, x.Pos).Compare(syntax.OrderOf(fset, y.Pos)),
					syntax.OrderOf(fset, x.End).Compare(syntax.OrderOf(fset, y.End)),
					cmp.Compare(string(x.NewText), string(y.NewText)))
			})
		}
	}
	generated := make(map[*ast.File]bool)
	for _, f := range r.pass.Files {
		generated[f] = ast.IsGenerated(f)
	}
	var out []analysis.Diagnostic
	for i, d := range r.queue {
		if generated[r.files.Of(d.Pos)] {
			// Generated code is fixed in its generator, not here; as
			// linters do, leave it alone. Its accesses still count
			// as the other side of a conflict.
			continue
		}
		if i > 0 {
			prev := r.queue[i-1]
			if prev.Pos == d.Pos && prev.Category == d.Category && prev.Message == d.Message {
				continue // the same access recorded twice (test variants, phis)
			}
		}
		out = append(out, d)
	}
	if r.baseline != nil {
		out = r.applyBaseline(out)
	}
	for _, d := range out {
		r.pass.Report(d)
	}
}

// reportAccess reports the plain access a to the location that s
// summarises, in category cat, with its fixes, or the note that says why
// there are none. message words the report from the location's name as
// the source spells it (and the wrapper that makes the access) and
// from "which is", or for elements "whose elements are".
func (c *checker) reportAccess(s *summary, a *access, cat string, related []analysis.RelatedInformation, message func(name, which string) string) {
	a.reported = true
	name := c.nameOf(a)
	if a.via != "" {
		name += " (by " + a.via + ")"
	}
	which := "which is"
	if s.loc.Elem {
		which = "whose elements are"
	}
	fixes, note := c.suggestFixes(s, a)
	c.out.report(analysis.Diagnostic{
		Pos:            a.pos,
		Category:       cat,
		Message:        message(name, which) + note,
		Related:        related,
		SuggestedFixes: fixes,
	})
}

// writeForm classifies a plain write by its statement: "increment",
// "decrement", an assignment operator such as "+=", or "write".
func (u *unit) writeForm(a *access) string {
	file := u.files.Of(a.pos)
	if file == nil || a.via != "" {
		return "write"
	}
	path := syntax.Path(file, a.pos)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.IncDecStmt:
			return formOf(n.Tok)
		case *ast.AssignStmt:
			return formOf(n.Tok)
		case ast.Stmt, *ast.FuncLit:
			return "write"
		}
	}
	return "write"
}
