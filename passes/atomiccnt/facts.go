package atomiccnt

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// A remoteSite is an access that another package's facts describe.
type remoteSite struct {
	pkg  string // import path of the package that made the access
	site facts.Site
}

// String renders the site for a message: "atomic.Load at runtime/mgcmark.go:197".
func (r remoteSite) String() string {
	return fmt.Sprintf("%s at %s/%s", r.site.Op, r.pkg, r.site.Pos)
}

type foreignKey struct{ pkg, obj string }

// importedFacts gives the accesses that dependencies report for the
// locations this package touches. Only locations declared in other
// packages can have any: a package's dependencies cannot name the
// variables it declares.
type importedFacts struct {
	pass *analysis.Pass
	enc  objectpath.Encoder
	// foreign indexes every dependency's package fact; built on first use.
	foreign map[foreignKey][]remoteSite
	// foreignPkgs holds the packages that some package fact mentions.
	foreignPkgs map[string]bool
	// ids caches varID, and atomic foreignAtomic.
	ids    map[loc.Location]string
	atomic map[*types.Var]bool
	// positions locates the sites of other packages; built on first use.
	positions *remotePositions
}

// sites returns the imported sites of location l, in a deterministic
// order: the declaring package's object fact first, then the package
// facts of other dependencies by import path.
func (imp *importedFacts) sites(l loc.Location) []remoteSite {
	pkg := l.Var.Pkg()
	if pkg == nil || pkg == imp.pass.Pkg {
		return nil
	}
	var out []remoteSite
	var fact facts.Var
	if imp.pass.ImportObjectFact(l.Var, &fact) {
		for _, s := range fact.Sites {
			if s.Elem == l.Elem {
				out = append(out, remoteSite{pkg: pkg.Path(), site: s})
			}
		}
	}
	if imp.foreign == nil {
		imp.indexPackageFacts()
	}
	if !imp.foreignPkgs[pkg.Path()] {
		return out // no package fact mentions the package: skip objectpath
	}
	path, err := imp.enc.For(l.Var)
	if err != nil {
		return out // not reachable from its package's API: no fact can name it
	}
	for _, r := range imp.foreign[foreignKey{pkg.Path(), string(path)}] {
		if r.site.Elem == l.Elem {
			out = append(out, r)
		}
	}
	return out
}

func (imp *importedFacts) indexPackageFacts() {
	imp.foreign = make(map[foreignKey][]remoteSite)
	imp.foreignPkgs = make(map[string]bool)
	all := imp.pass.AllPackageFacts()
	// AllPackageFacts has no defined order; sort for deterministic output.
	slices.SortFunc(all, func(a, b analysis.PackageFact) int {
		return cmp.Compare(a.Package.Path(), b.Package.Path())
	})
	for _, pf := range all {
		fact, ok := pf.Fact.(*facts.Package)
		if !ok || pf.Package == imp.pass.Pkg {
			continue
		}
		for _, f := range fact.Foreign {
			k := foreignKey{f.PkgPath, f.ObjPath}
			imp.foreignPkgs[f.PkgPath] = true
			for _, s := range f.Sites {
				imp.foreign[k] = append(imp.foreign[k], remoteSite{pkg: pf.Package.Path(), site: s})
			}
		}
	}
}

// foreignAtomic reports whether v is a field or package-level variable
// of another package that facts say some package accesses atomically,
// or a concurrent context reads.
func (imp *importedFacts) foreignAtomic(v *types.Var) bool {
	if v.Pkg() == nil || v.Pkg() == imp.pass.Pkg || !(v.IsField() || v.Parent() == v.Pkg().Scope()) {
		return false
	}
	v = v.Origin()
	if found, ok := imp.atomic[v]; ok {
		return found
	}
	found := false
	for _, elem := range []bool{false, true} {
		for _, r := range imp.sites(loc.Location{Var: v, Elem: elem}) {
			if r.site.Kind.IsAtomic() || r.site.Kind == facts.ConcurrentRead {
				found = true
			}
		}
	}
	imp.atomic[v] = found
	return found
}

// exportedSites returns the sites this package contributes to facts:
// for each container, its first atomic load and first atomic write that
// may race with something (not in an exclusive phase), and its first
// plain write if it could not judge it. Each carries the locks that all
// accesses of its kind and container hold, so that the importer can tell
// whether its own accesses are ordered with them.
func (s *summary) exportedSites(c *checker) []facts.Site {
	type group struct {
		kind facts.Kind
		ctx  *types.Var
	}
	var order []group
	groups := make(map[group][]*access)
	add := func(kind facts.Kind, a *access) {
		g := group{kind, exportedCtx(a.ctx)}
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], a)
	}
	for _, a := range s.atomics {
		switch {
		case a.exclusive(), a.exempt == exemptLocal:
			// Races with nothing: no other goroutine runs, or none
			// can reach the object.
		case a.api.Op().Writes():
			add(facts.AtomicWrite, a)
		default:
			add(facts.AtomicLoad, a)
		}
	}
	// A plain write that this package reported needs no help from
	// downstream; one it could not judge goes into the fact, but only if
	// another package could access the location atomically at all.
	if !s.isAtomic() && isExportable(s.loc) {
		for _, a := range s.accesses {
			if a.kind == plainWrite && a.exempt == notExempt && !a.reported {
				add(facts.Write, a)
			}
		}
	}
	var sites []facts.Site
	for _, g := range order {
		accs := groups[g]
		held := heldByAll(accs)
		op := c.writeForm(accs[0])
		if g.kind != facts.Write {
			op = accs[0].opName()
		}
		ctx := ""
		if g.ctx != nil {
			ctx = c.imported.varID(loc.Location{Var: g.ctx})
		}
		sites = append(sites, facts.Site{
			Elem:   s.loc.Elem,
			Kind:   g.kind,
			Op:     op,
			Pos:    syntax.FileLine(c.pass.Fset, accs[0].pos),
			Ctx:    ctx,
			Sealed: ctx != "" && c.containers.isSealed(g.ctx),
			Locks:  c.lockIDs(held, true),
		})
	}
	return sites
}

// heldByAll returns the locks that every access of accs holds, which a
// fact site about them all carries.
func heldByAll(accs []*access) locks.Set {
	held := accs[0].locks.Clone()
	for _, a := range accs[1:] {
		held.Meet(a.locks)
	}
	return held
}

// compatibleRemote reports whether the access a and the remote site r
// may touch the same memory, by their containers.
func (c *checker) compatibleRemote(a *access, r remoteSite) bool {
	switch {
	case r.site.Ctx == "":
		// Through a pointer in another package, which none of this
		// package's sealed containers lets reach it.
		return a.ctx == nil || a.ctx == unnamed || !c.containers.isSealed(a.ctx)
	case a.ctx == nil || a.ctx == unnamed:
		// The unnamed container may meet any array a remote site
		// names that is not sealed.
		return !r.site.Sealed
	}
	return c.imported.varID(loc.Location{Var: a.ctx}) == r.site.Ctx
}

// lockIDs names the locks that held holds exclusively (or, if not
// exclusive, shared) as facts do: "importpath.objectpath",
// with "[]" appended for an element. The world is never named: accesses
// in exclusive phases do not go into facts.
func (c *checker) lockIDs(held locks.Set, exclusive bool) []string {
	var ids []string
	for _, l := range c.locks.Locks(held, exclusive) {
		if id := c.imported.varID(l); id != "" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// varID returns the fact name of the variable or field of l (a lock or
// a container), or "" if facts cannot name it. A package-level variable
// is named by its name, which is unique in its package; objectpath names
// only exported ones, and unexported lock variables are common. A field
// is named by its objectpath.
func (imp *importedFacts) varID(l loc.Location) string {
	if id, ok := imp.ids[l]; ok {
		return id
	}
	id := ""
	switch {
	case l.Var.Pkg() == nil:
	case !l.Var.IsField():
		id = l.Var.Pkg().Path() + "." + l.Var.Name()
	default:
		if path, err := imp.enc.For(l.Var); err == nil {
			id = l.Var.Pkg().Path() + "." + string(path)
		}
	}
	if id != "" && l.Elem {
		id += "[]"
	}
	imp.ids[l] = id
	return id
}

// holdsAny reports whether s holds one of the locks named by ids.
func (c *checker) holdsAny(s locks.Set, ids []string) bool {
	if len(ids) == 0 {
		return false
	}
	for _, id := range c.lockIDs(s, true) {
		if slices.Contains(ids, id) {
			return true
		}
	}
	for _, id := range c.lockIDs(s, false) {
		if slices.Contains(ids, id) {
			return true
		}
	}
	return false
}

// A siteEntry is a fact site about one location.
type siteEntry struct {
	v    *types.Var
	site facts.Site
}

// exportFacts publishes, for each location this package touches, its
// earliest atomic access and its earliest unreported plain write, and
// the sites that more gives for it (the concurrent contexts' reads).
func (c *checker) exportFacts(summaries []*summary, more func(*summary) []facts.Site) {
	var entries []siteEntry
	for _, s := range summaries {
		for _, site := range append(s.exportedSites(c), more(s)...) {
			entries = append(entries, siteEntry{s.loc.Var, site})
		}
	}
	c.emitFacts(entries)
}

// exportASTFacts publishes the first plain write to each location of
// writes, found by astWriteFacts, for a package analysed from its
// syntax alone.
func (u *unit) exportASTFacts(writes []astWrite) {
	slices.SortStableFunc(writes, func(a, b astWrite) int {
		return syntax.OrderOf(u.pass.Fset, a.pos).Compare(syntax.OrderOf(u.pass.Fset, b.pos))
	})
	seen := make(map[loc.Location]bool)
	var entries []siteEntry
	for _, w := range writes {
		if seen[w.loc] {
			continue
		}
		seen[w.loc] = true
		entries = append(entries, siteEntry{w.loc.Var, facts.Site{
			Elem: w.loc.Elem,
			Kind: facts.Write,
			Op:   w.form,
			Pos:  syntax.FileLine(u.pass.Fset, w.pos),
		}})
	}
	u.emitFacts(entries)
}

// nameable reports whether other packages can access v, the
// package's own variable or field: an exported variable, or a field of
// a package-level type whose name is exported (an unexported field of an
// exported type is still copied with the struct). The runtime's
// internal counters, say, need no facts: nothing outside the runtime
// touches them.
func (u *unit) nameable(v *types.Var) bool {
	if !v.IsField() {
		return v.Exported()
	}
	path, err := u.imported.enc.For(v)
	if err != nil {
		return false
	}
	name, _, _ := strings.Cut(string(path), ".")
	return token.IsExported(name)
}

// emitFacts publishes entries: an object fact for the package's own
// variables, and one package fact for the variables of other packages.
func (u *unit) emitFacts(entries []siteEntry) {
	own := make(map[*types.Var]*facts.Var)
	var ownOrder []*types.Var
	foreign := make(map[foreignKey]*facts.Foreign)
	for _, e := range entries {
		v := e.v
		if v.Pkg() == u.pass.Pkg {
			if !u.nameable(v) {
				continue // no other package can access it: keep facts small
			}
			f := own[v]
			if f == nil {
				f = new(facts.Var)
				own[v] = f
				ownOrder = append(ownOrder, v)
			}
			f.Sites = append(f.Sites, e.site)
			continue
		}
		path, err := u.imported.enc.For(v)
		if err != nil {
			continue // no fact can name it
		}
		k := foreignKey{v.Pkg().Path(), string(path)}
		f := foreign[k]
		if f == nil {
			f = &facts.Foreign{PkgPath: k.pkg, ObjPath: k.obj}
			foreign[k] = f
		}
		f.Sites = append(f.Sites, e.site)
	}
	for _, v := range ownOrder {
		f := own[v]
		facts.SortSites(f.Sites)
		u.pass.ExportObjectFact(v, f)
	}
	if len(foreign) > 0 {
		fact := new(facts.Package)
		for _, f := range foreign {
			fact.Foreign = append(fact.Foreign, *f)
		}
		fact.Sort()
		u.pass.ExportPackageFact(fact)
	}
}

// isExportable reports whether other packages can name the variable or
// field v and operate on it atomically: it is exported and its type (or
// element type, for elem) is one the atomic APIs take.
func isExportable(l loc.Location) bool {
	if !l.Var.Exported() {
		return false
	}
	b, ok := loc.ValueType(l).(*types.Basic)
	if !ok {
		return false
	}
	switch b.Kind() {
	case types.Int32, types.Int64, types.Uint32, types.Uint64, types.Uintptr, types.UnsafePointer:
		return true
	}
	return false
}
