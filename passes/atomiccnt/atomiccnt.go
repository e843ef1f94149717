package atomiccnt

import (
	_ "embed"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
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
	Analyzer.Flags.String("baseline", "", "report only what the baseline `file` does not accept, and its stale entries (see atomiccnt -write-baseline)")
}

func run(pass *analysis.Pass) (any, error) {
	c := newChecker(pass)
	if c.opts.baseline != "" {
		b, err := readBaseline(c.opts.baseline)
		if err != nil {
			return nil, err
		}
		c.out.baseline, c.out.explain = b, c.opts.explain
	}
	for _, cm := range c.directives.malformed {
		c.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "malformed " + ignoreDirective + " directive: missing reason",
		})
	}
	for _, cm := range c.directives.spaced {
		c.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "// " + strings.TrimPrefix(spacedDirective(cm), "//") + " is not a directive, so it has no effect: remove the space after //",
		})
	}
	noReturn := computeNoReturns(pass)
	if needsSSA, writes := c.prescan(); !needsSSA {
		if writes {
			c.exportASTFacts(c.astWriteFacts())
		}
		c.out.flush()
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
		initAnons = calls.AnonFuncs(init, nil)
		funcs = append(funcs, initAnons...)
	}
	c.funcs = funcs
	// The sealing rule needs the names that linkname directives
	// mention, as the call graph does.
	linknamed := calls.Linknames(pass.Files)
	c.graph = calls.NewGraph(funcs, linknamed)
	waitLocks := c.analyseLocks(funcs, c.graph)
	c.paramUses = computeParamUses(funcs, c.graph)
	c.esc = own.New(pass, funcs, c.graph)
	c.containers = computeContainers(pass.Pkg, funcs, linknamed, c.graph, c.foreignContainer)
	for _, fn := range c.ssa.srcFuncs {
		c.walkFunc(fn)
	}
	for _, fn := range initAnons {
		c.walkFunc(fn)
	}
	c.expandCopies()
	c.locks = waitLocks()
	c.annotateLocks()
	c.withoutP = computeWithoutP(funcs, c.graph, calls.IsRuntimePkg(pass.Pkg.Path()))
	c.unstopped = c.withoutP.unstoppedLocations(c.accesses)
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
	c.exportFuncFacts(c.ssa.srcFuncs, summaries)
	c.out.flush()
	return nil, nil
}

// analyseLocks starts the lock analysis of funcs and returns a function
// that waits for its result. The analysis reads only the SSA form, and
// the walk of the accesses needs its result only once it is done, so
// the two run in parallel: in the runtime, whose pass every other
// package's waits for, that is a fifth of the pass. A panic in the
// analysis is raised again in the caller's goroutine, where the driver
// (gopls, say) recovers it.
func (c *checker) analyseLocks(funcs []*ssa.Function, graph *calls.Graph) func() *locks.Analysis {
	type result struct {
		la       *locks.Analysis
		panicked any
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{panicked: r}
			}
		}()
		done <- result{la: locks.New(funcs, graph, func(l loc.Location, addr ssa.Value) string {
			return c.varName(l.Var, addr)
		})}
	}()
	return func() *locks.Analysis {
		r := <-done
		if r.panicked != nil {
			panic(r.panicked)
		}
		return r.la
	}
}
