package atomiccnt

import (
	"flag"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// boolFlag returns the current value of the analyzer's boolean flag name.
func boolFlag(a *analysis.Analyzer, name string) bool {
	return a.Flags.Lookup(name).Value.(flag.Getter).Get().(bool)
}

// stringFlag returns the current value of the analyzer's flag name,
// or "" if a driver has left the flag out (golangci-lint's plugin
// leaves out -baseline).
func stringFlag(a *analysis.Analyzer, name string) string {
	if f := a.Flags.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// options are the analyzer's flags, read once per pass.
type options struct {
	reads, explain, allConcurrent, goroutines bool
	baseline                                  string // the file -baseline names
}

func readOptions(a *analysis.Analyzer) options {
	return options{
		reads:         boolFlag(a, "reads"),
		explain:       boolFlag(a, "explain"),
		allConcurrent: boolFlag(a, "allconcurrent"),
		goroutines:    boolFlag(a, "goroutines"),
		baseline:      stringFlag(a, "baseline"),
	}
}

// A checker holds the state of one pass: the package, what the walk
// records, and the analyses the rules consult, each a type of its own
// concern.
type checker struct {
	pass       *analysis.Pass
	opts       options
	files      *syntax.Files
	out        *reporter
	directives *directives
	imported   *importedFacts
	// ssa is the package's SSA form, built only if prescan asks for it,
	// and funcs its functions with bodies, the package initialiser and
	// its literals included.
	ssa   *ssaPackage
	funcs []*ssa.Function

	// What the walk records.
	accesses []*access
	copies   *structCopies

	// The analyses.
	locks      *locks.Analysis
	esc        *own.Analysis
	containers *containers
	// paramUses summarises the accesses each function of the package
	// makes through its pointer parameters (wrapper.go).
	paramUses map[*ssa.Function][]paramUse
	tests     *testFuncs
	// graph is the package's static call graph, built once with the
	// SSA form.
	graph   *calls.Graph
	crashes crashPaths
	// withoutP holds the functions that may run while the world is
	// stopped, and unstopped the locations they access (withoutp.go).
	withoutP  withoutP
	unstopped map[loc.Location]bool
	// The concurrent-context rule's marks and contexts (concurrent.go).
	marks       *concurrentMarks
	concurrency *concurrency

	fixer *fixer // see suggest.go
}

func newChecker(pass *analysis.Pass) *checker {
	files := syntax.NewFiles(pass.Files)
	return &checker{
		pass:       pass,
		opts:       readOptions(pass.Analyzer),
		files:      files,
		out:        &reporter{pass: pass, files: files},
		directives: collectDirectives(pass.Fset, pass.Files),
		imported:   &importedFacts{pass: pass, ids: make(map[loc.Location]string), atomic: make(map[*types.Var]bool)},
		copies:     &structCopies{locking: make(map[types.Type]bool)},
		tests:      newTestFuncs(pass.Fset),
		crashes:    make(crashPaths),
		marks:      collectConcurrentMarks(pass.Files),
	}
}
