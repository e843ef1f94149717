package atomiccnt

import (
	_ "embed"
	"flag"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

//go:embed doc.go
var doc string

// Analyzer reports struct fields, package-level variables and their
// elements that are accessed both atomically and non-atomically.
var Analyzer = &analysis.Analyzer{
	Name:      "atomiccnt",
	Doc:       mustExtractDoc(doc, "atomiccnt"),
	URL:       docURL,
	FactTypes: []analysis.Fact{new(facts.Var), new(facts.Package), new(facts.Func), new(facts.NoReturn)},
	Run:       run,
}

// The analyzer's flags. Their values live in the flag set and are read
// once per pass, in run; no package variable holds them.
func init() {
	Analyzer.Flags.Bool("reads", true, "report non-atomic reads of atomically accessed locations, not only writes")
	Analyzer.Flags.Bool("explain", false, "also report, in category explain, each plain access to an atomically accessed location that is not reported, and the rule that spared it")
	Analyzer.Flags.Bool("allconcurrent", false, "report concurrently read locations of any type, not only counter-like integers")
	Analyzer.Flags.Bool("goroutines", false, "treat the functions that go statements start as concurrent contexts")
}

// boolFlag returns the current value of the analyzer's boolean flag name.
func boolFlag(a *analysis.Analyzer, name string) bool {
	return a.Flags.Lookup(name).Value.(flag.Getter).Get().(bool)
}

// A checker holds the state of one pass.
type checker struct {
	pass       *analysis.Pass
	reads      bool
	explain    bool
	directives *directives
	imported   *importedFacts
	locks      *lockAnalysis
	// paramUses summarises the accesses each function of the package
	// makes through its pointer parameters.
	paramUses map[*ssa.Function][]paramUse
	// kept holds, for each function, the pointer parameters it does not
	// let escape.
	kept map[*ssa.Function][]bool
	// fresh holds the package's constructors.
	fresh map[*ssa.Function]bool
	// sealed holds the package's sealed containers, and owners the
	// allocations of the objects that sealed pointers hold (sealed.go).
	sealed map[*types.Var]bool
	owners map[*ssa.Alloc]*types.Var
	// lentParams holds the parameters that sealed containers are lent
	// to, with their container (sealed.go).
	lentParams map[*ssa.Parameter]*types.Var
	// varIDs caches the fact names of locks and containers.
	varIDs   map[location]string
	accesses []*access
	copies   []copyEvent
	// copyReports collects the struct copies to report, by field.
	copyReports []copyReport
	// locking memoises holdsLock.
	locking map[types.Type]bool
	// started caches, per function, the functions its go statements start.
	started map[*ssa.Function]map[*ssa.Function]bool
	// doomedBlocks caches, per function, the blocks that end in a panic.
	doomedBlocks map[*ssa.Function][]bool
	// tests and parallelTests cache, per function, the top-level test
	// it runs in and whether a test runs in parallel (testfuncs.go).
	tests         map[*ssa.Function]*ssa.Function
	parallelTests map[*ssa.Function]bool
	// escapes caches the escape analysis of allocations, on demand.
	escapes     map[ssa.Value]*escapeInfo
	diagnostics []analysis.Diagnostic
	// ssa is the package's SSA form, built only if prescan asks for it.
	ssa *ssaPackage
	// astWrites are the plain writes found without SSA.
	astWrites []astWrite
	// prescanned memoises foreignAtomic.
	prescanned map[*types.Var]bool
	// files indexes the package's files by position.
	files *syntax.Files
	// funcs are the package's functions with bodies, the package
	// initialiser and its literals included.
	funcs []*ssa.Function
	fixer *fixer // see suggest.go

	// The concurrent-context rule (concurrent.go, concurrentrule.go).
	allConcurrent, goroutines bool
	marks                     *concurrentMarks
	concurrency               *concurrency
}

func newChecker(pass *analysis.Pass) *checker {
	return &checker{
		pass:          pass,
		reads:         boolFlag(pass.Analyzer, "reads"),
		explain:       boolFlag(pass.Analyzer, "explain"),
		directives:    collectDirectives(pass.Fset, pass.Files),
		files:         syntax.NewFiles(pass.Files),
		imported:      &importedFacts{pass: pass},
		escapes:       make(map[ssa.Value]*escapeInfo),
		doomedBlocks:  make(map[*ssa.Function][]bool),
		started:       make(map[*ssa.Function]map[*ssa.Function]bool),
		varIDs:        make(map[location]string),
		prescanned:    make(map[*types.Var]bool),
		locking:       make(map[types.Type]bool),
		tests:         make(map[*ssa.Function]*ssa.Function),
		parallelTests: make(map[*ssa.Function]bool),

		allConcurrent: boolFlag(pass.Analyzer, "allconcurrent"),
		goroutines:    boolFlag(pass.Analyzer, "goroutines"),
		marks:         collectConcurrentMarks(pass.Files),
	}
}

func run(pass *analysis.Pass) (any, error) {
	c := newChecker(pass)
	for _, cm := range c.directives.malformed {
		c.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "malformed " + ignoreDirective + " directive: missing reason",
		})
	}
	noReturn := computeNoReturns(pass)
	if needsSSA, writes := c.prescan(); !needsSSA {
		if writes {
			c.astWriteFacts()
			c.exportASTFacts()
		}
		c.flush()
		return nil, nil
	}
	c.ssa = buildSSA(pass, noReturn)
	// Package-level variable initialisers live in the synthetic init
	// function, which srcFuncs omits: its own accesses are
	// initialisation, but function literals it creates may run later.
	funcs := append([]*ssa.Function(nil), c.ssa.srcFuncs...)
	var initAnons []*ssa.Function
	if init := c.ssa.pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
		initAnons = anonFuncs(init, nil)
		funcs = append(funcs, initAnons...)
	}
	c.funcs = funcs
	// The lock analysis and the sealing rule both need the functions
	// whose every call the package makes, and the sealing rule the
	// names that linkname directives mention.
	linknamed := linknames(pass.Files)
	internal := internalFuncs(funcs, linknamed)
	locks := c.analyseLocks(funcs, internal)
	c.paramUses = computeParamUses(funcs)
	c.computeKept(funcs)
	c.fresh = c.computeFresh(funcs)
	c.sealed, c.owners = c.computeSealed(funcs, linknamed, internal)
	for _, fn := range c.ssa.srcFuncs {
		c.walkFunc(fn)
	}
	for _, fn := range initAnons {
		c.walkFunc(fn)
	}
	c.expandCopies()
	c.locks = locks()
	c.annotateLocks()
	for _, a := range c.accesses {
		a.exempt = c.exemption(a)
	}
	summaries := c.summarize()
	for _, s := range summaries {
		c.check(s)
	}
	c.checkConcurrent(funcs, summaries)
	c.reportCopies()
	c.exportFacts(summaries)
	c.exportFuncFacts(c.ssa.srcFuncs)
	c.flush()
	return nil, nil
}

// analyseLocks starts the lock analysis of funcs and returns a function
// that waits for its result. The analysis reads only the SSA form, and
// the walk of the accesses needs its result only once it is done, so
// the two run in parallel: in the runtime, whose pass every other
// package's waits for, that is a fifth of the pass. A panic in the
// analysis is raised again in the caller's goroutine, where the driver
// (gopls, say) recovers it.
func (c *checker) analyseLocks(funcs []*ssa.Function, internal map[*ssa.Function]bool) func() *lockAnalysis {
	type result struct {
		la       *lockAnalysis
		panicked any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panicked: r}
			}
		}()
		done <- result{la: newLockAnalysis(funcs, internal, func(l location, addr ssa.Value) string {
			return c.varName(l.v, addr)
		})}
	}()
	return func() *lockAnalysis {
		r := <-done
		if r.panicked != nil {
			panic(r.panicked)
		}
		return r.la
	}
}
