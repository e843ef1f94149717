package atomiccnt

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/locker"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Copying a struct value reads every field, and assigning one writes
// every field: snap := *s.stats, or *s = Stats{}, or calling a method
// with a value receiver through a pointer. If a field is accessed
// atomically elsewhere, the copy races with it just as x.f would.
//
// The walk records each load and store of a struct value as a
// copyEvent; once the pass knows which locations are atomic, each event
// becomes one access per atomic field that it copies.

// structCopies holds the struct copies of one pass: those the walk
// records, those to report, and which types hold a lock.
type structCopies struct {
	events []copyEvent
	// reports collects the struct copies to report, by field.
	reports []copyReport
	// locking memoises holdsLock.
	locking map[types.Type]bool
}

// A copyEvent is a load or store of a whole struct value.
type copyEvent struct {
	fn    *ssa.Function
	instr ssa.Instruction
	addr  ssa.Value
	typ   *types.Struct
	name  string // the struct type as written, for messages
	kind  accessKind
	pos   token.Pos
}

// recordCopy notes a load or store of a value of type typ at addr if
// typ is a struct.
func (w *walker) recordCopy(fn *ssa.Function, instr ssa.Instruction, addr ssa.Value, kind accessKind, typ types.Type) {
	pos := accessPos(instr, addr)
	st, ok := typ.Underlying().(*types.Struct)
	if !ok || st.NumFields() == 0 || !pos.IsValid() || w.copies.holdsLock(typ) {
		// A struct that holds a lock (a mutex, a sync.Pool, a
		// protobuf message's DoNotCopy) is go vet's copylocks
		// business when copied; its atomics are the type's own.
		return
	}
	w.copies.events = append(w.copies.events, copyEvent{fn: fn, instr: instr, addr: addr, typ: st, name: w.typeName(typ), kind: kind, pos: pos})
}

// expandCopies turns each copy of a struct into accesses to the fields
// it copies that may be atomic: accessed atomically in this package or,
// by facts, elsewhere.
func (w *walker) expandCopies() {
	if len(w.copies.events) == 0 {
		return
	}
	atomic := make(map[loc.Location]bool)
	for _, a := range w.accesses {
		if a.kind == atomicAccess {
			atomic[a.loc] = true
		}
	}
	isAtomic := func(l loc.Location) bool {
		if ok, seen := atomic[l]; seen {
			return ok
		}
		ok := false
		for _, r := range w.imported.sites(l) {
			if r.site.Kind.IsAtomic() {
				ok = true
			}
		}
		atomic[l] = ok
		return ok
	}
	for _, e := range w.copies.events {
		for i, f := range w.copiedFields(e.typ, e.name, w.containers.holder(e.addr), nil, 0) {
			if isAtomic(f.loc) {
				w.add(&access{
					loc:       f.loc,
					kind:      e.kind,
					fn:        e.fn,
					instr:     e.instr,
					addr:      e.addr,
					pos:       e.pos,
					ctx:       f.ctx,
					copyOf:    e.name,
					copyField: f.name,
					copyIndex: i,
				})
			}
		}
	}
}

// A copiedField is a location that a struct copy reads or writes, with
// its name as the source spells it.
type copiedField struct {
	loc  loc.Location
	ctx  *types.Var // the variable holding the struct the field is in
	name string
}

// copiedFields appends the locations that copying a value of struct
// type st (named name, held by ctx) reads or writes: its fields, the elements of its
// array fields, and, recursively, the fields of the structs it holds by
// value.
func (w *walker) copiedFields(st *types.Struct, name string, ctx *types.Var, out []copiedField, depth int) []copiedField {
	if depth > 8 {
		return out // deeply nested values: give up rather than loop
	}
	for i := range st.NumFields() {
		f := st.Field(i).Origin()
		fname := name + "." + f.Name()
		out = append(out, copiedField{loc.Location{Var: f}, ctx, fname})
		t := f.Type()
		if arr, ok := t.Underlying().(*types.Array); ok {
			out = append(out, copiedField{loc.Location{Var: f, Elem: true}, ctx, "the elements of " + fname})
			t = arr.Elem()
		}
		if inner, ok := t.Underlying().(*types.Struct); ok {
			if isSyncType(t) || w.copies.holdsLock(t) {
				// Copying a mutex, a typed atomic, or a struct that
				// holds a lock is go vet's copylocks report;
				// repeating it here adds nothing.
				continue
			}
			innerName := fname
			if named, ok := types.Unalias(t).(*types.Named); ok {
				innerName = w.qualify(named.Origin().Obj())
			}
			out = w.copiedFields(inner, innerName, f, out, depth+1)
		}
	}
	return out
}

// isSyncType reports whether t is declared in one of the packages whose
// types must not be copied after first use.
func isSyncType(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	switch named.Obj().Pkg().Path() {
	case "sync", "internal/sync", atomicapi.SyncAtomic, atomicapi.RuntimeAtomic, atomicapi.RuntimeAtomicOld:
		return true
	}
	return false
}

// A copyReport is a field of a struct copy that may race, waiting to
// be reported with the copy's other such fields.
type copyReport struct {
	a       *access
	w       witness
	site    string
	related []analysis.RelatedInformation
}

// reportCopies reports each struct copy once, naming its first field
// that may race and counting the others: a copy of a large struct would
// otherwise give one report per field at the same place.
func (c *checker) reportCopies() {
	byInstr := make(map[ssa.Instruction][]copyReport)
	var order []ssa.Instruction
	for _, r := range c.copies.reports {
		if byInstr[r.a.instr] == nil {
			order = append(order, r.a.instr)
		}
		byInstr[r.a.instr] = append(byInstr[r.a.instr], r)
	}
	for _, instr := range order {
		rs := byInstr[instr]
		slices.SortFunc(rs, func(x, y copyReport) int { return cmp.Compare(x.a.copyIndex, y.a.copyIndex) })
		first := rs[0]
		field := first.a.copyField
		if n := len(rs) - 1; n == 1 {
			field += " (and 1 more field)"
		} else if n > 1 {
			field += fmt.Sprintf(" (and %d more fields)", n)
		}
		msg := fmt.Sprintf("copy of %s reads %s non-atomically, which is written atomically (%s); no fix (copy the fields one by one)", first.a.copyOf, field, first.site)
		if first.a.kind == plainWrite {
			msg = fmt.Sprintf("assignment to a whole %s writes %s non-atomically, which is accessed atomically (%s); no fix (assign the fields one by one)", first.a.copyOf, field, first.site)
		}
		ev := c.confidenceOf(first.a)
		c.explainShared(first.a, &ev)
		c.explainLocks(first.a, &first.w, &ev)
		c.out.reportWith(analysis.Diagnostic{Pos: first.a.pos, Category: category.StructCopy, Message: msg, Related: first.related}, &ev)
	}
}

// holdsLock memoises holdsLock: the walk computes method sets, and a
// package copies the same few struct types over and over.
func (sc *structCopies) holdsLock(t types.Type) bool {
	held, ok := sc.locking[t]
	if !ok {
		held = holdsLock(t, 0)
		sc.locking[t] = held
	}
	return held
}

// holdsLock reports whether a value of type t contains a lock, as go
// vet's copylocks sees it: a value whose pointer has Lock and Unlock
// methods (sync.Mutex, or a noCopy marker), held directly, in an array,
// or in a struct field.
func holdsLock(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if locker.Is(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Array:
		return holdsLock(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsLock(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}
