// Package facts defines the facts that the atomiccnt analyzer passes
// from a package to the packages that import it.
//
// Facts are gob-encoded by the analysis drivers and stored next to
// compiled packages, so they must be small and their encoding must be
// a pure function of their content: every type here holds only
// exported plain data, lists are sorted slices (never maps, whose
// iteration order would leak into the bytes), and positions are
// "file.go:line" strings rather than token.Pos values, which are
// meaningless outside the file set of the pass that made them.
package facts

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Kind says how a package accesses a location.
type Kind uint8

const (
	// AtomicLoad is an atomic access that only reads.
	AtomicLoad Kind = iota + 1
	// AtomicWrite is an atomic access that may write: a store, add,
	// and, or, swap or compare-and-swap.
	AtomicWrite
	// Write is a non-atomic write that the package did not report,
	// because it saw no atomic access to the location. A package that
	// does see one reports the conflict itself.
	Write
	// ConcurrentRead is a plain read made by a concurrent context (the
	// garbage collector, a function marked //atomiccnt:concurrent): a
	// package that writes the location plainly, without a lock the read
	// holds, races with it. Op names the function that reads.
	ConcurrentRead
)

func (k Kind) String() string {
	switch k {
	case AtomicLoad:
		return "atomicload"
	case AtomicWrite:
		return "atomicwrite"
	case Write:
		return "write"
	case ConcurrentRead:
		return "concurrentread"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// IsAtomic reports whether the kind is an atomic access.
func (k Kind) IsAtomic() bool { return k == AtomicLoad || k == AtomicWrite }

// A Site is one representative access to a location, the earliest of
// its kind in the package that exports the fact.
type Site struct {
	// Elem says the access is to an element of the variable (which
	// has array or slice type) rather than to the variable itself.
	Elem bool
	Kind Kind
	// Op names the operation: the atomic function ("atomic.AddInt64")
	// for atomic sites, the kind of write ("write", "increment") for
	// Write sites, the function that reads, qualified by its package's
	// name ("lib.Stats.Scrape"), for ConcurrentRead sites.
	Op string
	// Pos is the site's position as "file.go:line", the file named by
	// its base name; the package is that of the fact.
	Pos string
	// Ctx names the field or variable that holds, by value, the struct
	// whose field the accesses select ("importpath.objectpath"), or is
	// empty if they go through pointers. Accesses with different
	// non-empty contexts touch different memory.
	Ctx string
	// Sealed says that no pointer reaches the memory of the container
	// Ctx names: its package only selects fields and elements within
	// it. Accesses through pointers, local variables and allocated
	// objects then touch other memory than these sites do.
	Sealed bool
	// Locks are the locks that every access of this kind in the package
	// holds exclusively, as "importpath.objectpath", sorted. An access
	// elsewhere that holds one of them does not race with these.
	Locks []string
}

func (s Site) String() string {
	var b strings.Builder
	if s.Elem {
		b.WriteString("elem ")
	}
	fmt.Fprintf(&b, "%s %s@%s", s.Kind, s.Op, s.Pos)
	if s.Ctx != "" {
		fmt.Fprintf(&b, " in %s", s.Ctx)
		if s.Sealed {
			b.WriteString(" (sealed)")
		}
	}
	if len(s.Locks) > 0 {
		fmt.Fprintf(&b, " holding %s", strings.Join(s.Locks, ","))
	}
	return b.String()
}

func compareSites(a, b Site) int {
	if a.Elem != b.Elem {
		if !a.Elem {
			return -1
		}
		return +1
	}
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Ctx, b.Ctx),
		cmp.Compare(a.Op, b.Op),
		cmp.Compare(a.Pos, b.Pos))
}

// SortSites sorts sites into the canonical order of facts: whole
// variable before elements, then by kind, operation and position.
func SortSites(sites []Site) {
	for _, s := range sites {
		slices.Sort(s.Locks)
	}
	slices.SortFunc(sites, compareSites)
}

func sitesString(sites []Site) string {
	parts := make([]string, len(sites))
	for i, s := range sites {
		parts[i] = s.String()
	}
	return strings.Join(parts, "; ")
}

// Var is the object fact that a package exports for a struct field or
// package-level variable that it declares and accesses: at most one
// Site per (Elem, Kind).
type Var struct {
	Sites []Site
}

// AFact implements analysis.Fact.
func (*Var) AFact() {}

func (v *Var) String() string { return sitesString(v.Sites) }

// Foreign records how a package accesses a variable declared in
// another package, which it cannot attach an object fact to.
type Foreign struct {
	// PkgPath is the import path of the variable's package.
	PkgPath string
	// ObjPath identifies the variable within its package
	// (a golang.org/x/tools/go/types/objectpath.Path).
	ObjPath string
	Sites   []Site
}

// Package is the package fact listing a package's accesses to
// variables of other packages, sorted by (PkgPath, ObjPath).
type Package struct {
	Foreign []Foreign
}

// AFact implements analysis.Fact.
func (*Package) AFact() {}

func (p *Package) String() string {
	parts := make([]string, len(p.Foreign))
	for i, f := range p.Foreign {
		parts[i] = fmt.Sprintf("%s.%s: %s", f.PkgPath, f.ObjPath, sitesString(f.Sites))
	}
	return strings.Join(parts, ", ")
}

// Parts yields, for each variable p lists, the path of its package and
// a text holding all that p says of it. A driver that runs one pass for
// the variants of a package with the same input (internal/variants)
// compares only the parts about packages they can reach: a variant
// compiled against a dependency's test variant imports the facts of
// packages that the tests alone import.
func (p *Package) Parts() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, f := range p.Foreign {
			// %#v, not Site's String, which leaves fields out.
			if !yield(f.PkgPath, fmt.Sprintf("%s %#v", f.ObjPath, f.Sites)) {
				return
			}
		}
	}
}

// Sort puts p into canonical order.
func (p *Package) Sort() {
	for _, f := range p.Foreign {
		SortSites(f.Sites)
	}
	slices.SortFunc(p.Foreign, func(a, b Foreign) int {
		return cmp.Or(cmp.Compare(a.PkgPath, b.PkgPath), cmp.Compare(a.ObjPath, b.ObjPath))
	})
}

// Func is the object fact for a function that accesses memory through
// its pointer parameters, such as a helper that increments *p
// atomically (a call counts as those accesses to its arguments), or that
// returns a fresh object.
type Func struct {
	Params []Param // sorted by Index
	// Fresh says the function's first result is always a new object
	// that nothing else holds yet: a constructor. Initialising that
	// object plainly before it escapes cannot race.
	Fresh bool
	// Confined lists the pointer parameters whose objects the function
	// does not let escape, sorted by Index: a caller that owns such an
	// object still owns it after the call.
	Confined []Confined
	// Into names the field or variable that holds, by value, the struct
	// that the function's result points into ("importpath.objectpath",
	// as Site.Ctx), or is empty: what a caller selects through the
	// result is in that container.
	Into string
}

// A Confined parameter's object escapes the call only through the
// results that Results marks (bit i for result i), and into the objects
// of the parameters that Links marks: where the caller's own pointers
// can follow it.
type Confined struct {
	Index          int // as in Param
	Results, Links uint64
}

// NoReturn is the object fact for a function that never returns
// normally: every path through its body ends in a panic, a call that
// does not return, or a loop without exit. The SSA builder ends a
// block at a call to it, so code after it is not analysed as
// reachable.
type NoReturn struct{}

// AFact implements analysis.Fact.
func (*NoReturn) AFact() {}

func (*NoReturn) String() string { return "noreturn" }

// A Param summarises the accesses a function makes through one of its
// pointer parameters, directly or through the functions it passes the
// pointer to.
type Param struct {
	// Index is the parameter's position, counting a method's receiver
	// as the first.
	Index int
	// AtomicLoad and AtomicWrite name the first atomic functions that
	// load and write through the parameter, or are empty.
	AtomicLoad, AtomicWrite string
	// PlainRead and PlainWrite report plain loads and stores.
	PlainRead, PlainWrite bool
}

// AFact implements analysis.Fact.
func (*Func) AFact() {}

func (f *Func) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		var uses []string
		if p.AtomicLoad != "" {
			uses = append(uses, "atomicload "+p.AtomicLoad)
		}
		if p.AtomicWrite != "" {
			uses = append(uses, "atomicwrite "+p.AtomicWrite)
		}
		if p.PlainRead {
			uses = append(uses, "read")
		}
		if p.PlainWrite {
			uses = append(uses, "write")
		}
		parts[i] = fmt.Sprintf("param %d: %s", p.Index, strings.Join(uses, ", "))
	}
	if f.Fresh {
		parts = append(parts, "fresh")
	}
	if f.Into != "" {
		parts = append(parts, "into "+f.Into)
	}
	for _, c := range f.Confined {
		part := fmt.Sprintf("confines %d", c.Index)
		if c.Results != 0 {
			part += fmt.Sprintf(" (returned %b)", c.Results)
		}
		if c.Links != 0 {
			part += fmt.Sprintf(" (linked %b)", c.Links)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}
