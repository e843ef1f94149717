package atomiccnt

import (
	"cmp"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
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
	// allocated in the same function that has not escaped yet, so no
	// other goroutine can hold it.
	exemptLocal
	// exemptInit: the access is part of package initialisation, which
	// runs in one goroutine before anything else in the package.
	exemptInit
	// exemptIgnored: an //atomiccnt:ignore directive covers the access.
	exemptIgnored
)

var exemptionNames = [...]string{
	notExempt:     "not exempt",
	exemptLocal:   "unpublished local object",
	exemptInit:    "package initialisation",
	exemptIgnored: "atomiccnt:ignore directive",
}

func (e exemption) String() string { return exemptionNames[e] }

// An access is one SSA instruction touching a location. It keeps what
// the later stages need: the instruction and its function (for the
// syntax a fix rewrites, and for flow-sensitive rules), the address
// value as the program computed it (to name the location as written),
// and the position.
type access struct {
	loc   location
	kind  accessKind
	fn    *ssa.Function
	instr ssa.Instruction
	addr  ssa.Value
	pos   token.Pos
	// order sorts accesses by file name and offset. Comparing token.Pos
	// values is not enough: drivers may parse a package's files in
	// parallel, so the order of their bases in the file set can vary.
	order srcOrder
	// api is the function called, for atomic accesses.
	api *atomicFunc
	// exempt says why the access cannot race, if it cannot.
	exempt exemption
	// rmwRead marks the load half of a read-modify-write statement
	// (x.f++, x.f += n): the statement is reported once, at its store.
	rmwRead bool
}

// walkFunc records every access that fn's instructions make to a
// location. Only three instruction forms touch memory in a way the
// analysis attributes: loads (*p), stores, and calls to the atomic APIs.
// A Field or Index instruction selects from a value already loaded, so
// it is not an access: reading a field of a local copy of a struct
// reads the copy.
func (c *checker) walkFunc(fn *ssa.Function) {
	start := len(c.accesses)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				c.recordPlain(fn, instr, instr.Addr, plainWrite, instr.Val.Type())
			case *ssa.UnOp:
				if instr.Op == token.MUL {
					c.recordPlain(fn, instr, instr.X, plainRead, instr.Type())
				}
			case ssa.CallInstruction:
				call := instr.Common()
				if api := atomicCallee(call); api != nil {
					c.record(&access{
						kind:  atomicAccess,
						fn:    fn,
						instr: instr,
						addr:  call.Args[0],
						pos:   instr.Pos(),
						api:   api,
					})
				}
			}
		}
	}
	pairReadModifyWrites(c.accesses[start:], c.sameStatement)
}

// recordPlain records a plain load or store of a value of type typ at
// addr. Copying a whole array reads or writes each element, so it is
// also an access to the array's elements.
func (c *checker) recordPlain(fn *ssa.Function, instr ssa.Instruction, addr ssa.Value, kind accessKind, typ types.Type) {
	if !instr.Pos().IsValid() {
		return // implicit code with no source to report or suppress
	}
	_, isArray := typ.Underlying().(*types.Array)
	c.record(&access{kind: kind, fn: fn, instr: instr, addr: addr, pos: instr.Pos()})
	if isArray {
		for _, l := range wholeLocations(resolve(addr)) {
			c.add(&access{loc: location{v: l.v, elem: true}, kind: kind, fn: fn, instr: instr, addr: addr, pos: instr.Pos()})
		}
	}
}

// record adds a, copied once for each location its address resolves to.
func (c *checker) record(a *access) {
	for _, l := range resolve(a.addr) {
		a := *a
		a.loc = l
		c.add(&a)
	}
}

func (c *checker) add(a *access) {
	a.order = orderOf(c.pass.Fset, a.pos)
	a.exempt = c.exemption(a)
	c.accesses = append(c.accesses, a)
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
		store := a.instr.(*ssa.Store)
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

// A srcOrder is a position in a form that sorts the same in every run.
type srcOrder struct {
	file   string
	offset int
}

func orderOf(fset *token.FileSet, pos token.Pos) srcOrder {
	if tf := fset.File(pos); tf != nil {
		return srcOrder{tf.Name(), tf.Offset(pos)}
	}
	return srcOrder{}
}

func (a srcOrder) compare(b srcOrder) int {
	return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.offset, b.offset))
}
