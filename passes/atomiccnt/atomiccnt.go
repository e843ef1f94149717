package atomiccnt

import (
	_ "embed"
	"flag"
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/facts"
)

//go:embed doc.go
var doc string

// Analyzer reports struct fields, package-level variables and their
// elements that are accessed both atomically and non-atomically.
var Analyzer = &analysis.Analyzer{
	Name:      "atomiccnt",
	Doc:       mustExtractDoc(doc, "atomiccnt"),
	URL:       docURL,
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(facts.Var), new(facts.Package), new(facts.Func)},
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
	// fresh holds the package's constructors.
	fresh map[*ssa.Function]bool
	// varIDs caches the fact names of locks and containers.
	varIDs   map[location]string
	accesses []*access
	copies   []copyEvent
	// copyReports collects the struct copies to report, by field.
	copyReports []copyReport
	// escapes caches the escape analysis of allocations, on demand.
	escapes     map[ssa.Value]*escapeInfo
	diagnostics []analysis.Diagnostic
	fixState    *fixState // see fix.go

	// The concurrent-context rule (concurrent.go, concurrentrule.go).
	allConcurrent, goroutines bool
	marks                     *concurrentMarks
	concurrency               *concurrency
}

func run(pass *analysis.Pass) (any, error) {
	ssainput, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok {
		return nil, fmt.Errorf("atomiccnt: buildssa result missing")
	}
	c := &checker{
		pass:       pass,
		reads:      boolFlag(pass.Analyzer, "reads"),
		explain:    boolFlag(pass.Analyzer, "explain"),
		directives: collectDirectives(pass.Fset, pass.Files),
		imported:   &importedFacts{pass: pass},
		escapes:    make(map[ssa.Value]*escapeInfo),
		varIDs:     make(map[location]string),

		allConcurrent: boolFlag(pass.Analyzer, "allconcurrent"),
		goroutines:    boolFlag(pass.Analyzer, "goroutines"),
		marks:         collectConcurrentMarks(pass.Files),
	}
	for _, cm := range c.directives.malformed {
		c.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: categoryDirective,
			Message:  "malformed " + ignoreDirective + " directive: missing reason",
		})
	}
	// Package-level variable initialisers live in the synthetic init
	// function, which SrcFuncs omits: its own accesses are
	// initialisation, but function literals it creates may run later.
	funcs := append([]*ssa.Function(nil), ssainput.SrcFuncs...)
	var initAnons []*ssa.Function
	if init := ssainput.Pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
		initAnons = anonFuncs(init, nil)
		funcs = append(funcs, initAnons...)
	}
	c.locks = newLockAnalysis(funcs, linknames(pass.Files), func(l location, addr ssa.Value) string {
		return c.varName(l.v, addr)
	})
	c.paramUses = computeParamUses(funcs)
	c.fresh = c.computeFresh(funcs)
	for _, fn := range ssainput.SrcFuncs {
		c.walkFunc(fn)
		if obj, ok := fn.Object().(*types.Func); ok {
			if fact := funcFact(c.paramUses[fn], c.fresh[fn]); fact != nil {
				pass.ExportObjectFact(obj, fact)
			}
		}
	}
	for _, fn := range initAnons {
		c.walkFunc(fn)
	}
	c.expandCopies()
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
	c.flush()
	return nil, nil
}

// anonFuncs appends the function literals nested in fn to out.
func anonFuncs(fn *ssa.Function, out []*ssa.Function) []*ssa.Function {
	for _, anon := range fn.AnonFuncs {
		out = append(out, anon)
		out = anonFuncs(anon, out)
	}
	return out
}
