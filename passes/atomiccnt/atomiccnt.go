package atomiccnt

import (
	_ "embed"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
)

//go:embed doc.go
var doc string

// Analyzer reports struct fields, package-level variables and their
// elements that are accessed both atomically and non-atomically.
var Analyzer = &analysis.Analyzer{
	Name:       "atomiccnt",
	Doc:        mustExtractDoc(doc, "atomiccnt"),
	URL:        docURL,
	FactTypes:  []analysis.Fact{new(facts.Var), new(facts.Package), new(facts.Func), new(facts.NoReturn)},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what a pass of Analyzer leaves to the analyzers that
// require it: the reports of the tiers it does not report (see
// -confidence), in position order, ready to report.
type Result struct {
	Low []analysis.Diagnostic
}

// The analyzer's flags. Their values live in the flag set and are read
// once per pass, in run; no package variable holds them.
func init() {
	Analyzer.Flags.Bool("reads", true, "report non-atomic reads of atomically accessed locations, not only writes")
	Analyzer.Flags.Bool("explain", false, "also report, in category explain, each plain access to an atomically accessed location that is not reported, and the rule that spared it")
	Analyzer.Flags.Bool("allconcurrent", false, "report concurrently read locations of any type, not only counter-like integers")
	Analyzer.Flags.Bool("goroutines", false, "treat the functions that go statements start as concurrent contexts")
	Analyzer.Flags.String("baseline", "", "report only what the baseline `file` does not accept, and its stale entries (see atomiccnt -write-baseline)")
	Analyzer.Flags.Var(&confidenceFlag{tierHigh.String()}, "confidence", "the lowest confidence `tier` to report: high, or low for every report (each low one says why)")
}

func run(pass *analysis.Pass) (any, error) {
	u, err := newUnit(pass)
	if err != nil {
		return nil, err
	}
	if u.opts.baseline != "" {
		b, err := readBaseline(u.opts.baseline)
		if err != nil {
			return nil, err
		}
		u.out.baseline = b
	}
	u.reportDirectives()
	noReturn := computeNoReturns(pass)
	if needsSSA, writes := u.prescan(); !needsSSA {
		if writes {
			u.exportASTFacts(u.astWriteFacts())
		}
		return u.out.flush(), nil
	}
	prog := newProgram(pass, noReturn)
	waitLocks := u.analyseLocks(prog)
	w := newWalker(u, prog)
	accesses := w.walk()
	c := newChecker(w, accesses, waitLocks())
	summaries := c.summarize()
	for _, s := range summaries {
		c.check(s)
	}
	cr := c.checkConcurrent(summaries)
	c.reportCopies()
	c.reportContracts()
	c.reportHandoffs()
	c.exportFacts(summaries, cr.concurrentSites)
	c.exportFuncFacts(prog.ssa.srcFuncs, summaries)
	return u.out.flush(), nil
}

// reportDirectives reports the ignore directives that have no reason,
// and the comments that look like directives but are not.
func (u *unit) reportDirectives() {
	for _, cm := range u.directives.malformed {
		u.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "malformed " + ignoreDirective + " directive: missing reason",
		})
	}
	for _, cm := range u.directives.spaced {
		u.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "// " + strings.TrimPrefix(spacedDirective(cm), "//") + " is not a directive, so it has no effect: remove the space after //",
		})
	}
}

// analyseLocks starts the lock analysis of prog and returns a function
// that waits for its result. The analysis reads only the SSA form, and
// the walk of the accesses needs its result only once it is done, so
// the two run in parallel: in the runtime, whose pass every other
// package's waits for, that is a fifth of the pass. A panic in the
// analysis is raised again in the caller's goroutine, where the driver
// (gopls, say) recovers it.
func (u *unit) analyseLocks(prog *program) func() *locks.Analysis {
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
		done <- result{la: locks.New(prog.funcs, prog.graph, func(l loc.Location, addr ssa.Value) string {
			return u.varName(l.Var, addr)
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
