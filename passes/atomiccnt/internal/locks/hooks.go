package locks

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
)

// The sync package registers its pool cleanup with the runtime
// (runtime_registerPoolCleanup), which calls it at the start of every
// collection with the world stopped (runtime.clearpools, from gcStart).
// Packages with pools of their own register theirs through the same
// hook, by a linkname to it.
const (
	poolCleanupPkg  = "sync"
	poolCleanupName = "runtime_registerPoolCleanup"
)

// stoppedHooks returns the functions of funcs that the program hands to
// the runtime to call with the world stopped: each argument of a call
// of the pool cleanup hook that is a function of the package used
// nowhere else, so that the runtime is its only caller.
func stoppedHooks(funcs []*ssa.Function) map[*ssa.Function]bool {
	var hooks map[*ssa.Function]bool
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !isPoolCleanupHook(call.Common().StaticCallee()) {
					continue
				}
				for _, arg := range call.Common().Args {
					if f, ok := arg.(*ssa.Function); ok {
						if hooks == nil {
							hooks = make(map[*ssa.Function]bool)
						}
						hooks[f] = true
					}
				}
			}
		}
	}
	if hooks == nil {
		return nil
	}
	// The registration must be a hook's one use: Operands lists a
	// call's callee as well as its arguments, so any other call, or
	// any other use of the function as a value, counts too.
	uses := make(map[*ssa.Function]int)
	var rands []*ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				rands = instr.Operands(rands[:0])
				for _, v := range rands {
					if f, ok := (*v).(*ssa.Function); ok && hooks[f] {
						uses[f]++
					}
				}
			}
		}
	}
	for f := range hooks {
		if uses[f] != 1 {
			delete(hooks, f)
		}
	}
	return hooks
}

// isPoolCleanupHook reports whether fn is the runtime's pool cleanup
// hook: sync's declaration of it, or a declaration without a body that
// a linkname directive binds to it.
func isPoolCleanupHook(fn *ssa.Function) bool {
	if fn == nil || fn.Name() != poolCleanupName {
		return false
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		if key, ok := calls.KeyOf(obj); ok && key == (calls.Key{Pkg: poolCleanupPkg, Name: poolCleanupName}) {
			return true
		}
	}
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Body != nil || decl.Recv != nil || decl.Doc == nil {
		return false
	}
	for _, c := range decl.Doc.List {
		rest, ok := strings.CutPrefix(c.Text, "//go:linkname ")
		if f := strings.Fields(rest); ok && len(f) == 2 && f[0] == poolCleanupName && f[1] == poolCleanupPkg+"."+poolCleanupName {
			return true
		}
	}
	return false
}
