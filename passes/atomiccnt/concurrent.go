package atomiccnt

import (
	"go/ast"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// A concurrent context is code that runs at the same time as the rest
// of the program with no happens-before edge to it: the garbage
// collector's mark workers, a function marked //atomiccnt:concurrent
// (a metrics scrape, a signal handler, a watchdog), and, with
// -goroutines, the functions that go statements start. A location that
// such code reads is shared even when no access to it is atomic; the
// rule in concurrentrule.go reports the plain writes that race with the
// read.
//
// Each context has a root function and covers what the root reaches
// in the package's static call graph on SSA: direct calls, the
// functions passed to the runtime's systemstack, function literals it
// creates and function values it names (forEachP(f), systemstack(g)).
// Interface and function-value calls are not followed. Code that
// provably runs in an exclusive phase is cut off: a function whose
// every caller holds the world (see package locks), and a call made while the
// world is stopped, so the part of a mark worker that stops the world
// and terminates the mark phase is not a concurrent context.
//
// The garbage collector's context is narrower, as measured on the
// runtime: only the functions that the collector alone calls (a helper
// such as throw, lock or an mspan method runs for the mutator too, and
// taking it in made most of the runtime "concurrent"), and of their
// reads only those through memory rooted in a package-level variable
// (see loc.IsGloballyRooted). The per-goroutine, per-P and per-span state
// that the collector reaches through parameters and calls is ordered by
// protocols the analysis does not model: a P's ownership, parking,
// suspendG, span states.

// gcEntryPoints are the functions that the Go runtime's garbage
// collector runs concurrently with the mutator during the mark phase,
// by package path and name. The runtime is one package, so reachability
// finds the rest (markroot's scanblock, scanstack, greyobject, ...).
// Names that a Go version lacks are simply not found: older runtimes
// spell scanObject scanobject, and Go 1.25's Green Tea collector adds
// scanSpan. TestGCEntryPoints checks the list against the installed
// Go's runtime; the runtime of 2016 (Go 1.7), where markroot read
// finblock.cnt plainly, had markroot, gcDrain, gcDrainN, gcBgMarkWorker,
// scanobject, scanblock and scanstack.
//
// The packages under runtime/ match as runtime does, as for the lock
// primitives, so that runtime-shaped test packages can declare them.
var gcEntryPoints = []struct {
	pkg, name string
	// old marks a name that the installed Go's runtime no longer has.
	old bool
}{
	// The background mark worker, started once per P, and the drain
	// loops it runs: markroot jobs, then the work queue.
	{"runtime", "gcBgMarkWorker", false},
	{"runtime", "gcDrain", false},
	{"runtime", "gcDrainMarkWorkerIdle", false},
	{"runtime", "gcDrainMarkWorkerDedicated", false},
	{"runtime", "gcDrainMarkWorkerFractional", false},
	// Mark assists: a mutator goroutine that allocates does mark work
	// for the collector, concurrently with every other goroutine. Only
	// the drain is listed: the rest of gcAssistAlloc manages the
	// assisting goroutine's own state (gp.gcAssistBytes, its m).
	{"runtime", "gcDrainN", false},
	// The roots and the scan functions, listed so that they are found
	// even where a drain loop's name differs.
	{"runtime", "markroot", false},
	{"runtime", "scanobject", true}, // now scanObject
	{"runtime", "scanObject", false},
	{"runtime", "scanSpan", false},
	{"runtime", "scanblock", false},
	{"runtime", "scanstack", false},
}

// isGCEntryPoint reports whether fn is one of gcEntryPoints.
func isGCEntryPoint(fn *ssa.Function) bool {
	if fn.Pkg == nil || fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	path := fn.Pkg.Pkg.Path()
	if calls.IsRuntimePkg(path) {
		path = "runtime"
	}
	for _, e := range gcEntryPoints {
		if e.pkg == path && e.name == fn.Name() {
			return true
		}
	}
	return false
}

type contextKind uint8

const (
	gcContext contextKind = iota + 1
	markedContext
	goroutineContext
)

// A concurrentContext is one root of concurrent code.
type concurrentContext struct {
	kind contextKind
	root *ssa.Function
	// name describes the context in messages: "the garbage collector",
	// "Stats.scrape", "the goroutine started at main.go:12".
	name string
	// spawns are the go statements that start a goroutine context.
	spawns []*ssa.Go
}

// concurrency records which functions run in concurrent contexts.
type concurrency struct {
	// contexts are the roots, in source order.
	contexts []*concurrentContext
	// ctxOf gives, for each function that a context runs, the first
	// context (in source order) that reaches it.
	ctxOf map[*ssa.Function]*concurrentContext
	// own holds the functions that only concurrent contexts run: the
	// roots, and the functions whose every caller is one of them. Their
	// writes are the context's own, not the other code's.
	own map[*ssa.Function]bool
}

// findConcurrency finds the concurrent contexts among funcs, the
// package's functions, and the functions they reach. The lock analysis
// must be done.
func (c *checker) findConcurrency(funcs []*ssa.Function) *concurrency {
	cc := &concurrency{
		ctxOf: make(map[*ssa.Function]*concurrentContext),
		own:   make(map[*ssa.Function]bool),
	}
	cc.contexts = c.concurrentRoots(funcs)
	if len(cc.contexts) == 0 {
		return cc
	}
	inPkg := make(map[*ssa.Function]bool, len(funcs))
	for _, fn := range funcs {
		inPkg[fn] = true
	}
	for _, ctx := range cc.contexts {
		c.reach(cc, ctx, inPkg)
	}
	cc.computeOwn(funcs, c.graph)
	// The garbage collector runs only the code that is its own: a
	// helper that the mutator calls too (throw, lock, an mspan method)
	// reads what it reads under the mutator's protocol, and counting it
	// would make most of the runtime a concurrent context.
	for fn, ctx := range cc.ctxOf {
		if ctx.kind == gcContext && !cc.own[fn] {
			delete(cc.ctxOf, fn)
		}
	}
	return cc
}

// concurrentRoots returns the package's concurrent contexts, in source
// order.
func (c *checker) concurrentRoots(funcs []*ssa.Function) []*concurrentContext {
	var roots []*concurrentContext
	byRoot := make(map[*ssa.Function]*concurrentContext)
	add := func(ctx *concurrentContext) {
		if prev := byRoot[ctx.root]; prev != nil {
			prev.spawns = append(prev.spawns, ctx.spawns...)
			return
		}
		byRoot[ctx.root] = ctx
		roots = append(roots, ctx)
	}
	for _, fn := range funcs {
		if len(fn.Blocks) == 0 {
			continue
		}
		if isGCEntryPoint(fn) {
			add(&concurrentContext{kind: gcContext, root: fn, name: "the garbage collector"})
		}
		if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && fn.Parent() == nil && c.marks.funcs[decl] {
			add(&concurrentContext{kind: markedContext, root: fn, name: c.funcName(fn)})
		}
	}
	if c.opts.goroutines {
		for _, fn := range funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					g, ok := instr.(*ssa.Go)
					if !ok || !g.Pos().IsValid() {
						continue
					}
					if callee := g.Common().StaticCallee(); callee != nil && len(callee.Blocks) > 0 && callee.Pkg == fn.Pkg {
						add(&concurrentContext{
							kind:   goroutineContext,
							root:   callee,
							name:   "the goroutine started at " + syntax.FileLine(c.pass.Fset, g.Pos()),
							spawns: []*ssa.Go{g},
						})
					}
				}
			}
		}
	}
	slices.SortStableFunc(roots, func(x, y *concurrentContext) int {
		return syntax.OrderOf(c.pass.Fset, x.root.Pos()).Compare(syntax.OrderOf(c.pass.Fset, y.root.Pos()))
	})
	return roots
}

// reach marks the functions that ctx runs.
func (c *checker) reach(cc *concurrency, ctx *concurrentContext, inPkg map[*ssa.Function]bool) {
	la := c.locks
	if la.Entry(ctx.root).World() || cc.ctxOf[ctx.root] != nil {
		return // the root runs with the world stopped, or is reached already
	}
	work := []*ssa.Function{ctx.root}
	seen := map[*ssa.Function]bool{ctx.root: true}
	for len(work) > 0 {
		fn := work[0]
		work = work[1:]
		if cc.ctxOf[fn] == nil {
			cc.ctxOf[fn] = ctx
		}
		visit := func(g *ssa.Function) {
			// A function that an earlier context reaches has had what
			// it reaches marked already.
			if g == nil || seen[g] || cc.ctxOf[g] != nil || !inPkg[g] || len(g.Blocks) == 0 || la.Entry(g).World() {
				return
			}
			if ctx.kind == gcContext && g.Parent() == nil && !c.graph.Internal(g) {
				// Called from elsewhere too, so not the collector's
				// own (see findConcurrency), nor is what it calls.
				return
			}
			seen[g] = true
			work = append(work, g)
		}
		var operands []*ssa.Value // reused: Operands appends
		la.Flow(fn, la.Entry(fn), func(instr ssa.Instruction, held locks.Set) {
			if held.World() {
				return // the world is stopped: what this calls is exclusive
			}
			switch instr := instr.(type) {
			case *ssa.MakeClosure:
				visit(calls.FuncOf(instr))
				return
			case ssa.CallInstruction:
				visit(instr.Common().StaticCallee())
				visit(calls.SystemstackArg(instr.Common()))
			}
			operands = instr.Operands(operands[:0])
			for _, op := range operands {
				if op != nil {
					if g, ok := (*op).(*ssa.Function); ok {
						visit(g)
					}
				}
			}
		})
	}
}

// computeOwn finds the functions that only concurrent contexts run:
// the roots, the function literals of such functions, and the
// package's internal functions (see calls.Graph.Internal) whose every call
// is in such a function. It starts from every function a context
// reaches and removes, to a fixpoint, those with another caller.
func (cc *concurrency) computeOwn(funcs []*ssa.Function, graph *calls.Graph) {
	roots := make(map[*ssa.Function]bool)
	for _, ctx := range cc.contexts {
		roots[ctx.root] = true
	}
	for fn := range cc.ctxOf {
		cc.own[fn] = true
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if !cc.own[fn] || roots[fn] {
				continue
			}
			keep := false
			if parent := fn.Parent(); parent != nil {
				keep = cc.own[parent]
			} else if graph.Internal(fn) {
				keep = true
				for _, s := range graph.CallsOf(fn) {
					if !cc.own[s.Caller] {
						keep = false
						break
					}
				}
			}
			if !keep {
				delete(cc.own, fn)
				changed = true
			}
		}
	}
}

// concurrentMarks holds a package's concurrent directives.
type concurrentMarks struct {
	// funcs are the functions whose doc comments carry a well-formed
	// directive.
	funcs map[*ast.FuncDecl]bool
	// malformed are directives without a reason, which mark nothing.
	malformed []*ast.Comment
	// misplaced are directives outside a function's doc comment.
	misplaced []*ast.Comment
}

func collectConcurrentMarks(files []*ast.File) *concurrentMarks {
	m := &concurrentMarks{funcs: make(map[*ast.FuncDecl]bool)}
	for _, f := range files {
		var docOf map[*ast.Comment]*ast.FuncDecl
		for _, g := range f.Comments {
			for _, cm := range g.List {
				reason, ok := parseNamedDirective(cm, concurrentDirective)
				if !ok {
					continue
				}
				if docOf == nil {
					docOf = funcDocs(f)
				}
				switch fd := docOf[cm]; {
				case reason == "":
					m.malformed = append(m.malformed, cm)
				case fd == nil:
					m.misplaced = append(m.misplaced, cm)
				default:
					m.funcs[fd] = true
				}
			}
		}
	}
	return m
}
