package atomiccnt

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// An accessKind says whether an access is atomic, and if not, whether
// it reads or writes.
type accessKind uint8

const (
	plainRead accessKind = iota + 1
	plainWrite
	atomicAccess
)

// An exemption is the reason an access provably does not race.
type exemption uint8

const (
	notExempt exemption = iota
	// exemptLocal: the access goes through a pointer to an object
	// that its function owns (allocated there, or passed by callers
	// that own it) and that has not escaped yet, so no other goroutine
	// can hold it.
	exemptLocal
	// exemptExclusive: the access runs in an exclusive phase (package
	// initialisation, main before its first go statement, or with the
	// world stopped, by the runtime or in a pool cleanup it calls), when
	// no other goroutine runs.
	exemptExclusive
	// exemptIgnored: an //atomiccnt:ignore directive covers the access.
	exemptIgnored
	// exemptLocked: every atomic access it could race with holds a lock
	// that it holds too.
	exemptLocked
	// exemptReadBack: a plain read in a function that is the location's
	// writer, reading back what it wrote.
	exemptReadBack
	// exemptJoined: the access follows a wait for the goroutines whose
	// atomic accesses it could race with.
	exemptJoined
	// exemptCrash: a plain read on a path that can only end in a panic
	// or a call that does not return (throw, log.Fatal): the value
	// feeds an error message on the way to a crash.
	exemptCrash
	// exemptTests: every atomic access it could race with runs in
	// another top-level test, which go test runs at another time.
	exemptTests
	// exemptSameTest: the conflicting atomic accesses are in the body
	// of the same top-level test, which runs them one after another on
	// its own goroutine.
	exemptSameTest
	// exemptOwnedAtomics: every atomic access it could race with is to
	// an object its function owns, which no other goroutine can reach.
	exemptOwnedAtomics
	// exemptOtherMemory: every atomic access of the location is to
	// memory it cannot reach: another container's, or a sealed one's.
	exemptOtherMemory
)

var exemptionNames = [...]string{
	notExempt:       "not exempt",
	exemptLocal:     "the object is owned by the function and not yet published",
	exemptExclusive: "it runs in an exclusive phase (initialisation, main before any go statement, or the world stopped, as in a pool cleanup the runtime calls)",
	exemptIgnored:   "an atomiccnt:ignore directive covers it",
	exemptLocked:    "every conflicting atomic access holds a lock it holds",
	exemptReadBack:  "the function writes the location itself and reads back its own value",
	exemptCrash:     "every path from it ends in a panic or a call that does not return",
	exemptJoined:    "it follows a wait for the goroutines that make the conflicting atomic accesses",
	exemptTests:     "the conflicting atomic accesses run in other tests, which go test runs one at a time",

	exemptOwnedAtomics: "the conflicting atomic accesses are to objects that no other goroutine can reach yet",
	exemptSameTest:     "it and the conflicting atomic accesses run one after another in the body of the same test",
	exemptOtherMemory:  "the atomic accesses are to other memory: another container that holds the struct by value, or a sealed one that no pointer reaches",
}

func (e exemption) String() string { return exemptionNames[e] }

// An access is one SSA instruction touching a location. It keeps what
// the later stages need: the instruction and its function (for the
// syntax a fix rewrites, and for flow-sensitive rules), the address
// value as the program computed it (to name the location as written),
// and the position.
type access struct {
	loc   loc.Location
	kind  accessKind
	fn    *ssa.Function
	instr ssa.Instruction
	addr  ssa.Value
	pos   token.Pos
	// order sorts accesses by file name and offset. Comparing token.Pos
	// values is not enough: drivers may parse a package's files in
	// parallel, so the order of their bases in the file set can vary.
	order syntax.Order
	// api is the function called, for atomic accesses.
	api *atomicapi.Func
	// via names the wrapper function that makes the access for this
	// call (inc, for inc(&x.n)), if any.
	via string
	// copyOf names the struct type whose whole value the access copies
	// (snap := *s), if it is part of such a copy, and copyField the
	// field it copies, copyIndex that field's place in the struct.
	copyOf, copyField string
	copyIndex         int
	// ctx is the field (or package-level variable) that holds, by
	// value, the struct whose field the access selects: Server.stats
	// for srv.stats.outMsgs. It is nil when the struct is reached through
	// a pointer, which may point into any container.
	ctx *types.Var
	// locks are the locks held at the access.
	locks locks.Set
	// exempt says why the access cannot race, if it cannot.
	exempt exemption
	// reported marks an access that a rule has reported, so that
	// another rule does not report it again.
	reported bool
	// rmwRead marks the load half of a read-modify-write statement
	// (x.f++, x.f += n): the statement is reported once, at its store,
	// which update marks.
	rmwRead, update bool
}

// walkFunc records every access that fn's instructions make to a
// location. Only three instruction forms touch memory in a way the
// analysis attributes: loads (*p), stores, and calls to the atomic APIs.
// A Field or Index instruction selects from a value already loaded, so
// it is not an access: reading a field of a local copy of a struct
// reads the copy.
func (w *walker) walkFunc(fn *ssa.Function) {
	start := len(w.accesses)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				w.recordPlain(fn, instr, instr.Addr, plainWrite, instr.Val.Type())
				w.recordCopy(fn, instr, instr.Addr, plainWrite, instr.Val.Type())
			case *ssa.UnOp:
				if instr.Op == token.MUL {
					w.recordPlain(fn, instr, instr.X, plainRead, instr.Type())
					w.recordCopy(fn, instr, instr.X, plainRead, instr.Type())
				}
			case ssa.CallInstruction:
				call := instr.Common()
				if api := atomicapi.Callee(call); api != nil {
					w.record(&access{
						kind:  atomicAccess,
						fn:    fn,
						instr: instr,
						addr:  call.Args[0],
						pos:   instr.Pos(),
						api:   api,
					})
				} else if g := call.StaticCallee(); g != nil {
					w.recordWrapperCall(fn, instr, g)
				}
			}
		}
	}
	pairReadModifyWrites(w.accesses[start:], w.files.SameStatement)
}

// recordPlain records a plain load or store of a value of type typ at
// addr. Copying a whole array reads or writes each element, so it is
// also an access to the array's elements.
func (w *walker) recordPlain(fn *ssa.Function, instr ssa.Instruction, addr ssa.Value, kind accessKind, typ types.Type) {
	pos := accessPos(instr, addr)
	if !pos.IsValid() {
		return // implicit code with no source to report or suppress
	}
	_, isArray := typ.Underlying().(*types.Array)
	if isArray && kind == plainRead && unused(instr) {
		// for i := range x.arr does not evaluate x.arr, as the spec
		// says, though the SSA form loads it.
		return
	}
	w.record(&access{kind: kind, fn: fn, instr: instr, addr: addr, pos: pos})
	if isArray {
		for _, l := range loc.WholeLocations(loc.Resolve(addr)) {
			w.add(&access{loc: loc.Location{Var: l.Var, Elem: true}, kind: kind, fn: fn, instr: instr, addr: addr, pos: pos})
		}
	}
}

// accessPos returns the position of the load or store instr at addr.
// The element that a range loop loads into its value variable (for _,
// v := range x.items) has no position of its own; its address has the
// range expression's.
func accessPos(instr ssa.Instruction, addr ssa.Value) token.Pos {
	if pos := instr.Pos(); pos.IsValid() {
		return pos
	}
	if load, ok := instr.(*ssa.UnOp); ok {
		if sel, ok := addr.(*ssa.IndexAddr); ok && load.X == addr {
			return sel.Pos()
		}
	}
	return token.NoPos
}

// unused reports whether the value that instr computes is never used.
func unused(instr ssa.Instruction) bool {
	v, ok := instr.(ssa.Value)
	if !ok || v.Referrers() == nil {
		return false
	}
	for _, ref := range *v.Referrers() {
		if _, debug := ref.(*ssa.DebugRef); !debug {
			return false
		}
	}
	return true
}

// record adds a, copied once for each location its address resolves to.
func (w *walker) record(a *access) {
	for _, l := range loc.Resolve(a.addr) {
		a := *a
		a.loc = l
		a.ctx = w.containers.containerOf(a.addr, l.Var)
		w.add(&a)
	}
}

func (w *walker) add(a *access) {
	a.order = syntax.OrderOf(w.pass.Fset, a.pos)
	w.accesses = append(w.accesses, a)
}

// opName names an atomic access's operation for messages:
// "atomic.AddInt64", or "inc (atomic.AddInt64)" through a wrapper.
func (a *access) opName() string {
	if a.via != "" {
		return a.via + " (" + a.api.Qualified() + ")"
	}
	return a.api.Qualified()
}

// joined reports whether the access follows a wait for the goroutines
// its function started.
func (a *access) joined() bool { return a.locks.Joined() }

// exclusive reports whether the access runs in an exclusive phase.
func (a *access) exclusive() bool { return a.locks.World() }

// annotateLocks records in each access the locks held there, and in
// each atomic write of a field that a +checklocks annotation guards,
// the lock it names (see locks.FieldContracts).
func annotateLocks(accesses []*access, la *locks.Analysis, guards map[*types.Var]locks.FieldContract) {
	byFunc := make(map[*ssa.Function]map[ssa.Instruction][]*access)
	var order []*ssa.Function
	for _, a := range accesses {
		at := byFunc[a.fn]
		if at == nil {
			at = make(map[ssa.Instruction][]*access)
			byFunc[a.fn] = at
			order = append(order, a.fn)
		}
		at[a.instr] = append(at[a.instr], a)
	}
	for _, fn := range order {
		at := byFunc[fn]
		la.Flow(fn, la.Entry(fn), func(instr ssa.Instruction, s locks.Set) {
			if accs := at[instr]; len(accs) > 0 {
				s = s.Clone()
				for _, a := range accs {
					a.locks = s
				}
			}
		})
	}
	for _, a := range accesses {
		if !a.locks.Known() {
			a.locks = la.Empty() // unreachable code
		}
		if g, ok := guards[a.loc.Var]; ok && !a.loc.Elem && a.kind == atomicAccess && a.api.Op().Writes() {
			a.locks = la.Hold(a.locks, g.Lock)
		}
	}
}

// pairReadModifyWrites marks the loads in accs that are the first half
// of a read-modify-write statement (x.f++, x.f |= m, x.f = x.f + n): the
// SSA form is a load, an arithmetic operation on it, and a store of the
// result to the same address.
func pairReadModifyWrites(accs []*access, sameStatement func(x, y token.Pos) bool) {
	var loads map[*ssa.UnOp]bool
	for _, a := range accs {
		if a.kind != plainWrite {
			continue
		}
		store, ok := a.instr.(*ssa.Store)
		if !ok {
			continue // a write through a wrapper's parameter
		}
		bin, ok := store.Val.(*ssa.BinOp)
		if !ok {
			continue
		}
		for _, operand := range []ssa.Value{bin.X, bin.Y} {
			if load, ok := operand.(*ssa.UnOp); ok && load.Op == token.MUL && sameAddress(load.X, store.Addr) && sameStatement(load.Pos(), store.Pos()) {
				if loads == nil {
					loads = make(map[*ssa.UnOp]bool)
				}
				loads[load] = true
				a.update = true
			}
		}
	}
	for _, a := range accs {
		if load, ok := a.instr.(*ssa.UnOp); ok && loads[load] {
			a.rmwRead = true
		}
	}
}

// sameAddress reports whether x and y certainly compute the same
// address: the same value, or the same selection from the same address.
// Two evaluations of a global pointer (g.f and g.f) are not the same
// address, since another goroutine may change g between them.
func sameAddress(x, y ssa.Value) bool {
	if x == y {
		return true
	}
	switch x := x.(type) {
	case *ssa.FieldAddr:
		y, ok := y.(*ssa.FieldAddr)
		return ok && x.Field == y.Field && sameAddress(x.X, y.X)
	case *ssa.IndexAddr:
		y, ok := y.(*ssa.IndexAddr)
		return ok && x.Index == y.Index && sameAddress(x.X, y.X)
	}
	return false
}
