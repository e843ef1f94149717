package calls

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// IsTestingPtr reports whether t is *testing.name.
func IsTestingPtr(t types.Type, name string) bool {
	ptr, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := ptr.Elem().(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "testing" && named.Obj().Name() == name
}

// CallsParallel reports whether entry, or a literal nested in it, calls
// (*testing.T).Parallel.
func CallsParallel(entry *ssa.Function) bool {
	for _, fn := range append([]*ssa.Function{entry}, AnonFuncs(entry, nil)...) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if callee := call.Common().StaticCallee(); callee != nil && callee.Name() == "Parallel" {
					if recv := callee.Signature.Recv(); recv != nil && IsTestingPtr(recv.Type(), "T") {
						return true
					}
				}
			}
		}
	}
	return false
}
