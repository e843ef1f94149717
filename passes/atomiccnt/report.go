package atomiccnt

import (
	"cmp"
	"fmt"
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
	queue []queued
	// baseline, if not nil, holds the reports to leave out (see
	// baseline.go); with explain, they are explained instead.
	baseline *baseline.File
	explain  bool
	// lowest is the lowest tier reported; the others go to the result.
	lowest tier
}

// A queued diagnostic is a report of a race, with the evidence of its
// tier, or, if it has none, a diagnostic that is always reported (a
// directive, an explanation, a stale baseline entry).
type queued struct {
	d  analysis.Diagnostic
	ev *evidence
}

// report queues d, which is always reported, with its category's URL.
func (r *reporter) report(d analysis.Diagnostic) { r.reportWith(d, nil) }

// reportWith queues the report d of a race, in the tier that ev decides.
func (r *reporter) reportWith(d analysis.Diagnostic, ev *evidence) {
	d.URL = docURL + "#" + category.Anchor(d.Category)
	r.queue = append(r.queue, queued{d, ev})
}

// flush reports the queued diagnostics in position order, once each,
// and returns the reports of the tiers below the lowest one reported.
func (r *reporter) flush() *Result {
	fset := r.pass.Fset
	slices.SortStableFunc(r.queue, func(x, y queued) int {
		a, b := x.d, y.d
		return cmp.Or(syntax.OrderOf(fset, a.Pos).Compare(syntax.OrderOf(fset, b.Pos)),
			cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Message, b.Message))
	})
	for _, q := range r.queue {
		// Fixes gather edits from maps and from several files: put them
		// in the one order that every run produces.
		for _, fix := range q.d.SuggestedFixes {
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
	var out []queued
	for i, q := range r.queue {
		d := q.d
		if generated[r.files.Of(d.Pos)] {
			// Generated code is fixed in its generator, not here; as
			// linters do, leave it alone. Its accesses still count
			// as the other side of a conflict.
			continue
		}
		if i > 0 {
			prev := r.queue[i-1].d
			if prev.Pos == d.Pos && prev.Category == d.Category && prev.Message == d.Message {
				continue // the same access recorded twice (test variants, phis)
			}
		}
		out = append(out, q)
	}
	if r.baseline != nil {
		out = r.applyBaseline(out)
	}
	result := new(Result)
	for _, q := range out {
		d := q.d
		if q.ev == nil {
			r.pass.Report(d)
			continue
		}
		if q.ev.tier == tierLow {
			d.Message += lowSuffix + q.ev.why + ")"
		}
		if q.ev.tier > r.lowest {
			result.Low = append(result.Low, d)
			if r.explain {
				r.pass.Report(r.explained(d, "not reported: "+d.Message+"; see -confidence"))
			}
			continue
		}
		r.pass.Report(d)
		if r.explain {
			msg := fmt.Sprintf("%s confidence: %s", q.ev.tier, q.ev.why)
			if q.ev.shared != "" {
				msg += "; shared: " + q.ev.shared
			}
			if q.ev.locks != "" {
				msg += "; locks: " + q.ev.locks
			}
			e := r.explained(d, msg)
			if q.ev.published.IsValid() {
				e.Related = []analysis.RelatedInformation{{Pos: q.ev.published, Message: "the object is published here"}}
			}
			r.pass.Report(e)
		}
	}
	return result
}

// explained returns the explanation msg of the report d, at its place.
func (r *reporter) explained(d analysis.Diagnostic, msg string) analysis.Diagnostic {
	return analysis.Diagnostic{
		Pos:      d.Pos,
		Category: category.Explain,
		URL:      docURL + "#" + category.Anchor(category.Explain),
		Message:  msg,
	}
}

// reportAccess reports the plain access a to the location that s
// summarises, in category cat, with its fixes, or the note that says why
// there are none. message words the report from the location's name as
// the source spells it (and the wrapper that makes the access) and
// from "which is", or for elements "whose elements are".
func (c *checker) reportAccess(s *summary, a *access, w *witness, cat string, related []analysis.RelatedInformation, message func(name, which string) string) {
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
	ev := c.confidenceOf(a)
	c.explainShared(a, &ev)
	c.explainLocks(a, w, &ev)
	c.out.reportWith(analysis.Diagnostic{
		Pos:            a.pos,
		Category:       cat,
		Message:        message(name, which) + note,
		Related:        related,
		SuggestedFixes: fixes,
	}, &ev)
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
