package atomiccnt

import (
	_ "embed"
	"flag"
	"fmt"

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
	FactTypes: []analysis.Fact{new(facts.Var), new(facts.Package)},
	Run:       run,
}

// The analyzer's flags. Their values live in the flag set and are read
// once per pass, in run; no package variable holds them.
func init() {
	Analyzer.Flags.Bool("reads", true, "report non-atomic reads of atomically accessed locations, not only writes")
}

// boolFlag returns the current value of the analyzer's boolean flag name.
func boolFlag(a *analysis.Analyzer, name string) bool {
	return a.Flags.Lookup(name).Value.(flag.Getter).Get().(bool)
}

// A checker holds the state of one pass.
type checker struct {
	pass       *analysis.Pass
	reads      bool
	directives *directives
	imported   *importedFacts
	accesses   []*access
	// escapes caches the escape analysis of allocations, on demand.
	escapes     map[ssa.Value]*escapeInfo
	diagnostics []analysis.Diagnostic
	fixState    *fixState // see fix.go
}

func run(pass *analysis.Pass) (any, error) {
	ssainput, ok := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	if !ok {
		return nil, fmt.Errorf("atomiccnt: buildssa result missing")
	}
	c := &checker{
		pass:       pass,
		reads:      boolFlag(pass.Analyzer, "reads"),
		directives: collectDirectives(pass.Fset, pass.Files),
		imported:   &importedFacts{pass: pass},
		escapes:    make(map[ssa.Value]*escapeInfo),
	}
	for _, cm := range c.directives.malformed {
		c.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: categoryDirective,
			Message:  "malformed " + ignoreDirective + " directive: missing reason",
		})
	}
	for _, fn := range ssainput.SrcFuncs {
		c.walkFunc(fn)
	}
	// Package-level variable initialisers live in the synthetic init
	// function, which SrcFuncs omits: its own accesses are
	// initialisation, but function literals it creates may run later.
	if init := ssainput.Pkg.Func("init"); init != nil {
		c.walkAnonFuncs(init)
	}
	summaries := c.summarize()
	for _, s := range summaries {
		c.check(s)
	}
	c.exportFacts(summaries)
	c.flush()
	return nil, nil
}

// walkAnonFuncs walks the function literals nested in fn.
func (c *checker) walkAnonFuncs(fn *ssa.Function) {
	for _, anon := range fn.AnonFuncs {
		c.walkFunc(anon)
		c.walkAnonFuncs(anon)
	}
}
