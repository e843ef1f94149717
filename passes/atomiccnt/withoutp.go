package atomiccnt

import (
	"go/ast"
	"go/types"
	"regexp"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Stopping the world stops the Ps, not the threads: sysmon, an M that
// has dropped its P, and the signal handlers keep running while the
// world is stopped, and the runtime says so in their doc comments
// ("Always runs without a P", "the world may be stopped"). Their
// accesses, and those of the functions they call, are the other side
// of a race with an access made with the world stopped.
//
// The calls are followed one level, not further. On the Go 1.26
// runtime, the compiler's own flood of //go:nowritebarrierrec reaches
// about a thousand functions, most of which run with a P, and so does
// a flood from the documented functions (905): it reaches schedule and
// findRunnable through mstart, and added 12 reports in code that holds
// a P. One level reaches what sysmon polls (gcTrigger.test, retake),
// and its 10 reports are all races with sysmon or a thread dropping
// its M.

// withoutPText matches the phrases of the runtime's doc comments that
// say a function may run without a P, or with the world stopped by
// another thread.
var withoutPText = regexp.MustCompile(`(?i)without (a|an active) P\b|\bno P\b|(may|can) run during STW|world (may|might) be stopped|may have stopped the world`)

// withoutP holds the functions of a runtime package that may run on a
// thread without a P, and so while the world is stopped.
type withoutP map[*ssa.Function]bool

// computeWithoutP returns the functions of funcs whose doc comments say
// that they may run without a P, and the functions they call, except
// through go statements and except those handed a P. Only the runtime's
// doc comments speak this vocabulary, so runtime says whether funcs are
// the runtime's.
func computeWithoutP(funcs []*ssa.Function, graph *calls.Graph, runtime bool) withoutP {
	if !runtime {
		return nil
	}
	var documented []*ssa.Function
	for _, fn := range funcs {
		if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Doc != nil && withoutPText.MatchString(decl.Doc.Text()) && !handedP(fn) {
			documented = append(documented, fn)
		}
	}
	out := make(withoutP)
	for _, fn := range documented {
		out[fn] = true
		for _, s := range graph.CallsIn(fn) {
			if _, ok := s.Instr.(*ssa.Go); !ok && !handedP(s.Callee) {
				out[s.Callee] = true
			}
		}
	}
	return out
}

// unstopped reports whether a may run while another thread has stopped
// the world: its function may run without a P, and a itself is not made
// with the world stopped (then it is the stopping thread's own).
func (p withoutP) unstopped(a *access) bool {
	return p[a.fn] && !a.locks.World()
}

// unstoppedLocations returns the locations of the accesses that may run
// while another thread has stopped the world.
func (p withoutP) unstoppedLocations(accesses []*access) map[loc.Location]bool {
	if len(p) == 0 {
		return nil
	}
	out := make(map[loc.Location]bool)
	for _, a := range accesses {
		if p.unstopped(a) {
			out[a.loc] = true
		}
	}
	return out
}

// handedP reports whether fn is handed a P, a parameter of the runtime's
// type p: while it holds the P (handoffp(pp), startm(pp, ...)), the
// world cannot finish stopping, which waits for every P to stop.
func handedP(fn *ssa.Function) bool {
	for _, param := range fn.Params {
		if ptr, ok := param.Type().(*types.Pointer); ok {
			if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Name() == "p" && named.Obj().Pkg() == fn.Pkg.Pkg {
				return true
			}
		}
	}
	return false
}
