package own

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Owning fields. A server that keeps its counters in a stats object it
// allocated for itself (s.st = &stats{}) owns that object as surely as
// it owns its own fields: nothing else can reach it. A function that
// owns the server then owns the stats too, and s.st.hits is an access
// to an object it owns.
//
// The package must show that for every object of the type: the field
// is unexported, so only this package stores into it or loads it; each
// store puts into it an object allocated for it alone (stored nowhere
// else, passed only to calls that keep it), or nil; each load is only
// dereferenced, or passed to calls that keep it, never stored,
// returned, sent or captured; the field's address is taken for nothing
// else; and no value of its struct is copied whole, which would copy
// the pointer. Another package could still copy a value of an exported
// struct; the field's struct is taken as used by pointer, as the
// package uses it.

// computeOwningFields finds the owning fields of the package.
func (ea *Analysis) computeOwningFields(funcs []*ssa.Function) {
	owning := make(map[*types.Var]bool)
	bad := make(map[*types.Var]bool)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.FieldAddr:
					f := loc.FieldOf(instr)
					if f == nil || bad[f] {
						continue
					}
					owns := false
					switch {
					case f.Exported() || f.Pkg() != ea.pass.Pkg:
					case isPointer(f.Type()):
						owns = ea.ownsThrough(instr)
					case isSliceType(f.Type()):
						owns = ea.ownsSliceThrough(instr)
					}
					if !owns {
						bad[f] = true
						delete(owning, f)
						continue
					}
					owning[f] = true
				case *ssa.UnOp:
					if instr.Op == token.MUL {
						markCopied(instr.Type(), bad)
					}
				case *ssa.Store:
					if _, zero := instr.Val.(*ssa.Const); !zero {
						markCopied(instr.Val.Type(), bad)
					}
				}
			}
		}
	}
	for f := range bad {
		delete(owning, f)
	}
	ea.owning = owning
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// markCopied marks as not owning the fields that a copy of a value of
// type t copies: those of the structs it holds by value.
func markCopied(t types.Type, bad map[*types.Var]bool) {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for f := range u.Fields() {
			bad[f.Origin()] = true
			markCopied(f.Type(), bad)
		}
	case *types.Array:
		markCopied(u.Elem(), bad)
	}
}

// ownsThrough reports whether every use of fa, the address of a
// pointer field of some object, keeps the field's object to it: stores
// of objects allocated for it, and loads whose pointer does not escape.
func (ea *Analysis) ownsThrough(fa *ssa.FieldAddr) bool {
	for _, ref := range *fa.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != ssa.Value(fa) {
				return false // the field's address stored
			}
			if c, ok := ref.Val.(*ssa.Const); ok && c.IsNil() {
				continue
			}
			if !ea.isAllocation(ref.Val, ea.fresh) || !ea.confinedTo(ref.Val, ref) {
				return false
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL || !ea.confinedTo(ref, nil) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// confinedTo reports whether the object at v, and the pointers into it
// that v's function selects, go nowhere but into the store st (if not
// nil): they are only dereferenced, stored into, compared, or passed to
// calls that keep them and return nothing that points to them.
func (ea *Analysis) confinedTo(v ssa.Value, st *ssa.Store) bool {
	members := map[ssa.Value]bool{v: true}
	work := []ssa.Value{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range *x.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef, *ssa.BinOp:
			case *ssa.FieldAddr, *ssa.IndexAddr:
				v := ref.(ssa.Value)
				if !members[v] {
					members[v] = true
					work = append(work, v)
				}
			case *ssa.UnOp:
				if ref.Op != token.MUL {
					return false
				}
			case *ssa.Store:
				if ref != st && ref.Val == x {
					return false
				}
			case *ssa.Call:
				if kept, results := ea.callKeeps(ref.Common(), x, members); !kept || results != 0 {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// ownsSliceThrough is ownsThrough for a slice field: it only ever holds
// nil, a slice the function makes (make, a slice literal) or one that
// append or slicing makes of the same field of the same object
// (b.items = append(b.items, x), b.items = b.items[:0]); and a slice
// loaded from it is only indexed, measured, sliced or appended to for
// the field again. The backing array, whose elements the slice rule
// (b.slots[i]) takes as the holder's, then belongs to the holder alone.
func (ea *Analysis) ownsSliceThrough(fa *ssa.FieldAddr) bool {
	for _, ref := range *fa.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != ssa.Value(fa) || !ea.madeFor(ref.Val, fa) {
				return false
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL || !sliceStaysIn(ref, fa) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// madeFor reports whether v, stored at fa, is a slice made for it:
// nil, make, a slice of a local array (a slice literal), or append to or
// a slice of what fa's field of the same object holds.
func (ea *Analysis) madeFor(v ssa.Value, fa *ssa.FieldAddr) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.MakeSlice:
		return true
	case *ssa.Slice:
		if _, ok := v.X.(*ssa.Alloc); ok {
			return true
		}
		return loadsField(v.X, fa)
	case *ssa.Call:
		return isBuiltin(v.Common(), "append") && len(v.Common().Args) > 0 && loadsField(v.Common().Args[0], fa)
	}
	return false
}

// loadsField reports whether x is a load of the field that fa selects,
// from the same object.
func loadsField(x ssa.Value, fa *ssa.FieldAddr) bool {
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	other, ok := load.X.(*ssa.FieldAddr)
	return ok && other.X == fa.X && other.Field == fa.Field
}

// sliceStaysIn reports whether the slice that load reads from fa's
// field is only indexed, measured, sliced or appended to, and what
// slicing and append make goes back into the field (see madeFor).
func sliceStaysIn(load *ssa.UnOp, fa *ssa.FieldAddr) bool {
	work := []ssa.Value{load}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range *x.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef, *ssa.IndexAddr:
			case *ssa.Slice:
				work = append(work, ref)
			case *ssa.Store:
				if ref.Val == x && !storedBack(ref, fa) {
					return false
				}
			case *ssa.Call:
				common := ref.Common()
				switch {
				case isBuiltin(common, "len"), isBuiltin(common, "cap"), isBuiltin(common, "copy"):
				case isBuiltin(common, "append") && common.Args[0] == x:
					work = append(work, ref)
				default:
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// storedBack reports whether st stores into the field that fa selects,
// of the same object.
func storedBack(st *ssa.Store, fa *ssa.FieldAddr) bool {
	other, ok := st.Addr.(*ssa.FieldAddr)
	return ok && other.X == fa.X && other.Field == fa.Field
}

// owningLoad returns the object whose owning field addr, a pointer
// value, was loaded from: s for s.st.
func (ea *Analysis) owningLoad(addr ssa.Value) (ssa.Value, bool) {
	load, ok := addr.(*ssa.UnOp)
	if !ok || load.Op != token.MUL || !isPointer(load.Type()) {
		return nil, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || !ea.owning[loc.FieldOf(fa)] {
		return nil, false
	}
	return fa.X, true
}
