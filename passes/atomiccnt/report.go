package atomiccnt

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/facts"
)

// The diagnostic categories. Each has a heading in doc.go that the
// diagnostic's URL points to.
const (
	categoryPlainWrite    = "plainwrite"
	categoryPlainRead     = "plainread"
	categoryImportedWrite = "importedwrite"
	categoryDirective     = "directive"
)

// categoryAnchors maps each category to the pkg.go.dev anchor of its
// doc.go heading. A bare category would resolve to "#plainwrite",
// which pkg.go.dev does not generate.
var categoryAnchors = map[string]string{
	categoryPlainWrite:    "hdr-Category_plainwrite",
	categoryPlainRead:     "hdr-Category_plainread",
	categoryImportedWrite: "hdr-Category_importedwrite",
	categoryDirective:     "hdr-Category_directive",
}

const docURL = "https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccnt"

// A summary gathers what the pass knows about one location.
type summary struct {
	loc location
	// accesses are this package's, in position order.
	accesses []*access
	// atomics are the atomic ones among them.
	atomics []*access
	// remote are the accesses that dependencies' facts describe.
	remote []remoteSite
}

// remoteOf returns the remote sites that satisfy keep.
func (s *summary) remoteOf(keep func(facts.Kind) bool) []remoteSite {
	var out []remoteSite
	for _, r := range s.remote {
		if keep(r.site.Kind) {
			out = append(out, r)
		}
	}
	return out
}

func isAtomicWrite(k facts.Kind) bool { return k == facts.AtomicWrite }
func isPlainWrite(k facts.Kind) bool  { return k == facts.Write }

// isAtomic reports whether some access the pass can see is atomic.
func (s *summary) isAtomic() bool {
	return len(s.atomics) > 0 || len(s.remoteOf(facts.Kind.IsAtomic)) > 0
}

// exportedSites returns the sites this package contributes to facts:
// its first atomic load, its first atomic write, and its first plain
// write if it could not judge it.
func (s *summary) exportedSites(c *checker) []facts.Site {
	var sites []facts.Site
	var load, write bool
	for _, a := range s.atomics {
		kind := facts.AtomicLoad
		if a.api.op.writes() {
			kind = facts.AtomicWrite
		}
		if (kind == facts.AtomicLoad && load) || (kind == facts.AtomicWrite && write) {
			continue
		}
		load = load || kind == facts.AtomicLoad
		write = write || kind == facts.AtomicWrite
		sites = append(sites, facts.Site{Elem: s.loc.elem, Kind: kind, Op: a.api.qualified(), Pos: factPos(c.pass.Fset, a.pos)})
	}
	// A plain write that this package reported needs no help from
	// downstream; one it could not judge goes into the fact, but only if
	// another package could access the location atomically at all.
	if !s.isAtomic() && isExportable(s.loc) {
		for _, a := range s.accesses {
			if a.kind == plainWrite && a.exempt == notExempt {
				sites = append(sites, facts.Site{Elem: s.loc.elem, Kind: facts.Write, Op: c.writeForm(a), Pos: factPos(c.pass.Fset, a.pos)})
				break
			}
		}
	}
	return sites
}

// summarize groups the recorded accesses by location, in the order of
// each location's first access.
func (c *checker) summarize() []*summary {
	slices.SortStableFunc(c.accesses, func(a, b *access) int { return a.order.compare(b.order) })
	index := make(map[location]*summary)
	var out []*summary
	for _, a := range c.accesses {
		s := index[a.loc]
		if s == nil {
			s = &summary{loc: a.loc, remote: c.imported.sites(a.loc)}
			index[a.loc] = s
			out = append(out, s)
		}
		s.accesses = append(s.accesses, a)
		if a.kind == atomicAccess {
			s.atomics = append(s.atomics, a)
		}
	}
	return out
}

// check reports the conflicts of one location. A plain write conflicts
// with every atomic access; a plain read only with atomic writes, since
// two reads never race (a plain read racing with a plain write is
// reported at the write).
func (c *checker) check(s *summary) {
	if !s.isAtomic() {
		return
	}
	anyAtomic := func(a *access) bool { return true }
	atomicWrite := func(a *access) bool { return a.api.op.writes() }
	for _, a := range s.accesses {
		if a.kind == atomicAccess || a.rmwRead || a.exempt != notExempt {
			continue
		}
		if a.kind == plainRead && !c.reads {
			continue
		}
		var (
			category, what, how string
			witness             string
			related             []analysis.RelatedInformation
			ok                  bool
		)
		if a.kind == plainWrite {
			category, how = categoryPlainWrite, "accessed"
			witness, related, ok = c.witness(s, anyAtomic, facts.Kind.IsAtomic)
			switch form := c.writeForm(a); form {
			case "write":
				what = "write to"
			case "increment", "decrement":
				what = form + " of"
			default:
				what = "update (" + form + ") of"
			}
		} else {
			category, what, how = categoryPlainRead, "read of", "written"
			witness, related, ok = c.witness(s, atomicWrite, isAtomicWrite)
		}
		if !ok {
			continue
		}
		which := "which is"
		if s.loc.elem {
			which = "whose elements are"
		}
		fixes, note := c.suggestFixes(s, a)
		c.report(analysis.Diagnostic{
			Pos:            a.pos,
			Category:       category,
			Message:        fmt.Sprintf("non-atomic %s %s, %s %s atomically (%s)", what, c.nameOf(a), which, how, witness) + note,
			Related:        related,
			SuggestedFixes: fixes,
		})
	}
	c.checkImportedWrites(s)
}

// witness names the atomic access that a plain access conflicts with:
// the earliest local one that satisfies local, which the diagnostic also
// links to, or else the first remote one whose kind satisfies remote.
// It reports false if there is none.
func (c *checker) witness(s *summary, local func(*access) bool, remote func(facts.Kind) bool) (string, []analysis.RelatedInformation, bool) {
	for _, a := range s.atomics {
		if local(a) {
			return fmt.Sprintf("%s at %s", a.api.qualified(), factPos(c.pass.Fset, a.pos)),
				[]analysis.RelatedInformation{{Pos: a.pos, Message: fmt.Sprintf("%s of %s", a.api.qualified(), c.nameOf(a))}},
				true
		}
	}
	if rs := s.remoteOf(remote); len(rs) > 0 {
		return rs[0].String(), nil, true
	}
	return "", nil, false
}

// checkImportedWrites reports a location that this package accesses
// atomically while a dependency writes it plainly without knowing: the
// dependency saw no atomic access, so only this package can tell. The
// report goes at the first atomic access here that no directive covers.
func (c *checker) checkImportedWrites(s *summary) {
	writes := s.remoteOf(isPlainWrite)
	if len(writes) == 0 {
		return
	}
	for _, a := range s.atomics {
		if a.exempt == exemptIgnored {
			continue
		}
		w := writes[0]
		c.report(analysis.Diagnostic{
			Pos:      a.pos,
			Category: categoryImportedWrite,
			Message: fmt.Sprintf("%s on %s, which %s writes non-atomically (%s at %s)",
				a.api.qualified(), c.nameOf(a), w.pkg, w.site.Op, w.site.Pos),
		})
		return
	}
}

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
	for i, d := range c.diagnostics {
		if i > 0 {
			prev := c.diagnostics[i-1]
			if prev.Pos == d.Pos && prev.Category == d.Category {
				continue // a phi that resolves to two locations
			}
		}
		c.pass.Report(d)
	}
}

// writeForm classifies a plain write by its statement: "increment",
// "decrement", an assignment operator such as "+=", or "write".
func (c *checker) writeForm(a *access) string {
	file := c.fileOf(a.pos)
	if file == nil {
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

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
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

// selecting finds the FieldAddr in addr's derivation that selects field v.
func selecting(addr ssa.Value, v *types.Var, seen map[*ssa.Phi]bool) *ssa.FieldAddr {
	for {
		switch x := addr.(type) {
		case *ssa.FieldAddr:
			if fieldOf(x) == v {
				return x
			}
			return nil
		case *ssa.IndexAddr:
			addr = x.X
		case *ssa.UnOp:
			addr = x.X
		case *ssa.ChangeType:
			addr = x.X
		case *ssa.Convert:
			addr = x.X
		case *ssa.Phi:
			if seen[x] {
				return nil
			}
			seen[x] = true
			for _, e := range x.Edges {
				if fa := selecting(e, v, seen); fa != nil {
					return fa
				}
			}
			return nil
		default:
			return nil
		}
	}
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

func stripConversions(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		default:
			return v
		}
	}
}
